/*
 * drover-spawner: creates processes for the supervisor with posix_spawn.
 *
 * Why it exists: Node 20's child_process forks the whole supervisor (libuv
 * uses fork() on Linux), and copying a V8 process's page tables costs several
 * milliseconds per child. glibc's posix_spawn uses clone(CLONE_VM|CLONE_VFORK),
 * whose cost does not depend on the parent's size. That halves the time to
 * start 1,000 programs and to replace a crashed one.
 *
 * Protocol. Requests arrive on stdin, one per frame: a little-endian u32
 * length, then NUL-terminated strings: "S", id, executable, cwd, umask (octal
 * or "-1"), argc, argv..., envc, env... ("A" and "D" frames arm and disarm a
 * respawn: see struct arm; "W" starts a prefork worker with listening sockets
 * and a notify socket: see spawner-workers.c; "Q" ends keep mode: see
 * spawner-keep.c). Answers go out on the Node IPC channel
 * (fd NODE_CHANNEL_FD) as Node's JSON-lines messages. Output sockets are made
 * one pair ahead: the read ends of a numbered stdout and stderr socketpair
 * travel as NODE_HANDLE messages with SCM_RIGHTS ({"t":"stdout","pair":..}),
 * and the next child gets that pair: {"t":"spawned","id":..,"pid":..,"pair":..}
 * or {"t":"error","id":..,"errno":..} (the pair then waits for the next one).
 * The next pair is made once the helper has been idle for SPARE_DELAY_MS after
 * a spawn, so replacing a crashed child is answered with one plain message:
 * two handle messages, each acknowledged by Node, cost the supervisor more
 * than the posix_spawn itself, and made at once they would compete with the
 * answer they follow. Requests that come faster make their pair on demand.
 * When a child ends, {"t":"exit","pid":..,"code":..,"signal":..}, with
 * "respawn":{"id":..} when an armed replacement is being started (its
 * "spawned" or "error" follows, as for a request with that id). At EOF on
 * stdin (the supervisor is gone) it exits without touching the children: the
 * next supervisor finds them through its state file, as it would after a
 * SIGKILL. With --keep PATH it stays instead, holding the children and their
 * output sockets until a new supervisor attaches through PATH (spawner-keep.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawner.h"

/* How long the helper waits, idle, before making the next child's output pair. */
#define SPARE_DELAY_MS 5

void die(const char *what) {
  fprintf(stderr, "drover-spawner: %s: %s\n", what, strerror(errno));
  exit(70);
}

/* The write ends of the pair the next child gets (-1: none made yet), its read ends already with the supervisor. */
static int spare_out = -1, spare_err = -1;
static unsigned long spare_pair = 0;
/* A child took the pair: make the next one at the next idle moment (once: a failure waits for a request). */
static int spare_wanted = 1;

/* What the child's end of an output socket may hold unread. A unix stream socket wakes a writer blocked
 * on a full buffer only once it has drained to a quarter (unix_writable), so with the default (~200 KB) a
 * flooding child sleeps until the supervisor has read nearly everything, and the supervisor then finds
 * the socket empty and waits in turn: both wait on each other's wake-up. With this much, the child is
 * woken while megabytes are still unread and refills before the supervisor runs dry. The kernel caps it
 * at net.core.wmem_max (and doubles it); it is only filled while the supervisor is behind. */
#define OUTPUT_SNDBUF_BYTES (4 * 1024 * 1024)

static void enlarge_send_buffer(int fd) {
  int bytes = OUTPUT_SNDBUF_BYTES;
  /* Best effort: a smaller buffer only costs throughput. */
  (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
}

/* Makes the next child's output sockets and hands their read ends over; 0, or -1 with errno. */
static int make_spare_pair(void) {
  if (spare_out >= 0) return 0;
  int out[2], err[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, out) < 0) return -1;
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, err) < 0) {
    int saved = errno;
    close(out[0]);
    close(out[1]);
    errno = saved;
    return -1;
  }
  shutdown(out[0], SHUT_WR);
  shutdown(err[0], SHUT_WR);
  enlarge_send_buffer(out[1]);
  enlarge_send_buffer(err[1]);
  spare_pair++;
  hold_pair(spare_pair, out[0], err[0]);
  send_handle(spare_pair, "stdout", out[0]);
  send_handle(spare_pair, "stderr", err[0]);
  close(out[0]);
  close(err[0]);
  spare_out = out[1];
  spare_err = err[1];
  return 0;
}

