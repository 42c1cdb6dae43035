import { afterEach, expect, it } from 'vitest';
import { findSpawnerBinary, SpawnerClient } from '../../src/engine/spawner-client.js';
import { READ_BUFFER_BYTES, routeChunks } from '../../src/logs/pipe-socket.js';
import { waitFor } from '../helpers/wait-for.js';

const clients: SpawnerClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

/** A drover-spawner helper, closed after the test. */
function startClient(): SpawnerClient {
  const binary = findSpawnerBinary();
  if (binary === null) throw new Error('drover-spawner is not built: run npm run build');
  const client = new SpawnerClient(binary, (message) => {
    throw new Error(message);
  });
  clients.push(client);
  return client;
}

const LINE = '0123456789\n';
// Enough for more than 50 full reads of the shared buffer.
const TOTAL = 16_000_000;

it('reads a flood through one reused buffer, and gives data listeners copies of every byte', async () => {
  const client = startClient();
  const script = `yes 0123456789 | head -c ${TOTAL}`;
  const result = await client.spawn({ executable: '/bin/sh', argv: ['sh', '-c', script], cwd: '/tmp', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, umask: null });
  if (!result.ok) throw new Error(result.reason);
  const { stdout, stderr } = result.child;
  stderr.resume();

  const readBuffers = new Set<ArrayBufferLike>();
  const copies: Buffer[] = [];
  let routed = 0;
  let chunks = 0;
  let badChunks = 0;
  let ended = false;
  stdout.on('data', (copy: Buffer) => copies.push(copy));
  stdout.once('end', () => (ended = true));
  // Each chunk is checked during the call: the next read overwrites it.
  expect(
    routeChunks(stdout, (chunk) => {
      readBuffers.add(chunk.buffer);
      if (!isLinePattern(chunk, routed)) badChunks += 1;
      routed += chunk.length;
      chunks += 1;
    }),
  ).toBe(true);
  await waitFor('the end of the output', () => ended, 20_000);

  expect(routed).toBe(TOTAL);
  expect(badChunks).toBe(0);
  // Node's default allocates a buffer per read. Here only the few reads made
  // before the sink was attached are copies of their own.
  expect(chunks).toBeGreaterThan(50);
  expect(readBuffers.size).toBeLessThan(10);
  const copied = Buffer.concat(copies);
  expect(copied.length).toBe(TOTAL);
  expect(copied.equals(Buffer.from(LINE.repeat(Math.ceil(TOTAL / LINE.length)).slice(0, TOTAL)))).toBe(true);
  expect(copies.some((copy) => readBuffers.has(copy.buffer))).toBe(false);
});

/** The chunk is the stream's bytes from `offset` on: LINE over and over. */
function isLinePattern(chunk: Buffer, offset: number): boolean {
  for (let i = 0; i < chunk.length; i += 1) if (chunk[i] !== LINE.charCodeAt((offset + i) % LINE.length)) return false;
  return true;
}

it('reads nothing before a reader is attached: a ready line written at once reaches a `data` listener attached with the capture', async () => {
  const client = startClient();
  const result = await client.spawn({ executable: '/bin/sh', argv: ['sh', '-c', 'echo ready'], cwd: '/tmp', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, umask: null });
  if (!result.ok) throw new Error(result.reason);
  const { stdout, stderr } = result.child;
  stderr.resume();
  // The line is in the socket before anyone listens: a socket that read it early
  // would hand it to the capture only, and a readiness probe would never see it.
  await new Promise<void>((resolve) => result.child.onExit(() => resolve()));
  const heard: string[] = [];
  const captured: string[] = [];
  let ended = false;
  routeChunks(stdout, (chunk) => captured.push(chunk.toString()));
  stdout.on('data', (chunk: Buffer) => heard.push(chunk.toString()));
  stdout.once('end', () => (ended = true));
  await waitFor('the end of the output', () => ended, 20_000);
  expect(captured.join('')).toBe('ready\n');
  expect(heard.join('')).toBe('ready\n');
});

it('takes what waits in the socket in reads larger than a pipe holds', async () => {
  const client = startClient();
  // Less than a default-sized socket buffer holds, so the child can exit before anything is read.
  const waiting = 150_000;
  const result = await client.spawn({
    executable: '/bin/sh',
    argv: ['sh', '-c', `head -c ${waiting} /dev/zero`],
    cwd: '/tmp',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    umask: null,
  });
  if (!result.ok) throw new Error(result.reason);
  const { stdout, stderr } = result.child;
  stderr.resume();
  await new Promise<void>((resolve) => result.child.onExit(() => resolve()));
  const sizes: number[] = [];
  let ended = false;
  routeChunks(stdout, (chunk) => sizes.push(chunk.length));
  stdout.once('end', () => (ended = true));
  await waitFor('the end of the output', () => ended, 20_000);
  expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(waiting);
  // Node's own reads stop at 64 KiB: one read here takes all of it.
  expect(READ_BUFFER_BYTES).toBeGreaterThan(waiting);
  expect(sizes).toEqual([waiting]);
});
