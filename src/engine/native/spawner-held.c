/*
 * What a keeper holds for each child (see spawner-keep.c): a dup of the read
 * ends of its stdout and stderr sockets, so that when the supervisor dies the
 * sockets stay open. The child never gets EPIPE, and what it writes meanwhile
 * waits in the socket (up to its send buffer, then the child blocks) for the
 * next supervisor, which gets the read ends again on attach.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "spawner.h"

struct held {
  unsigned long pair;
  pid_t pid; /* 0: the spare pair, no child has it yet */
  int out, err;
  int exited; /* ended while no supervisor was attached: status is its waitpid status */
  int status;
};
static struct held *held = NULL;
static size_t held_count = 0, held_capacity = 0;

static void release(size_t i) {
  close(held[i].out);
  close(held[i].err);
  held[i] = held[--held_count];
}

void hold_pair(unsigned long pair, int out_read, int err_read) {
  if (!keeping()) return;
  int out = dup(out_read), err = out < 0 ? -1 : dup(err_read);
  if (err < 0) die("dup");
  /* A dup does not inherit FD_CLOEXEC, and children must not get these. */
  fcntl(out, F_SETFD, FD_CLOEXEC);
  fcntl(err, F_SETFD, FD_CLOEXEC);
  if (held_count == held_capacity) {
    held_capacity = held_capacity ? held_capacity * 2 : 16;
    held = realloc(held, held_capacity * sizeof *held);
    if (!held) die("realloc");
  }
  held[held_count++] = (struct held){.pair = pair, .out = out, .err = err};
}

void held_pair_taken(unsigned long pair, pid_t pid) {
  for (size_t i = 0; i < held_count; i++)
    if (held[i].pair == pair) held[i].pid = pid;
}

/* Attached, the supervisor has its own read ends and hears of the exit: the dups go. Unattached, they wait for the next one. */
void held_child_exited(pid_t pid, int status) {
  for (size_t i = 0; i < held_count; i++) {
    if (held[i].pid != pid) continue;
    if (ipc_fd >= 0) {
      release(i);
    } else {
      held[i].exited = 1;
      held[i].status = status;
    }
    return;
  }
}

void drop_spare_hold(void) {
  for (size_t i = 0; i < held_count;)
    if (held[i].pid == 0) release(i);
    else i++;
}

size_t held_children(void) {
  size_t n = 0;
  for (size_t i = 0; i < held_count; i++) n += held[i].pid != 0;
  return n;
}

/* Every held pair ({"t":"held"} after its two handles), then every exit recorded meanwhile, whose pair is then let go. */
void hand_over_held(void) {
  char json[160];
  for (size_t i = 0; i < held_count; i++) {
    if (held[i].pid == 0) continue;
    send_handle(held[i].pair, "stdout", held[i].out);
    send_handle(held[i].pair, "stderr", held[i].err);
    snprintf(json, sizeof json, "{\"t\":\"held\",\"pid\":%d,\"pair\":%lu}\n", (int)held[i].pid, held[i].pair);
    send_message(json, -1);
  }
  for (size_t i = 0; i < held_count && ipc_fd >= 0; i++) {
    if (!held[i].exited) continue;
    int length = format_exit(json, sizeof json, held[i].pid, held[i].status);
    snprintf(json + length, sizeof json - (size_t)length, "}\n");
    send_message(json, -1);
  }
  /* Only once the supervisor has them all: if it died while taking them, the next one gets them instead. */
  for (size_t i = 0; i < held_count && ipc_fd >= 0;)
    if (held[i].exited) release(i);
    else i++;
}
