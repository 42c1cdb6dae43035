/*
 * What drover-spawner's source files share: spawner.c (the main loop,
 * spawning), spawner-ipc.c (the IPC channel), spawner-frames.c (reading
 * requests), spawner-workers.c (prefork workers), spawner-arms.c (armed respawns), spawner-keep.c (keep mode),
 * spawner-held.c (what a keeper holds) and spawner-relay.c (--attach).
 */
#ifndef DROVER_SPAWNER_H
#define DROVER_SPAWNER_H

#include <spawn.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

/* Reports a fatal error on stderr and exits. */
void die(const char *what);
/* The array items (of *capacity elements of size bytes), grown when count fills it; dies when memory is out. */
void *grow_array(void *items, size_t *capacity, size_t count, size_t size);
/* The most file descriptors one message of ours carries (a relay's stdin and channel). */
#define MAX_RIGHTS 2
struct rights {
  union {
    char buf[CMSG_SPACE(MAX_RIGHTS * sizeof(int))];
    struct cmsghdr align;
  };
};
/* Puts count (at most MAX_RIGHTS) file descriptors on msg as one SCM_RIGHTS message, in control's buffer. */
void attach_rights(struct msghdr *msg, struct rights *control, const int *fds, size_t count);
/* The channel to the supervisor; -1 while a keeper has none. */
extern int ipc_fd;
/* Writes one IPC message, optionally carrying a file descriptor (-1: none); dropped while no supervisor is attached. */
void send_message(const char *json, int fd);
/* fd as a NODE_HANDLE message whose "msg" is the JSON object body. */
void send_handle_message(const char *body, int fd);
/* One read end of output pair `pair` as a NODE_HANDLE message; stream is "stdout" or "stderr". */
void send_handle(unsigned long pair, const char *stream, int fd);
/* The start of a child's "exit" message, without its closing brace: its length. */
int format_exit(char *json, size_t size, pid_t pid, int status);
/* One frame's NUL-terminated strings; the array is malloc'd (*count of them). */
char **split_fields(char *frame, uint32_t len, size_t *count);
/* Starts what `fields` (the spawn fields) ask for and answers request `id` with "spawned" or "error". */
void spawn_and_answer(const char *id, char **fields, size_t count);
/* The most fds a child inherits beyond 0-2 (a worker's listening sockets and notify socket). */
#define MAX_INHERITED_FDS 32
/* Starts what the spawn fields ask for, with `inherited` at fds 3, 4, ...: its pid and *pair, or -1 with the errno in *error. */
pid_t spawn_request(char **fields, size_t count, const int *inherited, size_t inherited_count, int *error, unsigned long *pair);
/* Answers request `id`: "spawned" with pid and pair, or (pid -1) "error" with error. */
void answer_spawn(const char *id, pid_t pid, unsigned long pair, int error);
/* Adds the actions that put fds[i] at 3 + i, through close-on-exec copies (temporaries, to close after the spawn): 0, or -1 with errno. */
int place_inherited_fds(posix_spawn_file_actions_t *actions, const int *fds, size_t count, int *temporaries);
/* The "W" frame: a prefork worker (spawner-workers.c). */
void handle_worker(char **fields, size_t count);

/* A RUNNING child's armed respawn: fields of the "A" frame (see spawner-arms.c). */
struct arm {
  pid_t pid;
  char *frame; /* a copy of the "A" frame, which the fields below point into */
  char **fields;
  size_t count;
};
struct arm *find_arm(pid_t pid);
void drop_arm(struct arm *arm);
void drop_all_arms(void);
void handle_arm(const char *frame, uint32_t len);
void handle_disarm(char **fields, size_t count);
/* Whether the armed policy restarts on this end (a waitpid status). */
int should_respawn(const struct arm *arm, int status);

/* Acts on every frame already written, without waiting for more. */
void handle_waiting_frames(void);

/* Closes the spare pair's write ends and forgets its held read ends: a new supervisor never got them. */
void discard_spare_pair(void);

/* Keep mode (spawner-keep.c): whether on, its listening socket (-1: off). */
int keeping(void);
int keeper_listen_fd(void);
/* Listens at path for the next supervisor; exits 69 when a keeper answers there already. */
void keep_listen(const char *path);
/* Ends keep mode: PATH removed, everything held let go ("Q" frame). */
void stop_keeping(void);
/* EOF or an error on the supervisor's stdin or channel: exits, or in keep mode waits for the next supervisor. */
void supervisor_gone(void);
/* A keeper without a supervisor, child or listening socket has nothing to keep: it removes PATH and exits 0. */
void leave_if_nothing_kept(void);
/* A connection on the keeper's socket: attaches the peer when allowed, else closes it. */
void accept_attach(void);
struct sockaddr_un;
/* Fills a unix socket address: 0, or -1 (said on stderr) when path is too long. */
int fill_unix_address(const char *path, struct sockaddr_un *address);

/* What a keeper holds (spawner-held.c): the read ends of each pair it hands out, with the pid that took it. */
void hold_pair(unsigned long pair, int out_read, int err_read);
/* The read end of a worker's notify socket, held with its pair (if that pair is held). */
void hold_notify(unsigned long pair, int notify_read);
void held_pair_taken(unsigned long pair, pid_t pid);
void held_child_exited(pid_t pid, int status);
/* At a supervisor's death: exits it was told of but whose output it had not read to the end are told again. */
void held_exits_unheard(void);
void drop_spare_hold(void);
void release_all_held(void);
/* Sends every held pair, then every exit recorded while unattached (see spawner-keep.c). */
size_t hand_over_held(void);

/* The supervisor's IPC input (spawner-channel.c); reset when a new supervisor attaches. */
void read_channel(void);
/* Acts on what the channel already holds, without waiting for more. */
void read_waiting_channel(void);
void reset_channel(void);
/* Listening sockets a keeper holds by key (spawner-sockets.c). */
#define MAX_SOCKET_KEY 128
void hold_socket(const char *key, int fd);
/* The socket held as key, or -1. */
int held_socket_fd(const char *key);
void release_socket(const char *key);
void release_all_sockets(void);
size_t held_sockets(void);
void hand_over_sockets(void);

/* --attach PATH (spawner-relay.c): passes fd 0 and channel to the keeper at path, waits while attached; the exit status. */
int relay_attach(const char *path, int channel);

#endif
