/**
 * The physical floors the start-up, crash and restart figures are held against, measured in the same
 * run: bench/floor/spawn-floor.c (posix_spawn with two pipes per child, no runtime around it), built
 * with `cc -O2` into the run's temp folder, and a bare `node -e ""` (what any Node supervisor pays to
 * exist at all).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { timeClient } from '../scenarios/ctl-status.mjs';
import { envWithMarker, killUntilGone, newMarker, pidsWithMarker } from './cleanup.mjs';
import { watchLines } from './line-watcher.mjs';
import { sleep } from './stats.mjs';

const FLOOR_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'floor');
export const SPAWN_FLOOR_SOURCE = join(FLOOR_DIR, 'spawn-floor.c');
export const RESPAWN_FLOOR_SOURCE = join(FLOOR_DIR, 'respawn-floor.c');

/**
 * Compiles one floor program into dir; returns the binary's path. Throws, saying what to install, without a C compiler.
 * @param {string} dir
 * @param {string} source
 */
function compileFloor(dir, source) {
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, basename(source, '.c'));
  const r = spawnSync('cc', ['-O2', '-o', bin, source], { encoding: 'utf8' });
  if (r.error && /** @type {NodeJS.ErrnoException} */ (r.error).code === 'ENOENT')
    throw new Error(`\`cc\` is missing: the C floors (bench/floor/*.c) are compiled at bench time; install a C compiler (apt-get install gcc)`);
  if (r.error) throw new Error(`cc -O2 ${source}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`cc -O2 ${source} exited ${r.status ?? r.signal}: ${r.stderr.trim()}`);
  return bin;
}

/**
 * Compiles both floors into dir: spawn-floor.c (N spawns timed in C) and respawn-floor.c (the smallest supervisor, for crash → RUNNING).
 * @param {string} dir
 * @returns {{ spawn: string, respawn: string }}
 */
export function buildFloors(dir) {
  return { spawn: compileFloor(dir, SPAWN_FLOOR_SOURCE), respawn: compileFloor(dir, RESPAWN_FLOOR_SOURCE) };
}

/**
 * ms for `spawn-floor n`: the C loop of n posix_spawns of `sleep 86400` (own process groups, two fresh pipes each);
 * with restart, `spawn-floor n restart`: SIGTERM n such children, reap them, and spawn n again.
 * @param {string} bin
 * @param {number} n
 * @param {{ restart?: boolean }} [options]
 */
export async function cSpawnFloorMs(bin, n, { restart = false } = {}) {
  // The mark lets a sweep find the sleeps should spawn-floor itself be killed before it reaps them.
  const marker = newMarker();
  try {
    const r = await timeClient(bin, restart ? [String(n), 'restart'] : [String(n)], { env: envWithMarker(marker) });
    const ns = Number(r.stdout.trim());
    if (r.code !== 0 || !Number.isFinite(ns) || ns <= 0) throw new Error(`spawn-floor ${n} exited ${r.code ?? r.signal}: ${r.stderr.trim() || r.stdout.trim() || '(no output)'}`);
    return ns / 1e6;
  } finally {
    killUntilGone(() => pidsWithMarker(marker));
  }
}

/**
 * `spawn-floor 1`, `times` times: one posix_spawn timed alone (the floor under crash → RUNNING).
 * @param {string} bin
 * @param {number} times
 */
export async function cSingleSpawnMs(bin, times, gapMs = 20) {
  const samples = [];
  for (let i = 0; i < times; i++) {
    samples.push(await cSpawnFloorMs(bin, 1));
    await sleep(gapMs);
  }
  return samples;
}

/**
 * ms from spawn() to the exit of a bare `node -e ""`, in the environment the timed supervisor gets
 * (the start-up runs keep NODE_EXTRA_CA_CERTS, as drover's supervisor does; see src/cli/drover.sh).
 * @param {NodeJS.ProcessEnv} [env]
 */
export async function bareNodeMs(env = process.env) {
  const r = await timeClient(process.execPath, ['-e', ''], { env });
  if (r.code !== 0) throw new Error(`node -e "" exited ${r.code ?? r.signal}: ${r.stderr.trim()}`);
  return r.ms;
}

/**
 * crash → RUNNING under the smallest C supervisor (respawn-floor.c), `times` kills, timed as the crash
 * scenario times drover's: from the bench's SIGKILL of the child to the arrival of the next RUNNING line.
 * @param {string} bin  respawn-floor, from buildFloors
 * @param {number} times
 */
export async function cRespawnFloorMs(bin, times, gapMs = 100) {
  const marker = newMarker();
  const floor = spawn(bin, [], { env: envWithMarker(marker), stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {number[]} */
  const pids = [];
  /** @type {(() => void) | null} */
  let onPid = null;
  let stderr = '';
  let exited = false;
  const gone = new Promise((resolve) => floor.on('close', resolve));
  floor.on('exit', () => (exited = true));
  floor.stderr.on('data', (c) => (stderr += c));
  watchLines(floor.stdout, (line) => {
    const m = /^RUNNING (\d+)$/.exec(line);
    if (!m) return;
    pids.push(Number(m[1]));
    onPid?.();
  });
  const nextPid = (/** @type {number} */ count, /** @type {string} */ what) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`respawn-floor: no ${what} within 10 s (exited: ${exited}) ${stderr.trim()}`)), 10_000);
      onPid = () => {
        if (pids.length < count) return;
        clearTimeout(timer);
        onPid = null;
        resolve(performance.now());
      };
      onPid();
    });
  try {
    await nextPid(1, 'first RUNNING line');
    const samples = [];
    for (let i = 0; i < times; i++) {
      const t0 = performance.now();
      process.kill(/** @type {number} */ (pids.at(-1)), 'SIGKILL');
      samples.push(/** @type {number} */ (await nextPid(i + 2, 'RUNNING line after SIGKILL')) - t0);
      await sleep(gapMs);
    }
    return samples;
  } finally {
    floor.kill('SIGTERM');
    await Promise.race([gone, sleep(5000)]);
    killUntilGone(() => pidsWithMarker(marker));
  }
}
