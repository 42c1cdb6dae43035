/*
 * drover-spawner's requests: frames read from stdin (see spawner.c for the
 * protocol), each handed to what acts on its kind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include "spawner.h"

/* Reads exactly len bytes: 1, or 0 at EOF, or -1 on an error. */
static int read_full(int fd, void *buf, size_t len) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = read(fd, (char *)buf + got, len - got);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    got += (size_t)n;
  }
  return 1;
}

/* "S", id, then the spawn fields. */
static void handle_spawn(char **fields, size_t count) {
  if (count >= 2) spawn_and_answer(fields[1], fields + 2, count - 2);
}

static char *frame_buffer = NULL;
static uint32_t frame_capacity = 0;

/* Reads and acts on one frame from stdin; at EOF the supervisor is gone (see supervisor_gone). */
static void handle_next_frame(void) {
  uint32_t len;
  if (read_full(0, &len, sizeof len) <= 0) {
    supervisor_gone();
    return;
  }
  if (len > frame_capacity) {
    frame_capacity = len;
    frame_buffer = realloc(frame_buffer, frame_capacity);
    if (!frame_buffer) die("realloc");
  }
  if (read_full(0, frame_buffer, len) <= 0) {
    supervisor_gone();
    return;
  }
  if (len == 0) return;
  if (frame_buffer[0] == 'Q') {
    stop_keeping();
    return;
  }
  if (frame_buffer[0] == 'A') {
    handle_arm(frame_buffer, len);
    return;
  }
  size_t count;
  char **fields = split_fields(frame_buffer, len, &count);
  if (frame_buffer[0] == 'S') handle_spawn(fields, count);
  else if (frame_buffer[0] == 'W') handle_worker(fields, count);
  else if (frame_buffer[0] == 'D') handle_disarm(fields, count);
  free(fields);
}

/* Acts on every frame already written: a disarm the supervisor sent before a child died is read before that child's end is acted on. */
void handle_waiting_frames(void) {
  for (;;) {
    struct pollfd p = {.fd = 0, .events = POLLIN};
    if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP))) return;
    handle_next_frame();
  }
}

