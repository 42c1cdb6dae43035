/*
 * respawn-floor: the machine's floor for crash -> RUNNING, measured the way
 * the bench measures a supervisor.
 *
 * The smallest supervisor there is: it posix_spawns `sleep 86400` in its own
 * process group with two fresh pipes (as spawn-floor.c does), writes
 * "RUNNING <pid>\n" to stdout, and blocks in waitpid() until that child dies;
 * then it spawns the next one at once and writes its line. No event loop, no
 * restart policy, no log files, no state: what is left is the kernel's
 * SIGKILL -> exit -> reap, one posix_spawn and one write to a pipe, which any
 * supervisor pays for a crash. The bench kills the child and times the next
 * line (bench/lib/c-floor.mjs cRespawnFloorMs), exactly as it times drover's
 * and supervisord's RUNNING lines.
 *
 * SIGTERM (or the bench's stdin closing) ends it: it kills the current child's
 * group, reaps it and exits 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static volatile sig_atomic_t stopping = 0;

static void on_term(int sig) {
  (void)sig;
  stopping = 1;
}

static pid_t spawn_sleep(posix_spawnattr_t *attr, int ends[2]) {
  int out[2], errp[2];
  if (pipe2(out, O_CLOEXEC) < 0) return -1;
  if (pipe2(errp, O_CLOEXEC) < 0) {
    close(out[0]);
    close(out[1]);
    return -1;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
  char *child_argv[] = {"sleep", "86400", NULL};
  pid_t pid = -1;
  int err = posix_spawnp(&pid, "sleep", &fa, attr, child_argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  close(errp[1]);
  if (err != 0) {
    close(out[0]);
    close(errp[0]);
    errno = err;
    return -1;
  }
  // A supervisor keeps the read ends while the child lives.
  ends[0] = out[0];
  ends[1] = errp[0];
  return pid;
}

static int say_running(pid_t pid) {
  char line[32];
  int n = snprintf(line, sizeof line, "RUNNING %d\n", (int)pid);
  return write(1, line, (size_t)n) == n ? 0 : -1;
}

int main(void) {
  // No SA_RESTART: SIGTERM must interrupt the blocking waitpid().
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);

  int ends[2] = {-1, -1};
  pid_t child = spawn_sleep(&attr, ends);
  if (child < 0) {
    fprintf(stderr, "respawn-floor: spawning sleep failed: %s\n", strerror(errno));
    return 1;
  }
  if (say_running(child) < 0) stopping = 1;
  while (!stopping) {
    int status;
    pid_t gone = waitpid(child, &status, 0);
    if (gone < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "respawn-floor: waitpid: %s\n", strerror(errno));
      return 1;
    }
    close(ends[0]);
    close(ends[1]);
    child = spawn_sleep(&attr, ends);
    if (child < 0) {
      fprintf(stderr, "respawn-floor: respawning sleep failed: %s\n", strerror(errno));
      return 1;
    }
    // The bench has gone (its pipe is closed): stop as on SIGTERM.
    if (say_running(child) < 0) stopping = 1;
  }
  kill(-child, SIGKILL);
  while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
  }
  posix_spawnattr_destroy(&attr);
  return 0;
}
