/*
 * spawn-floor N [restart]: the machine's floor for starting N supervised
 * programs, or (restart) for stopping N with SIGTERM and starting N again.
 *
 * posix_spawn N `sleep 86400`, each in its own process group and with two
 * fresh pipes for stdout and stderr, as a supervisor's children get; prints
 * the wall time of that loop in nanoseconds (pipe creation, the spawns and
 * closing the children's ends included), then kills every group and reaps it.
 * glibc's posix_spawn returns once the child has exec'd (clone with
 * CLONE_VFORK), so the loop is the whole cost of getting N programs running,
 * with no runtime around it. The bench compiles this at run time with
 * `cc -O2` (bench/lib/c-floor.mjs).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void kill_and_reap(const pid_t *pids, int count) {
  for (int i = 0; i < count; i++) kill(-pids[i], SIGKILL);
  for (int i = 0; i < count; i++) {
    while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR) {
    }
  }
}

/* Spawns n children into pids/ends; returns how many started, and on failure names it in *failed / *err. */
static int spawn_all(pid_t *pids, int *ends, long n, posix_spawnattr_t *attr, const char **failed, int *err) {
  char *child_argv[] = {"sleep", "86400", NULL};
  int spawned = 0;
  for (; spawned < n; spawned++) {
    int out[2], errp[2];
    if (pipe2(out, O_CLOEXEC) < 0) {
      *failed = "pipe2";
      *err = errno;
      break;
    }
    if (pipe2(errp, O_CLOEXEC) < 0) {
      *failed = "pipe2";
      *err = errno;
      close(out[0]);
      close(out[1]);
      break;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
    *err = posix_spawnp(&pids[spawned], "sleep", &fa, attr, child_argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    // The supervisor keeps the read ends and closes the child's write ends, as here.
    close(out[1]);
    close(errp[1]);
    ends[spawned * 2] = out[0];
    ends[spawned * 2 + 1] = errp[0];
    if (*err != 0) {
      *failed = "posix_spawnp sleep";
      close(out[0]);
      close(errp[0]);
      break;
    }
  }
  return spawned;
}

/* A group restart with nothing around it: SIGTERM every group, reap every child, close its pipes. */
static void stop_all(const pid_t *pids, const int *ends, int count) {
  for (int i = 0; i < count; i++) kill(-pids[i], SIGTERM);
  for (int i = 0; i < count; i++) {
    while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR) {
    }
    close(ends[i * 2]);
    close(ends[i * 2 + 1]);
  }
}

int main(int argc, char **argv) {
  char *end = NULL;
  long n = argc >= 2 ? strtol(argv[1], &end, 10) : 0;
  int restart = argc == 3 && strcmp(argv[2], "restart") == 0;
  if (argc < 2 || argc > 3 || (argc == 3 && !restart) || *end != '\0' || n < 1 || n > 100000) {
    fprintf(stderr, "usage: spawn-floor N [restart] (N programs to spawn, 1..100000; restart: time stopping and starting them again), got %s\n",
            argc > 1 ? argv[1] : "nothing");
    return 2;
  }
  // Two pipe ends stay open in this process per child until the end: lift the soft fd limit to the hard one.
  struct rlimit lim;
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
  pid_t *pids = calloc((size_t)n, sizeof *pids);
  int *ends = calloc((size_t)n * 2, sizeof *ends);
  if (!pids || !ends) {
    fprintf(stderr, "spawn-floor: out of memory for %ld children\n", n);
    return 1;
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);

  const char *failed = NULL;
  int err = 0;
  int spawned = 0;
  long long t0 = 0;
  if (restart) {
    // The first start is not timed: the restart stops these and starts n new ones.
    spawned = spawn_all(pids, ends, n, &attr, &failed, &err);
    if (!failed) {
      t0 = now_ns();
      stop_all(pids, ends, spawned);
      spawned = spawn_all(pids, ends, n, &attr, &failed, &err);
    }
  } else {
    t0 = now_ns();
    spawned = spawn_all(pids, ends, n, &attr, &failed, &err);
  }
  long long elapsed = now_ns() - t0;

  kill_and_reap(pids, spawned);
  for (int i = 0; i < spawned * 2; i++) close(ends[i]);
  posix_spawnattr_destroy(&attr);
  if (failed) {
    fprintf(stderr, "spawn-floor: %s failed after %d of %ld children: %s\n", failed, spawned, n, strerror(err));
    return 1;
  }
  printf("%lld\n", elapsed);
  return 0;
}
