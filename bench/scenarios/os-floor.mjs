/**
 * The machine's floor for process creation: spawn N `sleep 86400` from Node's
 * child_process (each in its own process group, like a supervisor's
 * children), then kill them. uv_spawn returns once the child has exec'd, so
 * the loop's wall time is fork+exec cost with nothing else around it.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { envWithMarker, killUntilGone, newMarker, pidsWithMarker } from '../lib/cleanup.mjs';
import { sleep } from '../lib/stats.mjs';

/**
 * @param {number} n
 */
export async function spawnFloor(n) {
  const marker = newMarker();
  const env = envWithMarker(marker);
  const children = [];
  let ms;
  try {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) children.push(spawn('sleep', ['86400'], { stdio: 'ignore', detached: true, env }));
    ms = performance.now() - t0;
  } finally {
    const exits = children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r))));
    for (const c of children) {
      try {
        c.kill('SIGKILL');
      } catch {
        // gone
      }
    }
    await Promise.race([Promise.all(exits), sleep(5000)]);
    killUntilGone(() => pidsWithMarker(marker));
  }
  return ms;
}

/**
 * One spawn at a time: how long child_process.spawn of a single `sleep` takes (the floor under crash-to-RUNNING).
 * @param {number} times
 */
export async function singleSpawnLatency(times) {
  const marker = newMarker();
  const env = envWithMarker(marker);
  const samples = [];
  try {
    for (let i = 0; i < times; i++) {
      const t0 = performance.now();
      const child = spawn('sleep', ['86400'], { stdio: 'ignore', detached: true, env });
      samples.push(performance.now() - t0);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await Promise.race([exited, sleep(2000)]);
      await sleep(20);
    }
  } finally {
    killUntilGone(() => pidsWithMarker(marker));
  }
  return samples;
}
