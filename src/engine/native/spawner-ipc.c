/*
 * drover-spawner's answers: Node IPC JSON lines on the channel to the
 * supervisor (see spawner.c for the protocol).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "spawner.h"

/* The channel to the supervisor; -1 while a keeper has none (see spawner-keep.c). */
int ipc_fd = -1;

/* Writes one IPC message, optionally carrying a file descriptor; dropped while no supervisor is attached. */
void send_message(const char *json, int fd) {
  if (ipc_fd < 0) return;
  size_t len = strlen(json);
  struct iovec iov = {.iov_base = (void *)json, .iov_len = len};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
  if (fd >= 0) {
    memset(&control, 0, sizeof control);
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
  }
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

/* One read end of a numbered output pair, as a NODE_HANDLE message ({"t":"stdout","pair":..}). */
void send_handle(unsigned long pair, const char *stream, int fd) {
  char json[256];
  snprintf(json, sizeof json, "{\"cmd\":\"NODE_HANDLE\",\"type\":\"net.Native\",\"msg\":{\"t\":\"%s\",\"pair\":%lu}}\n", stream, pair);
  send_message(json, fd);
}

/* The start of a child's "exit" message, without its closing brace: its length. */
int format_exit(char *json, size_t size, pid_t pid, int status) {
  if (WIFSIGNALED(status)) return snprintf(json, size, "{\"t\":\"exit\",\"pid\":%d,\"code\":null,\"signal\":%d", (int)pid, WTERMSIG(status));
  return snprintf(json, size, "{\"t\":\"exit\",\"pid\":%d,\"code\":%d,\"signal\":null", (int)pid, WEXITSTATUS(status));
}
