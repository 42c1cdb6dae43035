/*
 * drover-as-user: drops root's privileges to a program's `user:` and execs
 * the program.
 *
 * Why it exists: Node's child_process can set a uid and a gid, and it clears
 * the supplementary groups (libuv calls setgroups(0, NULL)), but it cannot
 * give the user its own supplementary groups. A user in `ssl-cert` or
 * `docker` would lose them, where `su`, supervisord and systemd's User= keep
 * them. This does what they do: setgroups to the user's groups, setgid,
 * setuid, checks root cannot be regained, then execs.
 *
 * Usage: drover-as-user UID GID GROUPS EXECUTABLE ARGV0 [ARG...]
 * GROUPS is a comma-separated list of gids ("-" for none). Everything else
 * (cwd, environment, umask, file descriptors) is set by the supervisor when it
 * starts this helper and passes through the exec unchanged.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_GROUPS 65536

static long parse_id(const char *text, const char *what) {
  char *end;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno != 0 || *end != '\0' || value < 0 || value > 0xfffffffeL) {
    fprintf(stderr, "drover-as-user: bad %s: %s\n", what, text);
    exit(64);
  }
  return value;
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: drover-as-user UID GID GROUPS EXECUTABLE ARGV0 [ARG...]\n");
    return 64;
  }
  uid_t uid = (uid_t)parse_id(argv[1], "uid");
  gid_t gid = (gid_t)parse_id(argv[2], "gid");
  static gid_t groups[MAX_GROUPS];
  size_t count = 0;
  if (strcmp(argv[3], "-") != 0) {
    char *list = argv[3];
    for (char *item = strtok(list, ","); item && count < MAX_GROUPS; item = strtok(NULL, ",")) {
      groups[count++] = (gid_t)parse_id(item, "group id");
    }
  }
  /* Groups first: after setuid there is no permission left to change them. */
  if (setgroups(count, groups) != 0) {
    fprintf(stderr, "drover-as-user: cannot set the groups of uid %ld: %s\n", (long)uid, strerror(errno));
    return 126;
  }
  if (setgid(gid) != 0 || setuid(uid) != 0) {
    fprintf(stderr, "drover-as-user: cannot switch to uid %ld gid %ld: %s\n", (long)uid, (long)gid, strerror(errno));
    return 126;
  }
  if (uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
    fprintf(stderr, "drover-as-user: uid %ld could regain root; refusing to run the program\n", (long)uid);
    return 126;
  }
  execv(argv[4], &argv[5]);
  fprintf(stderr, "drover-as-user: cannot run %s as uid %ld: %s\n", argv[4], (long)uid, strerror(errno));
  return errno == ENOENT ? 127 : 126;
}
