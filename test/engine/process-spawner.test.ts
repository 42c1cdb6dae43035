import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessSpawner } from '../../src/engine/process-spawner.js';
import { readProcStat } from '../../src/engine/proc-fs.js';
import type { SpawnedChild, SpawnResult } from '../../src/engine/spawn-child.js';
import { findSpawnerBinary } from '../../src/engine/spawner-client.js';
import { fixture } from '../helpers/engine-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

const spawners: ProcessSpawner[] = [];
const children: number[] = [];
afterEach(() => {
  for (const pid of children.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const spawner of spawners.splice(0)) spawner.close();
  delete process.env.DROVER_SPAWNER;
});

function makeSpawner(kind: 'spawner' | 'node', warnings: string[] = []): ProcessSpawner {
  if (kind === 'node') process.env.DROVER_SPAWNER = 'node';
  const spawner = new ProcessSpawner((message) => warnings.push(message));
  delete process.env.DROVER_SPAWNER;
  spawners.push(spawner);
  return spawner;
}

async function spawn(spawner: ProcessSpawner, argv: string[], extra: { umask?: number; cwd?: string } = {}): Promise<SpawnedChild> {
  const result: SpawnResult = await spawner.spawn({ argv, cwd: extra.cwd ?? '/tmp', env: { PATH: process.env.PATH ?? '', ONLY: 'this' }, user: null, umask: extra.umask ?? null });
  if (!result.ok) throw new Error(result.reason);
  children.push(result.child.pid);
  return result.child;
}

