/*
 * drover-spawner --attach PATH: how a new supervisor reaches a keeper
 * (spawner-keep.c). Node can receive file descriptors over a child's IPC
 * channel but cannot send its own end of one, so the supervisor starts this
 * relay as it would start a helper (stdin a pipe, NODE_CHANNEL_FD its IPC
 * channel); the relay passes both to the keeper, which then reads the frames
 * and writes the answers itself.
 *
 * The relay then stays, doing nothing, until the supervisor is gone (its stdin
 * pipe hangs up) or the keeper lets go (it closes the connection when it
 * detaches, or dies): Node destroys a ChildProcess's stdin when the child
 * exits, which would close the frames pipe under the keeper.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "spawner.h"

static int fail(const char *path, const char *what) {
  fprintf(stderr, "drover-spawner: cannot attach to %s: %s: %s\n", path, what, strerror(errno));
  return 69;
}

static int refused(const char *path) {
  fprintf(stderr, "drover-spawner: %s refused the attach (a supervisor is still attached there, or the keeper runs as another user)\n", path);
  return 69;
}

int relay_attach(const char *path, int channel) {
  struct sockaddr_un address;
  if (fill_unix_address(path, &address) < 0) return 69;
  int keeper = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (keeper < 0) return fail(path, "socket");
  if (connect(keeper, (const struct sockaddr *)&address, sizeof address) < 0) return fail(path, "connect");
  int fds[2] = {0, channel};
  char byte = 'A';
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  struct rights control;
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
  attach_rights(&msg, &control, fds, 2);
  ssize_t sent;
  while ((sent = sendmsg(keeper, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR) {
  }
  /* A keeper that refuses closes the connection at once, possibly before the fds are sent. */
  if (sent != 1) return errno == EPIPE || errno == ECONNRESET ? refused(path) : fail(path, "sendmsg");
  char ack;
  ssize_t got;
  while ((got = recv(keeper, &ack, 1, 0)) < 0 && errno == EINTR) {
  }
  if (got != 1) return refused(path);
  /* Ctrl-C or a TERM to the supervisor's process group must not end the attachment: the supervisor decides. */
  signal(SIGINT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  /* No events asked on fd 0: POLLHUP comes anyway, and the frames stay unread for the keeper. */
  struct pollfd watch[2] = {{.fd = 0, .events = 0}, {.fd = keeper, .events = POLLIN}};
  while (poll(watch, 2, -1) < 0 && errno == EINTR) {
  }
  return 0;
}
