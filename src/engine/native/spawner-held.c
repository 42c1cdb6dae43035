/*
 * What a keeper holds for each child (see spawner-keep.c): a dup of the read
 * ends of its stdout and stderr sockets, and of a worker's notify socket
 * (spawner-workers.c), so that when the supervisor dies the sockets stay
 * open. The child never gets EPIPE, and what it writes meanwhile waits in the
 * socket (up to its send buffer, then the child blocks) for the
 * next supervisor, which gets the read ends again on attach. An ended child's
 * pair is kept until a supervisor has read it to the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "spawner.h"

struct held {
  unsigned long pair;
  pid_t pid; /* 0: the spare pair, no child has it yet */
  int out, err;
  int notify; /* -1: not a worker with a notify socket */
  int exited; /* ended: status is its waitpid status */
  int status;
  int reported; /* its exit went to the supervisor attached then, which had not read all its output */
};
static struct held *held = NULL;
static size_t held_count = 0, held_capacity = 0;

static void release(size_t i) {
  close(held[i].out);
  close(held[i].err);
  if (held[i].notify >= 0) close(held[i].notify);
  held[i] = held[--held_count];
}

/* Out of fds (past the limit raised at start): the pair goes unheld, and its child gets EPIPE after a supervisor's death,
 * as without --keep. Said once: a keeper at its limit would otherwise say it for every child. */
static void say_not_held(unsigned long pair) {
  static int said = 0;
  if (said) return;
  said = 1;
  fprintf(stderr, "drover-spawner: cannot hold pair %lu (and maybe later ones) for the next supervisor: dup: %s\n", pair, strerror(errno));
}

void hold_pair(unsigned long pair, int out_read, int err_read) {
  if (!keeping()) return;
  /* Close-on-exec: children must not get these. */
  int out = fcntl(out_read, F_DUPFD_CLOEXEC, 0), err = out < 0 ? -1 : fcntl(err_read, F_DUPFD_CLOEXEC, 0);
  if (err < 0) {
    say_not_held(pair);
    if (out >= 0) close(out);
    return;
  }
  held = grow_array(held, &held_capacity, held_count, sizeof *held);
  held[held_count++] = (struct held){.pair = pair, .out = out, .err = err, .notify = -1};
}

void hold_notify(unsigned long pair, int notify_read) {
  for (size_t i = 0; i < held_count; i++) {
    if (held[i].pair != pair) continue;
    held[i].notify = fcntl(notify_read, F_DUPFD_CLOEXEC, 0);
    if (held[i].notify < 0) say_not_held(pair);
    return;
  }
}

void held_pair_taken(unsigned long pair, pid_t pid) {
  for (size_t i = 0; i < held_count; i++)
    if (held[i].pair == pair) held[i].pid = pid;
}

static int unread(const struct held *entry) {
  int out = 0, err = 0, notify = 0;
  return (ioctl(entry->out, FIONREAD, &out) == 0 && out > 0) || (ioctl(entry->err, FIONREAD, &err) == 0 && err > 0) ||
         (entry->notify >= 0 && ioctl(entry->notify, FIONREAD, &notify) == 0 && notify > 0);
}

/* Ended children whose output the attached supervisor has read to the end: nothing of theirs is left to keep. */
static void release_drained(void) {
  for (size_t i = 0; i < held_count;)
    if (held[i].reported && !unread(&held[i])) release(i);
    else i++;
}

/* Unattached, a child's pair and exit wait for the next supervisor. Attached, the supervisor has its own read ends and
 * is told of the exit: the dups go once it has read the output to the end (it may die before, and it is not told
 * twice while it lives). */
void held_child_exited(pid_t pid, int status) {
  for (size_t i = 0; i < held_count; i++) {
    if (held[i].pid != pid) continue;
    held[i].exited = 1;
    held[i].status = status;
    held[i].reported = ipc_fd >= 0;
    break;
  }
  release_drained();
}

/* A supervisor that died before reading an ended child's output to the end may not have heard of its end either: the
 * next one gets the pair and the exit again (a supervisor ignores the exit of a pid it no longer runs). */
void held_exits_unheard(void) {
  release_drained();
  for (size_t i = 0; i < held_count; i++) held[i].reported = 0;
}

void release_all_held(void) {
  while (held_count > 0) release(held_count - 1);
}

void drop_spare_hold(void) {
  for (size_t i = 0; i < held_count;)
    if (held[i].pid == 0) release(i);
    else i++;
}

/* Every held pair ({"t":"held"} after its two handles, three for a worker with notify), then every exit not yet heard; an ended child's pair goes once read to the end. */
size_t hand_over_held(void) {
  char json[160];
  size_t children = 0;
  for (size_t i = 0; i < held_count; i++) {
    if (held[i].pid == 0) continue;
    children++;
    send_handle(held[i].pair, "stdout", held[i].out);
    send_handle(held[i].pair, "stderr", held[i].err);
    if (held[i].notify >= 0) send_handle(held[i].pair, "notify", held[i].notify);
    snprintf(json, sizeof json, "{\"t\":\"held\",\"pid\":%d,\"pair\":%lu,\"notify\":%d}\n", (int)held[i].pid, held[i].pair, held[i].notify >= 0);
    send_message(json, -1);
  }
  for (size_t i = 0; i < held_count && ipc_fd >= 0; i++) {
    if (!held[i].exited) continue;
    int length = format_exit(json, sizeof json, held[i].pid, held[i].status);
    snprintf(json + length, sizeof json - (size_t)length, "}\n");
    send_message(json, -1);
  }
  /* Only once the supervisor has them all (if it died while taking them, the next one gets them instead), and, as for
   * an exit while attached, once it has read their output to the end. */
  for (size_t i = 0; i < held_count && ipc_fd >= 0; i++) held[i].reported = held[i].exited;
  release_drained();
  return children;
}