/* One frame's NUL-terminated strings; the array is malloc'd (*count of them). */
char **split_fields(char *frame, uint32_t len, size_t *count) {
  size_t n = 0;
  for (char *p = frame; p < frame + len; p += strlen(p) + 1) n++;
  char **fields = malloc((n + 1) * sizeof *fields);
  if (!fields) die("malloc");
  n = 0;
  for (char *p = frame; p < frame + len; p += strlen(p) + 1) fields[n++] = p;
  *count = n;
  return fields;
}

/* What a spawn needs, pointing into a frame: exe, cwd, umask, argc, argv..., envc, env... */
struct spawn_fields {
  const char *exe, *cwd;
  long mask;
  char **argv, **envp;
};

/* 0, or -1 when the fields do not make a request (argv and envp are then not allocated). */
static int parse_spawn(char **fields, size_t count, struct spawn_fields *out) {
  if (count < 5) return -1;
  long argc = strtol(fields[3], NULL, 10);
  if (argc < 1 || (size_t)(4 + argc + 1) > count) return -1;
  long envc = strtol(fields[4 + argc], NULL, 10);
  if (envc < 0 || (size_t)(5 + argc + envc) > count) envc = 0;
  out->exe = fields[0];
  out->cwd = fields[1];
  out->mask = strtol(fields[2], NULL, 8);
  out->argv = calloc((size_t)argc + 1, sizeof *out->argv);
  out->envp = calloc((size_t)envc + 1, sizeof *out->envp);
  if (!out->argv || !out->envp) die("calloc");
  for (long i = 0; i < argc; i++) out->argv[i] = fields[4 + i];
  for (long i = 0; i < envc; i++) out->envp[i] = fields[5 + argc + i];
  return 0;
}

/* Starts a child on the spare pair, with `inherited` at fds 3, 4, ...: its pid, or -1 with the errno in *error (the pair
 * then waits for the next one). */
static pid_t spawn_child(const struct spawn_fields *request, const int *inherited, size_t inherited_count, int *error) {
  if (make_spare_pair() < 0) {
    *error = errno;
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, spare_out, 1);
  posix_spawn_file_actions_adddup2(&actions, spare_err, 2);
  /* After 1 and 2: the pair's write ends may be at 3 or 4, which these replace. */
  int temporaries[MAX_INHERITED_FDS];
  if (place_inherited_fds(&actions, inherited, inherited_count, temporaries) < 0) {
    *error = errno;
    posix_spawn_file_actions_destroy(&actions);
    return -1;
  }
  posix_spawn_file_actions_addchdir_np(&actions, request->cwd);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  /* The child gets 0, 1, 2 and what it inherits only. The supervisor closed what it inherited at
   * startup (see cli/inherited-fds.ts) but keeps the sockets of fd://N binds,
   * which are for prefork workers and no one else. */
  posix_spawn_file_actions_addclosefrom_np(&actions, 3 + (int)inherited_count);
#endif

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty, all;
  sigemptyset(&empty);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &all);
  /* A new session: its own process group (pgid = pid) and no controlling terminal. */
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  mode_t previous = 0;
  if (request->mask >= 0) previous = umask((mode_t)request->mask);
  pid_t pid;
  int rc = posix_spawn(&pid, request->exe, &actions, &attr, request->argv, request->envp);
  if (request->mask >= 0) umask(previous);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  for (size_t i = 0; i < inherited_count; i++) close(temporaries[i]);
  if (rc != 0) {
    *error = rc;
    return -1;
  }
  close(spare_out);
  close(spare_err);
  spare_out = spare_err = -1;
  spare_wanted = 1;
  held_pair_taken(spare_pair, pid);
  return pid;
}

/* A keeper's new supervisor never got the spare pair's read ends: the next child gets a pair made for it. */
void discard_spare_pair(void) {
  drop_spare_hold();
  if (spare_out < 0) return;
  close(spare_out);
  close(spare_err);
  spare_out = spare_err = -1;
  spare_wanted = 1;
}

pid_t spawn_request(char **fields, size_t count, const int *inherited, size_t inherited_count, int *error, unsigned long *pair) {
  struct spawn_fields request;
  if (parse_spawn(fields, count, &request) < 0) {
    *error = EINVAL;
    return -1;
  }
  pid_t pid = spawn_child(&request, inherited, inherited_count, error);
  free(request.argv);
  free(request.envp);
  *pair = spare_pair;
  return pid;
}

void answer_spawn(const char *id, pid_t pid, unsigned long pair, int error) {
  char json[160];
  if (pid < 0) snprintf(json, sizeof json, "{\"t\":\"error\",\"id\":%s,\"errno\":%d}\n", id, error);
  else snprintf(json, sizeof json, "{\"t\":\"spawned\",\"id\":%s,\"pid\":%d,\"pair\":%lu}\n", id, (int)pid, pair);
  send_message(json, -1);
}

