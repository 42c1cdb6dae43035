/*
 * drover-spawner's answers: Node IPC JSON lines on the channel to the
 * supervisor (see spawner.c for the protocol).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "spawner.h"

/* The channel to the supervisor; -1 while a keeper has none (see spawner-keep.c). */
int ipc_fd = -1;

/* Puts count (at most MAX_RIGHTS) file descriptors on msg as one SCM_RIGHTS message, in control's buffer. */
void attach_rights(struct msghdr *msg, struct rights *control, const int *fds, size_t count) {
  memset(control, 0, sizeof *control);
  msg->msg_control = control->buf;
  msg->msg_controllen = CMSG_SPACE(count * sizeof(int));
  struct cmsghdr *cmsg = CMSG_FIRSTHDR(msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(count * sizeof(int));
  memcpy(CMSG_DATA(cmsg), fds, count * sizeof(int));
}

/* Writes one IPC message, optionally carrying a file descriptor; dropped while no supervisor is attached. */
void send_message(const char *json, int fd) {
  if (ipc_fd < 0) return;
  size_t len = strlen(json);
  struct iovec iov = {.iov_base = (void *)json, .iov_len = len};
  struct rights control;
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
  if (fd >= 0) attach_rights(&msg, &control, &fd, 1);
  while (iov.iov_len > 0) {
    ssize_t n = sendmsg(ipc_fd, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        struct pollfd p = {.fd = ipc_fd, .events = POLLOUT};
        poll(&p, 1, -1);
        continue;
      }
      supervisor_gone();
      return;
    }
    iov.iov_base = (char *)iov.iov_base + n;
    iov.iov_len -= (size_t)n;
    msg.msg_control = NULL; /* the fd went with the first bytes */
    msg.msg_controllen = 0;
  }
}

/* fd as a NODE_HANDLE message whose "msg" is the JSON object `body` (at most a few hundred bytes). */
void send_handle_message(const char *body, int fd) {
  char json[512];
  snprintf(json, sizeof json, "{\"cmd\":\"NODE_HANDLE\",\"type\":\"net.Native\",\"msg\":%s}\n", body);
  send_message(json, fd);
}

/* One read end of a numbered output pair, as a NODE_HANDLE message ({"t":"stdout","pair":..}). */
void send_handle(unsigned long pair, const char *stream, int fd) {
  char body[64];
  snprintf(body, sizeof body, "{\"t\":\"%s\",\"pair\":%lu}", stream, pair);
  send_handle_message(body, fd);
}

/* The array `items` (of *capacity elements of `size` bytes), with room for one more after `count`. */
void *grow_array(void *items, size_t *capacity, size_t count, size_t size) {
  if (count < *capacity) return items;
  *capacity = *capacity ? *capacity * 2 : 16;
  items = realloc(items, *capacity * size);
  if (!items) die("realloc");
  return items;
}

/* The start of a child's "exit" message, without its closing brace: its length. */
int format_exit(char *json, size_t size, pid_t pid, int status) {
  if (WIFSIGNALED(status)) return snprintf(json, size, "{\"t\":\"exit\",\"pid\":%d,\"code\":null,\"signal\":%d", (int)pid, WTERMSIG(status));
  return snprintf(json, size, "{\"t\":\"exit\",\"pid\":%d,\"code\":%d,\"signal\":null", (int)pid, WEXITSTATUS(status));
}
