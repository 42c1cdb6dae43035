/*
 * The listening sockets a keeper holds (spawner-channel.c receives them): the
 * kernel keeps each listening while the supervisor is gone, so connections
 * queue in its backlog and none is refused; a new supervisor gets each back on
 * attach and accepts them.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spawner.h"

struct held_socket {
  char key[MAX_SOCKET_KEY];
  int fd;
};
static struct held_socket *sockets = NULL;
static size_t socket_count = 0, socket_capacity = 0;

static struct held_socket *find_socket(const char *key) {
  for (size_t i = 0; i < socket_count; i++)
    if (strcmp(sockets[i].key, key) == 0) return &sockets[i];
  return NULL;
}

/* A key held already gets the new socket: the supervisor's latest word counts. */
void hold_socket(const char *key, int fd) {
  struct held_socket *existing = find_socket(key);
  if (existing) {
    close(existing->fd);
    existing->fd = fd;
    return;
  }
  sockets = grow_array(sockets, &socket_capacity, socket_count, sizeof *sockets);
  struct held_socket *added = &sockets[socket_count++];
  snprintf(added->key, sizeof added->key, "%s", key);
  added->fd = fd;
}

size_t held_sockets(void) { return socket_count; }

int held_socket_fd(const char *key) {
  struct held_socket *held = find_socket(key);
  return held ? held->fd : -1;
}

void release_socket(const char *key) {
  struct held_socket *held = find_socket(key);
  if (!held) return;
  close(held->fd);
  *held = sockets[--socket_count];
}

void release_all_sockets(void) {
  while (socket_count > 0) release_socket(sockets[socket_count - 1].key);
}

/* Each held socket back to a new supervisor, which keeps it listening: the keeper's dup stays for the next one. */
void hand_over_sockets(void) {
  char body[MAX_SOCKET_KEY + 32];
  for (size_t i = 0; i < socket_count; i++) {
    snprintf(body, sizeof body, "{\"t\":\"socket\",\"key\":\"%s\"}", sockets[i].key);
    send_handle_message(body, sockets[i].fd);
  }
}
