/*
 * What the supervisor writes on the IPC channel (Node's JSON lines, see
 * spawner.c): NODE_HANDLE_ACKs for the handles this helper sends, which need
 * nothing, and listening sockets for a keeper to hold (spawner-sockets.c):
 *   child.send({t: 'hold', key}, server)  → {"cmd":"NODE_HANDLE",...,"msg":{"t":"hold","key":..}} and the fd
 *   child.send({t: 'release', key})       → {"t":"release","key":..}
 * Node sends the next handle only once this helper answers NODE_HANDLE_ACK.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "spawner.h"

/* Longer lines are not ours (ours are a few dozen bytes): they are skipped. */
static char line_buffer[4096];
static size_t buffered = 0;
static int skipping = 0;
/* Fds come with the first bytes of their line, and in the lines' order: each NODE_HANDLE line takes the oldest. */
#define MAX_PENDING_FDS 16
static int pending_fds[MAX_PENDING_FDS];
static size_t pending_count = 0;

static void queue_fds(struct msghdr *msg) {
  for (struct cmsghdr *cmsg = CMSG_FIRSTHDR(msg); cmsg; cmsg = CMSG_NXTHDR(msg, cmsg)) {
    if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS) continue;
    size_t count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < count; i++) {
      int fd;
      memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof fd);
      if (pending_count < MAX_PENDING_FDS) pending_fds[pending_count++] = fd;
      else close(fd);
    }
  }
}

static int take_fd(void) {
  if (pending_count == 0) return -1;
  int fd = pending_fds[0];
  memmove(pending_fds, pending_fds + 1, --pending_count * sizeof *pending_fds);
  return fd;
}

/* The string value of "name" in line, copied into out: 0, or -1 when absent, escaped or too long. */
static int string_field(const char *line, const char *name, char *out, size_t size) {
  char pattern[32];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", name);
  const char *start = strstr(line, pattern);
  if (!start) return -1;
  start += strlen(pattern);
  const char *end = strchr(start, '"');
  if (!end || memchr(start, '\\', (size_t)(end - start)) || (size_t)(end - start) >= size) return -1;
  memcpy(out, start, (size_t)(end - start));
  out[end - start] = '\0';
  return 0;
}

static void handle_line(const char *line) {
  char kind[16], key[MAX_SOCKET_KEY];
  int has_kind = string_field(line, "t", kind, sizeof kind) == 0;
  if (strstr(line, "\"cmd\":\"NODE_HANDLE\"")) {
    int fd = take_fd();
    if (has_kind && strcmp(kind, "hold") == 0 && fd >= 0 && string_field(line, "key", key, sizeof key) == 0) {
      hold_socket(key, fd);
    } else {
      fprintf(stderr, "drover-spawner: a handle without {t:'hold', key} (a key of at most %d plain characters): closed\n", MAX_SOCKET_KEY - 1);
      if (fd >= 0) close(fd);
    }
    send_message("{\"cmd\":\"NODE_HANDLE_ACK\"}\n", -1);
  } else if (has_kind && strcmp(kind, "release") == 0 && string_field(line, "key", key, sizeof key) == 0) {
    release_socket(key);
  }
}

/* Reads what the channel holds and acts on each complete line; at EOF the supervisor is gone. */
void read_channel(void) {
  union {
    char buf[CMSG_SPACE(MAX_PENDING_FDS * sizeof(int))];
    struct cmsghdr align;
  } control;
  struct iovec iov = {.iov_base = line_buffer + buffered, .iov_len = sizeof line_buffer - 1 - buffered};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
  ssize_t n = recvmsg(ipc_fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
  /* ECONNRESET: a supervisor that died with our messages unread. */
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
    supervisor_gone();
    return;
  }
  if (n < 0) return; /* poll says when there is more */
  queue_fds(&msg);
  buffered += (size_t)n;
  line_buffer[buffered] = '\0';
  char *line = line_buffer, *newline;
  while ((newline = strchr(line, '\n'))) {
    *newline = '\0';
    if (!skipping) handle_line(line);
    skipping = 0;
    line = newline + 1;
  }
  buffered = (size_t)(line_buffer + buffered - line);
  memmove(line_buffer, line, buffered);
  if (buffered == sizeof line_buffer - 1) {
    skipping = 1;
    buffered = 0;
  }
}

void read_waiting_channel(void) {
  while (ipc_fd >= 0) {
    struct pollfd p = {.fd = ipc_fd, .events = POLLIN};
    if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP))) return;
    read_channel();
  }
}

/* A new supervisor's channel starts at a line's start: what the old one left half-written is not its. */
void reset_channel(void) {
  buffered = 0;
  skipping = 0;
  while (pending_count > 0) close(take_fd());
}
