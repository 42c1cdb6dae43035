import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { findSpawnerBinary, SpawnerClient } from '../../src/engine/spawner-client.js';
import type { PreparedSpawn, SpawnedChild } from '../../src/engine/spawn-child.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * drover-spawner respawns an armed child itself, deciding by the armed
 * policy. These tests drive the helper through its client, with real
 * processes, and watch what it decides.
 */

const binary = findSpawnerBinary();
if (binary === null) throw new Error('drover-spawner is not built: run npm run build (it needs a C compiler)');

const clients: SpawnerClient[] = [];
const groups: number[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const pid of groups.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
});

function shell(script: string): PreparedSpawn {
  return { executable: '/bin/sh', argv: ['sh', '-c', script], cwd: '/tmp', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, umask: null };
}

async function start(client: SpawnerClient, script: string): Promise<SpawnedChild> {
  const result = await client.spawn(shell(script));
  if (!result.ok) throw new Error(result.reason);
  groups.push(result.child.pid);
  return result.child;
}

function newClient(): SpawnerClient {
  const client = new SpawnerClient(binary!, (message) => {
    throw new Error(message);
  });
  clients.push(client);
  return client;
}

function exitOf(child: SpawnedChild): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => child.onExit((code, signal) => resolve({ code, signal })));
}

function readAll(stream: Readable): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    stream.on('end', () => resolve(text));
  });
}

it('respawns an armed child at its unexpected exit, and not at an expected one', async () => {
  const client = newClient();
  const policy = { autorestart: 'unexpected' as const, exitcodes: [0, 2], killasgroup: false };
  const expected = await start(client, 'sleep 0.3; exit 2');
  const quiet = client.arm(expected.pid, shell('exec sleep 1000'), policy)!;
  expect(await exitOf(expected)).toEqual({ code: 2, signal: null });
  expect(quiet.fired).toBe(false);

  const crashing = await start(client, 'sleep 0.3; exit 3');
  const armed = client.arm(crashing.pid, shell('exec sleep 1000'), policy)!;
  expect(await exitOf(crashing)).toEqual({ code: 3, signal: null });
  expect(armed.fired).toBe(true);
  const replacement = await armed.result;
  if (!replacement.ok) throw new Error(replacement.reason);
  groups.push(replacement.child.pid);
  expect(isAlive(replacement.child.pid)).toBe(true);
  expect(replacement.child.parentPid).toBe(crashing.parentPid);
});

it('treats a death by signal as unexpected, and respawns after a disarm never', async () => {
  const client = newClient();
  const policy = { autorestart: 'unexpected' as const, exitcodes: [0], killasgroup: false };
  const killed = await start(client, 'exec sleep 1000');
  const armed = client.arm(killed.pid, shell('exec sleep 1000'), policy)!;
  process.kill(killed.pid, 'SIGKILL');
  expect(await exitOf(killed)).toEqual({ code: null, signal: 'SIGKILL' });
  expect(armed.fired).toBe(true);
  const replacement = await armed.result;
  if (!replacement.ok) throw new Error(replacement.reason);
  groups.push(replacement.child.pid);

  // The disarm carries the stop signal: the helper sends it after it forgot the respawn.
  const stopped = replacement.child;
  const again = client.arm(stopped.pid, shell('exec sleep 1000'), policy)!;
  expect(again.disarm(['SIGTERM'], false)).toBe(true);
  expect(await exitOf(stopped)).toEqual({ code: null, signal: 'SIGTERM' });
  expect(again.fired).toBe(false);
});

it('kills what the old child forked before the replacement starts (killasgroup)', async () => {
  const client = newClient();
  const parent = await start(client, 'sleep 1000 & echo $!; wait');
  const line = await new Promise<string>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
  const grandchild = Number(line.trim());
  expect(grandchild).toBeGreaterThan(0);
  // The replacement reports what the kernel says of the grandchild as it starts: gone, dead, or with SIGKILL pending.
  const report = `grep -E '^(State|ShdPnd|SigPnd):' /proc/${grandchild}/status 2>/dev/null || echo gone`;
  const armed = client.arm(parent.pid, shell(report), { autorestart: true, exitcodes: [0], killasgroup: true })!;
  process.kill(parent.pid, 'SIGKILL');
  await exitOf(parent);
  const replacement = await armed.result;
  if (!replacement.ok) throw new Error(replacement.reason);
  const text = await readAll(replacement.child.stdout);
  const pending = (field: string) => BigInt(`0x${new RegExp(`^${field}:\\s*(\\w+)`, 'm').exec(text)?.[1] ?? '0'}`);
  const killed = text.includes('gone') || /State:\s*[ZX]/.test(text) || ((pending('ShdPnd') | pending('SigPnd')) & 0x100n) !== 0n;
  expect(killed, text).toBe(true);
  await waitFor('the grandchild to end', () => !isAlive(grandchild) || /State:\s*Z/.test(readFileSync(`/proc/${grandchild}/status`, 'utf8')));
});

it('a frame read while reaping does not leave the helper waiting for another: a later exit is still reported', async () => {
  // Stopped, the helper sees a child's end and a request in the same poll turn once continued.
  // Reaping reads every waiting frame first (so a disarm counts); the loop must not then wait on
  // stdin for a frame that already went, or no exit is reported until the supervisor writes again.
  const client = newClient();
  const first = await start(client, 'exec sleep 1000');
  const second = await start(client, 'exec sleep 1000');
  const helper = first.parentPid;
  const firstExit = exitOf(first);
  const secondExit = exitOf(second);
  process.kill(helper, 'SIGSTOP');
  try {
    process.kill(first.pid, 'SIGKILL');
    await waitFor('the first child to be a zombie', () => /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${first.pid}/stat`, 'utf8')), 10_000);
    const third = client.spawn(shell('exec sleep 1000'));
    process.kill(helper, 'SIGCONT');
    expect(await firstExit).toEqual({ code: null, signal: 'SIGKILL' });
    const started = await third;
    if (!started.ok) throw new Error(started.reason);
    groups.push(started.child.pid);
  } finally {
    process.kill(helper, 'SIGCONT');
  }
  process.kill(second.pid, 'SIGKILL');
  const reported = await Promise.race([secondExit, new Promise((resolve) => setTimeout(() => resolve('no exit reported within 10 s'), 10_000))]);
  expect(reported).toEqual({ code: null, signal: 'SIGKILL' });
});
