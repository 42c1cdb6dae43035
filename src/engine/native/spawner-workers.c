/*
 * Prefork workers (the "W" frame): children that inherit listening sockets
 * the helper holds (spawner-sockets.c) and, for the built-in runtime, a
 * notify socket. They are started here rather than by Node so that a keeper
 * is their parent too, and holds them across a supervisor's death.
 *
 * Frame: "W", id, nkeys, key_1 ... key_n, notify ("0" or "1"), then the spawn
 * fields as for "S". The child gets fd 0 /dev/null, 1 and 2 the spare output
 * pair, 3 + i the socket held as key_i, and with notify "1" fd 3 + n the write
 * end of a socketpair made for it, whose read end goes to the supervisor as a
 * NODE_HANDLE {"t":"notify","pair":P} before {"t":"spawned",..,"pair":P}.
 * A key not held is answered {"t":"error","id":..,"errno":EBADF}. Workers are
 * never armed: a prefork master decides on every replacement.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "spawner.h"

/* Where a child's inherited fds wait to be placed: above every target, so placing fd 3 never replaces a source still to
 * be placed at 4 (a listening socket the helper got may well be fd 4). */
#define INHERITED_DUP_FLOOR 64
_Static_assert(3 + MAX_INHERITED_FDS <= INHERITED_DUP_FLOOR, "inherited fds are placed below their temporary copies");

int place_inherited_fds(posix_spawn_file_actions_t *actions, const int *fds, size_t count, int *temporaries) {
  for (size_t i = 0; i < count; i++) {
    temporaries[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, INHERITED_DUP_FLOOR);
    if (temporaries[i] < 0) {
      int saved = errno;
      while (i > 0) close(temporaries[--i]);
      errno = saved;
      return -1;
    }
    /* dup2 clears close-on-exec on the target; the temporaries close at exec, and in the helper after the spawn. */
    posix_spawn_file_actions_adddup2(actions, temporaries[i], 3 + (int)i);
  }
  return 0;
}

/* Each key's held socket into fds: 0, or -1 when one is not held. */
static int find_sockets(char **keys, size_t count, int *fds) {
  for (size_t i = 0; i < count; i++)
    if ((fds[i] = held_socket_fd(keys[i])) < 0) return -1;
  return 0;
}

/* The frame's key count: n, or -1 when the frame is too short for it or for the notify field after the keys. */
static long key_count(char **fields, size_t count) {
  char *end;
  long keys = strtol(fields[2], &end, 10);
  if (*end != '\0' || end == fields[2] || keys < 0 || keys >= MAX_INHERITED_FDS || (size_t)(4 + keys) > count) return -1;
  const char *notify = fields[3 + keys];
  return strcmp(notify, "0") == 0 || strcmp(notify, "1") == 0 ? keys : -1;
}

void handle_worker(char **fields, size_t count) {
  if (count < 3) return; /* no id to answer */
  const char *id = fields[1];
  long keys = key_count(fields, count);
  if (keys < 0) {
    answer_spawn(id, -1, 0, EINVAL);
    return;
  }
  int notify = strcmp(fields[3 + keys], "1") == 0;
  int inherited[MAX_INHERITED_FDS];
  /* The supervisor writes this frame once Node has written the hold to the channel: read it if poll has not told yet. */
  if (find_sockets(fields + 3, (size_t)keys, inherited) < 0) {
    read_waiting_channel();
    if (find_sockets(fields + 3, (size_t)keys, inherited) < 0) {
      answer_spawn(id, -1, 0, EBADF);
      return;
    }
  }
  int notify_pair[2] = {-1, -1};
  if (notify) {
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, notify_pair) < 0) {
      answer_spawn(id, -1, 0, errno);
      return;
    }
    shutdown(notify_pair[0], SHUT_WR);
    inherited[keys] = notify_pair[1];
  }
  int error = 0;
  unsigned long pair = 0;
  pid_t pid = spawn_request(fields + 4 + keys, count - 4 - (size_t)keys, inherited, (size_t)keys + (size_t)notify, &error, &pair);
  if (notify) {
    close(notify_pair[1]);
    if (pid > 0) {
      hold_notify(pair, notify_pair[0]);
      send_handle(pair, "notify", notify_pair[0]);
    }
    close(notify_pair[0]);
  }
  answer_spawn(id, pid, pair, error);
}
