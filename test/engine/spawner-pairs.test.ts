import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { findSpawnerBinary, SpawnerClient } from '../../src/engine/spawner-client.js';
import { routeChunks } from '../../src/logs/index.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * drover-spawner makes each child's output sockets ahead of time, so a
 * respawn is answered with one plain message. These tests hold the helper to
 * that and check that the sockets made ahead carry the output, and that an
 * unused pair keeps no Node process alive.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const binary = findSpawnerBinary();
if (binary === null) throw new Error('drover-spawner is not built: run npm run build (it needs a C compiler)');

const helpers: ChildProcess[] = [];
const clients: SpawnerClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const helper of helpers.splice(0)) helper.kill('SIGKILL');
});

interface Received {
  message: { t: string; id?: number; pid?: number; pair?: number };
  handle: boolean;
}

function request(id: number, argv: string[]): Buffer {
  const fields = ['S', String(id), argv[0]!, '/tmp', '-1', String(argv.length), ...argv, '0'];
  const body = Buffer.from(`${fields.join('\0')}\0`);
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length);
  return Buffer.concat([header, body]);
}

it('hands over the next child’s output pair while idle, and the next spawn is answered with one plain message naming it', async () => {
  const helper = spawn(binary, [], { stdio: ['pipe', 'ignore', 'inherit', 'ipc'] });
  helpers.push(helper);
  const received: Received[] = [];
  helper.on('message', (message: Received['message'], handle?: { close?: () => void }) => {
    received.push({ message, handle: handle !== undefined });
    handle?.close?.();
  });
  helper.stdin!.write(request(1, ['/bin/sh', '-c', 'exit 0']));
  const first = await waitFor('the first spawn', () => received.find((r) => r.message.t === 'spawned' && r.message.id === 1));
  // The pair made ahead comes once the helper is idle, with no request asking for it.
  const ahead = await waitFor('the next pair, made ahead', () => {
    const handles = received.filter((r) => r.handle && r.message.pair !== first.message.pair);
    return handles.length === 2 ? handles : null;
  });
  expect(ahead.map((r) => r.message.t).sort()).toEqual(['stderr', 'stdout']);
  const nextPair = ahead[0]!.message.pair;
  expect(ahead[1]!.message.pair).toBe(nextPair);

  const before = received.length;
  helper.stdin!.write(request(2, ['/bin/sh', '-c', 'exit 0']));
  const second = await waitFor('the second spawn', () => received.find((r) => r.message.t === 'spawned' && r.message.id === 2));
  expect(second.message.pair).toBe(nextPair);
  const answer = received.slice(before, received.indexOf(second) + 1);
  expect(answer.filter((r) => r.handle)).toEqual([]);
});

it('carries a child’s stdout and stderr through a pair made ahead', async () => {
  const client = new SpawnerClient(binary, (message) => {
    throw new Error(message);
  });
  clients.push(client);
  const quiet = { executable: '/bin/sh', argv: ['sh', '-c', 'exit 0'], cwd: '/tmp', env: {}, umask: null };
  const first = await client.spawn(quiet);
  if (!first.ok) throw new Error(first.reason);
  // Idle long enough for the helper to make and send the next pair.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const second = await client.spawn({ ...quiet, argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
  if (!second.ok) throw new Error(second.reason);
  // As the output capture reads them (logs/pipe-socket.ts): bytes that came before the sink are handed over first.
  const read = (stream: Readable) =>
    new Promise<string>((resolve) => {
      let text = '';
      routeChunks(stream, (chunk) => (text += chunk.toString()));
      stream.on('end', () => resolve(text));
    });
  const [out, err] = await Promise.all([read(second.child.stdout), read(second.child.stderr)]);
  expect({ out, err }).toEqual({ out: 'out\n', err: 'err\n' });
  const code = await new Promise<number | null>((resolve) => second.child.onExit((exitCode) => resolve(exitCode)));
  expect(code).toBe(3);
});

it('lets Node exit once its children have ended, though a pair made ahead is still open', () => {
  const script = `
    import { SpawnerClient } from ${JSON.stringify(path.join(ROOT, 'dist/engine/spawner-client.js'))};
    const client = new SpawnerClient(${JSON.stringify(binary)}, (m) => { console.error(m); process.exit(2); });
    const result = await client.spawn({ executable: '/bin/sh', argv: ['sh', '-c', 'exit 0'], cwd: '/tmp', env: {}, umask: null });
    if (!result.ok) process.exit(3);
    result.child.stdout.resume();
    result.child.stderr.resume();
    result.child.onExit(() => setTimeout(() => console.log('ended'), 200));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  expect(run.error).toBeUndefined();
  expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: 'ended\n' });
});
