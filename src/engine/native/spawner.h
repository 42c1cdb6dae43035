/*
 * What drover-spawner's source files share: spawner.c (the main loop,
 * spawning, the IPC channel), spawner-frames.c (reading requests) and
 * spawner-arms.c (armed respawns).
 */
#ifndef DROVER_SPAWNER_H
#define DROVER_SPAWNER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Reports a fatal error on stderr and exits. */
void die(const char *what);
/* Writes one IPC message, optionally carrying a file descriptor (-1: none). */
void send_message(const char *json, int fd);
/* One frame's NUL-terminated strings; the array is malloc'd (*count of them). */
char **split_fields(char *frame, uint32_t len, size_t *count);
/* Starts what `fields` (the spawn fields) ask for and answers request `id` with "spawned" or "error". */
void spawn_and_answer(const char *id, char **fields, size_t count);

/* A RUNNING child's armed respawn: fields of the "A" frame (see spawner-arms.c). */
struct arm {
  pid_t pid;
  char *frame; /* a copy of the "A" frame, which the fields below point into */
  char **fields;
  size_t count;
};
struct arm *find_arm(pid_t pid);
void drop_arm(struct arm *arm);
void handle_arm(const char *frame, uint32_t len);
void handle_disarm(char **fields, size_t count);
/* Whether the armed policy restarts on this end (a waitpid status). */
int should_respawn(const struct arm *arm, int status);

/* Acts on every frame already written, without waiting for more. */
void handle_waiting_frames(void);

#endif
