/*
 * Keep mode (drover-spawner --keep PATH): the helper outlives its supervisor.
 *
 * When the supervisor goes (EOF on stdin or on the IPC channel), a keeper does
 * not exit: it goes on reaping, records each exit with the child's held output
 * sockets (spawner-held.c), drops every armed respawn (restart policy is the
 * supervisor's, and none is there to hear of a replacement), and waits on the
 * unix socket at PATH for the next supervisor. That one runs
 * `drover-spawner --attach PATH` (spawner-relay.c), which sends its stdin and
 * its NODE_CHANNEL_FD here in one SCM_RIGHTS message: they become this
 * helper's frames and channel, so the new supervisor speaks to the keeper as
 * it would to a helper it started. Only a peer of the keeper's own uid
 * (SO_PEERCRED) attaches, and only while no supervisor is attached. Listening
 * sockets it holds (spawner-sockets.c) go back to each new supervisor too,
 * and a worker's notify socket with its output pair ({"t":"notify","pair":..}
 * before that child's "held"). A keeper left unattached with no running child
 * and no listening socket has nothing to keep: it removes PATH and exits 0, at
 * once or when its last child ends (the next supervisor learns of those ends
 * from its state journal). A "Q" frame (no fields) ends keep mode for
 * good: for `ctl shutdown`, whose programs must not wait for anyone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawner.h"

static int listen_fd = -1;
static const char *listen_path = NULL;
/* A pipe nobody writes: fd 0 while unattached, so nothing polling or reading frames ever finds one. */
static int idle_frames = -1;
/* The connection from the attached supervisor's relay, closed when it detaches so the relay exits. */
static int relay_conn = -1;
/* How long an accepted peer may take to send its fds: a keeper does not reap while it waits. */
#define ATTACH_TIMEOUT_MS 1000

int keeping(void) { return listen_fd >= 0; }
int keeper_listen_fd(void) { return listen_fd; }

int fill_unix_address(const char *path, struct sockaddr_un *address) {
  memset(address, 0, sizeof *address);
  address->sun_family = AF_UNIX;
  if (strlen(path) >= sizeof address->sun_path) {
    fprintf(stderr, "drover-spawner: %s: the socket path is longer than %zu bytes\n", path, sizeof address->sun_path - 1);
    return -1;
  }
  strcpy(address->sun_path, path);
  return 0;
}

/* A socket file left by a keeper that died is removed; one that answers belongs to a live keeper, which is not ours to replace. */
static void clear_stale_socket(const char *path, const struct sockaddr_un *address) {
  int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (probe < 0) die("socket");
  if (connect(probe, (const struct sockaddr *)address, sizeof *address) == 0) {
    fprintf(stderr, "drover-spawner: %s: another keeper already answers there\n", path);
    exit(69);
  }
  if (errno == ECONNREFUSED) unlink(path);
  close(probe);
}

void keep_listen(const char *path) {
  struct sockaddr_un address;
  if (fill_unix_address(path, &address) < 0) exit(64);
  clear_stale_socket(path, &address);
  listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (listen_fd < 0) die("socket");
  /* Made 0600 from the start: no moment where another user could connect (the peer's uid is checked as well). */
  mode_t previous = umask(0177);
  int bound = bind(listen_fd, (const struct sockaddr *)&address, sizeof address);
  umask(previous);
  if (bound < 0 || chmod(path, 0600) < 0 || listen(listen_fd, 4) < 0) {
    fprintf(stderr, "drover-spawner: %s: cannot listen: %s\n", path, strerror(errno));
    exit(69);
  }
  listen_path = path;
  int idle[2];
  if (pipe2(idle, O_CLOEXEC) < 0) die("pipe2");
  idle_frames = idle[0]; /* idle[1] stays open, unused, so the pipe never reports EOF */
}

/* The "Q" frame (ctl shutdown, or keeping turned off): from now on the helper ends with its supervisor, as without --keep. */
void stop_keeping(void) {
  if (!keeping()) return;
  unlink(listen_path);
  close(listen_fd);
  listen_fd = -1;
  release_all_held();
  release_all_sockets();
}

void supervisor_gone(void) {
  if (!keeping()) exit(0);
  if (ipc_fd < 0) return;
  close(ipc_fd);
  ipc_fd = -1;
  close(relay_conn);
  relay_conn = -1;
  dup2(idle_frames, 0);
  fcntl(0, F_SETFD, FD_CLOEXEC);
  drop_all_arms();
  held_exits_unheard();
  leave_if_nothing_kept();
}

/* Any child not yet reaped, running or just ended (WNOWAIT: one that ended stays for reap_children to tell of). */
static int has_children(void) {
  siginfo_t info;
  return waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == 0;
}

void leave_if_nothing_kept(void) {
  if (!keeping() || ipc_fd >= 0 || held_sockets() > 0 || has_children()) return;
  unlink(listen_path);
  exit(0);
}

/* The peer's stdin and IPC channel, sent together: 0, or -1 when it sent anything else. */
static int receive_fds(int conn, int fds[2]) {
  struct pollfd p = {.fd = conn, .events = POLLIN};
  if (poll(&p, 1, ATTACH_TIMEOUT_MS) <= 0) return -1;
  char byte;
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  union {
    char buf[CMSG_SPACE(2 * sizeof(int))];
    struct cmsghdr align;
  } control;
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
  if (recvmsg(conn, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT) != 1) return -1;
  struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
  if (!cmsg || cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS) return -1;
  size_t count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
  int received[2] = {-1, -1};
  memcpy(received, CMSG_DATA(cmsg), (count < 2 ? count : 2) * sizeof(int));
  if (count != 2 || (msg.msg_flags & MSG_CTRUNC)) {
    for (size_t i = 0; i < count && i < 2; i++) close(received[i]);
    return -1;
  }
  fds[0] = received[0];
  fds[1] = received[1];
  return 0;
}

/* Whether the connection may attach: the keeper's own user, and no supervisor attached. */
static int may_attach(int conn) {
  struct ucred peer;
  socklen_t length = sizeof peer;
  if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &peer, &length) < 0 || peer.uid != getuid()) return 0;
  /* A supervisor that just died may have left its EOF unread: act on it before refusing. */
  if (ipc_fd >= 0) handle_waiting_frames();
  return ipc_fd < 0;
}

void accept_attach(void) {
  int conn = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
  if (conn < 0) return;
  int fds[2];
  if (!may_attach(conn) || receive_fds(conn, fds) < 0) {
    close(conn); /* the relay reads EOF instead of its ack */
    return;
  }
  dup2(fds[0], 0);
  fcntl(0, F_SETFD, FD_CLOEXEC);
  close(fds[0]);
  ipc_fd = fds[1];
  reset_channel();
  char ack = 1;
  (void)send(conn, &ack, 1, MSG_NOSIGNAL);
  relay_conn = conn;
  discard_spare_pair();
  char json[96];
  snprintf(json, sizeof json, "{\"t\":\"attached\",\"pid\":%d}\n", (int)getpid());
  send_message(json, -1);
  size_t children = hand_over_held();
  hand_over_sockets();
  /* The counts: Node delivers the handles a few ticks after plain messages, so the supervisor waits until it has them all. */
  snprintf(json, sizeof json, "{\"t\":\"adopted\",\"children\":%zu,\"sockets\":%zu}\n", children, held_sockets());
  send_message(json, -1);
}
