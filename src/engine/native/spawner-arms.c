/*
 * drover-spawner's armed respawns (see spawner.c for the protocol).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "spawner.h"

/*
 * Armed respawns. A RUNNING child whose program restarts it at once on an exit
 * is armed by the supervisor with its complete spawn request: when it is
 * reaped, the helper decides by the armed policy and starts the replacement
 * itself. That saves
 * a round trip through the supervisor (its wake-up, its state machine, a new
 * request) on the path from a crash to RUNNING. The exit goes out first,
 * naming the respawn's id, and its "spawned" (or "error") follows: the
 * supervisor handles the exit while the kernel creates the replacement.
 *
 * Frame: "A", pid, id, autorestart ("always" or "unexpected"), killasgroup
 * ("0"/"1"), exitcodes ("0,2"), then the spawn fields. "D", pid, group
 * ("0"/"1"), signals...: disarm, then send those signals (to the group when
 * asked): a stop sent this way can never meet a respawn of the child it stops.
 */
static struct arm *arms = NULL;
static size_t arm_count = 0, arm_capacity = 0;

struct arm *find_arm(pid_t pid) {
  for (size_t i = 0; i < arm_count; i++)
    if (arms[i].pid == pid) return &arms[i];
  return NULL;
}

void drop_arm(struct arm *arm) {
  free(arm->frame);
  free(arm->fields);
  *arm = arms[--arm_count];
}

/* No supervisor to hear of a replacement: a keeper left alone restarts nothing (see spawner-keep.c). */
void drop_all_arms(void) {
  while (arm_count > 0) drop_arm(&arms[arm_count - 1]);
}

void handle_arm(const char *frame, uint32_t len) {
  char *copy = malloc(len);
  if (!copy) die("malloc");
  memcpy(copy, frame, len);
  size_t count;
  char **fields = split_fields(copy, len, &count);
  pid_t pid = count >= 6 ? (pid_t)strtol(fields[1], NULL, 10) : 0;
  if (pid <= 0) {
    free(fields);
    free(copy);
    return;
  }
  struct arm *previous = find_arm(pid);
  if (previous) drop_arm(previous);
  arms = grow_array(arms, &arm_capacity, arm_count, sizeof *arms);
  arms[arm_count++] = (struct arm){.pid = pid, .frame = copy, .fields = fields, .count = count};
}

void handle_disarm(char **fields, size_t count) {
  if (count < 3) return;
  pid_t pid = (pid_t)strtol(fields[1], NULL, 10);
  if (pid <= 0) return;
  struct arm *arm = find_arm(pid);
  if (arm) drop_arm(arm);
  pid_t target = strcmp(fields[2], "1") == 0 ? -pid : pid;
  for (size_t i = 3; i < count; i++) {
    int signal_number = atoi(fields[i]);
    if (signal_number > 0 && kill(target, signal_number) < 0) break; /* gone: nothing more to tell it */
  }
}

/* Whether the armed policy restarts on this end: a death by signal is never an expected exit. */
int should_respawn(const struct arm *arm, int status) {
  if (WIFSIGNALED(status) || strcmp(arm->fields[3], "always") == 0) return 1;
  int code = WEXITSTATUS(status);
  for (const char *p = arm->fields[5]; *p;) {
    char *end;
    long listed = strtol(p, &end, 10);
    if (end == p) break;
    if (listed == code) return 0;
    p = *end == ',' ? end + 1 : end;
  }
  return 1;
}

