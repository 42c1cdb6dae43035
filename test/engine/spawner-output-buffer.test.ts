import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { findSpawnerBinary, SpawnerClient } from '../../src/engine/spawner-client.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * A flooding child must not sleep on a full output socket until the
 * supervisor has read it nearly empty (see OUTPUT_SNDBUF_BYTES in
 * spawner.c): drover-spawner gives the child's end of both output sockets a
 * send buffer as large as the kernel allows, up to 4 MiB.
 */

const clients: SpawnerClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

const REQUESTED = 4 * 1024 * 1024;

/** What SO_SNDBUF reads back after asking for REQUESTED: the kernel caps the request at wmem_max and doubles it. */
function expectedSendBuffer(): number {
  const wmemMax = Number(readFileSync('/proc/sys/net/core/wmem_max', 'utf8').trim());
  return 2 * Math.min(REQUESTED, wmemMax);
}

it("gives the child's stdout and stderr sockets the large send buffer", async () => {
  const binary = findSpawnerBinary();
  if (binary === null) throw new Error('drover-spawner is not built: run npm run build');
  const client = new SpawnerClient(binary, (message) => {
    throw new Error(message);
  });
  clients.push(client);
  const script =
    'import socket\nfor fd in (1, 2):\n    s = socket.socket(fileno=fd)\n    print(fd, s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF), flush=True)\n    s.detach()\n';
  const result = await client.spawn({
    executable: '/usr/bin/python3',
    argv: ['python3', '-c', script],
    cwd: '/tmp',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    umask: null,
  });
  if (!result.ok) throw new Error(result.reason);
  const { stdout, stderr } = result.child;
  stderr.resume();
  let text = '';
  let ended = false;
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  stdout.once('end', () => (ended = true));
  await waitFor('the child to report its send buffers', () => ended, 20_000);
  const expected = expectedSendBuffer();
  expect(text).toBe(`1 ${expected}\n2 ${expected}\n`);
});
