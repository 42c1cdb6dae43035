import { afterEach, expect, it } from 'vitest';
import { SpawnerClient } from '../../src/engine/spawner-client.js';
import type { SpawnResult } from '../../src/engine/spawn-child.js';
import { FIXTURES } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

const clients: SpawnerClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

it('hands over the child and its exit whatever order the answers arrive in', async () => {
  // Node delivers a message that carries a socket later than a plain one, so
  // "exit" and "spawned" can overtake the stdout/stderr sockets: the spawn must
  // still resolve with both sockets, and the exit must still be told.
  const failures: string[] = [];
  const client = new SpawnerClient(`${FIXTURES}spawner-out-of-order.mjs`, (message) => failures.push(message));
  clients.push(client);
  const request = { executable: '/bin/sh', argv: ['sh', '-c', 'exit 7'], cwd: '/tmp', env: {}, umask: null };
  const results: SpawnResult[] = await Promise.all([client.spawn(request), client.spawn(request)]);
  for (const result of results) {
    if (!result.ok) throw new Error(result.reason);
    expect(result.child.stdout).toBeDefined();
    expect(result.child.stderr).toBeDefined();
    const exits: (number | null)[] = [];
    result.child.onExit((code) => exits.push(code));
    await waitFor(`the exit of pid ${result.child.pid}`, () => exits.length === 1, 5000);
    expect(exits).toEqual([7]);
  }
  expect(failures).toEqual([]);
});