function collect(child: SpawnedChild): { out: string; err: string } {
  const seen = { out: '', err: '' };
  child.stdout.setEncoding('utf8').on('data', (d: string) => (seen.out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (seen.err += d));
  return seen;
}

it('the build produced drover-spawner, and the spawner uses it', () => {
  expect(findSpawnerBinary()).not.toBeNull();
  expect(makeSpawner('spawner').kind).toBe('spawner');
  expect(makeSpawner('node').kind).toBe('node');
});

describe.each(['spawner', 'node'] as const)('spawning with %s', (kind) => {
  it('starts the child in its own session with the given cwd, env, umask and /dev/null stdin', async () => {
    const spawner = makeSpawner(kind);
    const child = await spawn(spawner, fixture('print-env.mjs'), { umask: 0o027 });
    const seen = collect(child);
    const json = await waitFor('output', () => seen.out.split('\n').find((l) => l.startsWith('{')));
    const info = JSON.parse(json) as { cwd: string; env: Record<string, string>; umask: number; pid: number };
    expect(info).toMatchObject({ cwd: '/tmp', umask: 0o027, pid: child.pid });
    expect(info.env.ONLY).toBe('this');
    expect(info.env.NODE_CHANNEL_FD).toBeUndefined();
    await waitFor('stderr', () => seen.err === 'to stderr\n');
    const stat = readProcStat(child.pid)!;
    expect(stat.session).toBe(child.pid);
    expect(stat.pgrp).toBe(child.pid);
    expect(readFileSync(`/proc/${child.pid}/fd/0`, { encoding: null }).length).toBe(0);
  });

  it('reports exit codes and deaths by signal', async () => {
    const spawner = makeSpawner(kind);
    const exits: [number | null, string | null][] = [];
    const coded = await spawn(spawner, fixture('exit-with.mjs', 7, 50));
    coded.onExit((code, signal) => exits.push([code, signal]));
    const killed = await spawn(spawner, ['sleep', '1000']);
    killed.onExit((code, signal) => exits.push([code, signal]));
    process.kill(killed.pid, 'SIGKILL');
    await waitFor('two exits', () => exits.length === 2);
    expect(exits).toContainEqual([7, null]);
    expect(exits).toContainEqual([null, 'SIGKILL']);
  });

  it('reports the exit of a child that ended while the supervisor was busy', async () => {
    // A blocked event loop reads "spawned" and "exit" in one go; the exit used
    // to be dropped because nobody listened yet, and the process stayed RUNNING forever.
    const spawner = makeSpawner(kind);
    const pending = spawner.spawn({ argv: ['true'], cwd: '/tmp', env: { PATH: process.env.PATH ?? '' }, user: null, umask: null });
    const busyUntil = Date.now() + 500;
    while (Date.now() < busyUntil) {
      // the supervisor is busy elsewhere while the child starts and ends
    }
    const result = await pending;
    if (!result.ok) throw new Error(result.reason);
    const exits: [number | null, string | null][] = [];
    result.child.onExit((code, signal) => exits.push([code, signal]));
    await waitFor('the exit', () => exits.length === 1);
    expect(exits).toEqual([[0, null]]);
  });

  it('tells every listener how a child that died at once ended, however late each one asks', async () => {
    // The output capture listens first, the process second: the second used to
    // miss an exit that came early, and the process stayed RUNNING on a dead pid.
    const spawner = makeSpawner(kind);
    const pending = spawner.spawn({ argv: ['sh', '-c', 'exit 7'], cwd: '/tmp', env: { PATH: process.env.PATH ?? '' }, user: null, umask: null });
    const busyUntil = Date.now() + 300;
    while (Date.now() < busyUntil) {
      // the supervisor is busy elsewhere while the child starts and ends
    }
    const result = await pending;
    if (!result.ok) throw new Error(result.reason);
    expect(result.child.stdout).toBeDefined();
    expect(result.child.stderr).toBeDefined();
    const heard: string[] = [];
    result.child.onExit((code) => heard.push(`first ${code}`));
    result.child.onExit((code) => heard.push(`second ${code}`));
    await waitFor('both listeners', () => heard.length === 2);
    result.child.onExit((code) => heard.push(`late ${code}`));
    await waitFor('the late listener', () => heard.length === 3);
    expect(heard).toEqual(['first 7', 'second 7', 'late 7']);
  });

  it('names the cause when the command cannot be found', async () => {
    const result = await makeSpawner(kind).spawn({ argv: ['no-such-command-here'], cwd: '/tmp', env: { PATH: '/usr/bin' }, user: null, umask: null });
    expect(result).toEqual({ ok: false, reason: 'command not found: no-such-command-here is not in PATH' });
  });
});

it('falls back to child_process when drover-spawner dies, and still sees its children end', async () => {
  const warnings: string[] = [];
  const spawner = makeSpawner('spawner', warnings);
  const exits: (number | null)[] = [];
  const orphan = await spawn(spawner, ['sleep', '1000']);
  orphan.onExit((code) => exits.push(code));
  const helperPid = readProcStat(orphan.pid)!.ppid;
  process.kill(helperPid, 'SIGKILL');
  await waitFor('warning', () => warnings.some((w) => /drover-spawner exited .*child_process from now on/.test(w)));
  expect(spawner.kind).toBe('node');
  const next = await spawn(spawner, ['sleep', '1000']);
  expect(readProcStat(next.pid)!.ppid).toBe(process.pid);
  process.kill(orphan.pid, 'SIGKILL');
  await waitFor('orphan exit noticed', () => exits.length === 1);
  expect(isAlive(orphan.pid)).toBe(false);
});

describe('how many drover-spawner helpers run', () => {
  const parentsOf = (kids: SpawnedChild[]) => new Set(kids.map((child) => readProcStat(child.pid)!.ppid));

  it('programs started one at a time share one helper', async () => {
    const spawner = makeSpawner('spawner');
    const kids: SpawnedChild[] = [];
    for (let i = 0; i < 4; i++) kids.push(await spawn(spawner, ['sleep', '30']));
    const parents = parentsOf(kids);
    expect(parents.size).toBe(1);
    expect(parents.has(process.pid)).toBe(false); // the helper's children, not Node's
  });

  it.runIf(availableParallelism() >= 2)('a burst of starts gets a second helper, so two cores exec at once', async () => {
    const spawner = makeSpawner('spawner');
    const kids = await Promise.all(Array.from({ length: 8 }, () => spawn(spawner, ['sleep', '30'])));
    const parents = parentsOf(kids);
    expect(parents.size).toBeGreaterThanOrEqual(2);
    expect(parents.has(process.pid)).toBe(false);
  });
});

it('afterSpawns waits until every spawn asked for has settled, and runs at once when none is', async () => {
  const spawner = makeSpawner('spawner');
  const order: string[] = [];
  const starts = [1, 2, 3].map((n) =>
    spawn(spawner, ['/bin/sleep', '1000']).then((child) => {
      order.push(`spawned ${n}`);
      return child;
    }),
  );
  const ran = new Promise<void>((resolve) =>
    spawner.afterSpawns(() => {
      order.push('after');
      resolve();
    }),
  );
  await Promise.all([...starts, ran]);
  expect(order).toEqual(['spawned 1', 'spawned 2', 'spawned 3', 'after']);
  // Nothing settling: the next turn.
  await new Promise<void>((resolve) => spawner.afterSpawns(resolve));
});
