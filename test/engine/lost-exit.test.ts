import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagedProcess, type ProcessHost } from '../../src/engine/managed-process.js';
import { isChildGone } from '../../src/engine/proc-fs.js';
import { prepareSpawn, spawnWithNode, type SpawnResult } from '../../src/engine/spawn-child.js';
import { fixture, makeProgram } from '../helpers/engine-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * Issue 16, defect 1, second fault: a stop must never wait forever for a pid
 * that is gone, even if the exit of that pid never reaches drover.
 */

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
});

/** A real process whose exit its spawner never reports: what a lost exit looks like to the engine. */
function spawnLosingExit(argv: string[], output: string[]): SpawnResult {
  const prepared = prepareSpawn({ argv, cwd: '/tmp', env: { PATH: process.env.PATH ?? '' }, user: null, umask: null });
  if (!prepared.ok) return prepared;
  const result = spawnWithNode(prepared.spawn);
  if (!result.ok) return result;
  started.push(result.child.pid);
  result.child.stdout.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  return { ok: true, child: { ...result.child, onExit: () => {} } };
}

describe('a stop whose exit never comes', () => {
  it('counts a killed process the kernel no longer has as exited, and warns', async () => {
    const warnings: string[] = [];
    const output: string[] = [];
    const host: ProcessHost = {
      buildSpawnRequest: () => ({ argv: fixture('ignores-sigterm.mjs'), cwd: '/tmp', env: {}, user: null, umask: null }),
      spawn: (request) => spawnLosingExit(request.argv, output),
      attachOutput: () => {},
      onStateChange: () => {},
      onChildSpawned: () => {},
      onChildExited: () => {},
      warn: (_proc, message) => warnings.push(message),
    };
    const proc = new ManagedProcess(makeProgram('stubborn', [], { stopwaitsecsMs: 300 }), 0, 'stubborn', 'stubborn', host);
    proc.dispatch({ kind: 'start' });
    await waitFor('RUNNING', () => proc.state === 'RUNNING');
    await waitFor('its SIGTERM handler', () => output.join('').includes('up'));
    const pid = proc.pid!;
    proc.dispatch({ kind: 'stop' });
    await waitFor('STOPPED although no exit was reported', () => proc.state === 'STOPPED', 15_000);
    expect(isAlive(pid)).toBe(false);
    expect(proc.pid).toBeNull();
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`stubborn:stubborn.*pid ${pid}.*gone.*exit was never reported`))]);
    proc.dispose();
  });
});

describe('isChildGone', () => {
  it('says a live child is not gone, and a reaped one is', async () => {
    const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
    const pid = child.pid!;
    expect(isChildGone(pid, process.pid)).toBe(false);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(isChildGone(pid, process.pid)).toBe(true);
  });

  it('says a pid that now names another parent’s process is not our child any more', () => {
    // Our own pid stands in for a reused one: it exists, but its parent is not us.
    expect(isChildGone(process.pid, process.pid)).toBe(true);
  });

  it('does not call a zombie gone: its parent will still reap it and report the exit', async () => {
    // sh execs into sleep, which never reaps the background child: it stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 1000'], { stdio: ['ignore', 'pipe', 'ignore'] });
    started.push(parent.pid!);
    let text = '';
    parent.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    const zombie = Number(await waitFor('the background pid', () => /^\d+\n/.exec(text)?.[0]));
    await waitFor('a zombie', () => !isAlive(zombie));
    expect(isChildGone(zombie, parent.pid!)).toBe(false);
    parent.kill('SIGKILL');
  });
});
