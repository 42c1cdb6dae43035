import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { REEXEC_AFTER_ENV, waitForPredecessor } from '../../src/cli/relaunch.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * The launcher that `ctl reexec` starts waits for the old supervisor to exit.
 * A detached supervisor's parent is init, and an exited one stays a zombie
 * until init reaps it: about a second with some container inits, never with
 * a PID 1 that does not reap. A zombie has exited; waiting on it is waiting on
 * someone else's init.
 */

let holder: ReturnType<typeof spawn> | null = null;

afterEach(() => {
  holder?.kill('SIGKILL');
  holder = null;
});

const stateOf = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return 'gone';
  }
};

it('returns as soon as the predecessor has exited, while its parent has not reaped it yet', async () => {
  // `sleep 0.05 &` then exec: the background sleep's parent becomes a `sleep 30`, which never reaps it.
  holder = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const zombie = Number(await new Promise<string>((resolve) => holder!.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))));
  await waitFor(`pid ${zombie} to be a zombie`, () => stateOf(zombie) === 'Z', 10_000);
  process.env[REEXEC_AFTER_ENV] = String(zombie);
  const t0 = Date.now();
  await waitForPredecessor();
  expect(Date.now() - t0).toBeLessThan(1000);
  expect(stateOf(zombie)).toBe('Z');
  expect(process.env[REEXEC_AFTER_ENV]).toBeUndefined();
});

it('waits while the predecessor runs', async () => {
  holder = spawn('sleep', ['0.5'], { stdio: 'ignore' });
  process.env[REEXEC_AFTER_ENV] = String(holder.pid);
  const t0 = Date.now();
  await waitForPredecessor();
  expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
});