/* Starts what `fields` (the spawn fields) ask for and answers request `id` with "spawned" or "error". */
void spawn_and_answer(const char *id, char **fields, size_t count) {
  int error = 0;
  unsigned long pair = 0;
  pid_t pid = spawn_request(fields, count, NULL, 0, &error, &pair);
  answer_spawn(id, pid, pair, error);
}

static void reap_children(void) {
  for (;;) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) {
      /* A keeper alone whose last child just ended goes: every exit is recorded already. */
      leave_if_nothing_kept();
      return;
    }
    char json[256];
    int length = format_exit(json, sizeof json, pid, status);
    /* An arm or a disarm written before this child ended counts: the supervisor's order is the order acted on. */
    handle_waiting_frames();
    struct arm *arm = find_arm(pid);
    int respawn = arm && should_respawn(arm, status);
    if (respawn) {
      /* killasgroup: what the old child forked dies before the replacement starts, as the supervisor's own exit handling does. */
      if (strcmp(arm->fields[4], "1") == 0) kill(-pid, SIGKILL);
      length += snprintf(json + length, sizeof json - (size_t)length, ",\"respawn\":{\"id\":%s}", arm->fields[2]);
    }
    snprintf(json + length, sizeof json - (size_t)length, "}\n");
    send_message(json, -1);
    /* After the message: a supervisor found gone while telling it leaves the exit recorded for the next one. */
    held_child_exited(pid, status);
    /* Found again: a keeper whose supervisor turned out gone dropped every arm, and respawns for no one. */
    arm = find_arm(pid);
    if (arm && respawn) spawn_and_answer(arm->fields[2], arm->fields + 6, arm->count - 6);
    if (arm) drop_arm(arm);
  }
}

/* A keeper holds two or three fds per child beyond the helper's own. The children inherit the raised soft limit, as they
 * do from Node, which raises its own at start. */
static void raise_fd_limit(void) {
  struct rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) < 0 || limit.rlim_cur == limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  (void)setrlimit(RLIMIT_NOFILE, &limit); /* best effort: the limit only caps how many pairs a keeper holds */
}

int main(int argc, char **argv) {
  raise_fd_limit();
  const char *channel = getenv("NODE_CHANNEL_FD");
  if (!channel) {
    fprintf(stderr, "drover-spawner: run by drover only (no NODE_CHANNEL_FD)\n");
    return 64;
  }
  if (argc == 3 && strcmp(argv[1], "--attach") == 0) return relay_attach(argv[2], atoi(channel));
  if (argc == 3 && strcmp(argv[1], "--keep") == 0) keep_listen(argv[2]);
  else if (argc != 1) {
    fprintf(stderr, "drover-spawner: unknown arguments (usage: drover-spawner [--keep PATH | --attach PATH])\n");
    return 64;
  }
  ipc_fd = atoi(channel);
  fcntl(ipc_fd, F_SETFD, FD_CLOEXEC);
  fcntl(0, F_SETFD, FD_CLOEXEC);

  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) die("signalfd");
  signal(SIGPIPE, SIG_IGN);
  /* Ctrl-C, a hangup or a TERM sent to drover's process group (a terminal, an
   * SSH drop, kill -TERM -PGID) reach us too: drover decides what happens to
   * the children. We end when drover closes our stdin, even after a SIGKILL. */
  signal(SIGINT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);

  for (;;) {
    struct pollfd fds[4] = {{.fd = 0, .events = POLLIN}, {.fd = sfd, .events = POLLIN}, {.fd = ipc_fd, .events = POLLIN}, {.fd = keeper_listen_fd(), .events = POLLIN}};
    /* A keeper without a supervisor makes no pair: nobody would get its read ends. */
    int ready = poll(fds, 4, spare_wanted && ipc_fd >= 0 ? SPARE_DELAY_MS : -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    if (ready == 0) {
      /* Idle: a failure is reported by the next request, which tries again. */
      spare_wanted = 0;
      make_spare_pair();
    }
    if (fds[1].revents & POLLIN) {
      struct signalfd_siginfo info;
      while (read(sfd, &info, sizeof info) > 0) {
      }
      reap_children();
    }
    if (fds[2].revents & (POLLIN | POLLHUP)) read_channel();
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      /* Not handle_next_frame(): reaping above may already have read every frame this poll saw, and a read with none would block. */
      handle_waiting_frames();
      /* Exits that happened meanwhile are reported promptly, not after the next poll. */
      reap_children();
    }
    if (fds[3].revents & POLLIN) accept_attach();
  }
}
