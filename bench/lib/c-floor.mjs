/**
 * The physical floors the start-up, crash and restart figures are held against, measured in the same
 * run: bench/floor/spawn-floor.c (posix_spawn with two pipes per child, no runtime around it), built
 * with `cc -O2` into the run's temp folder, and a bare `node -e ""` (what any Node supervisor pays to
 * exist at all).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeClient } from '../scenarios/ctl-status.mjs';
import { envWithMarker, killUntilGone, newMarker, pidsWithMarker } from './cleanup.mjs';
import { sleep } from './stats.mjs';

export const SPAWN_FLOOR_SOURCE = join(dirname(fileURLToPath(import.meta.url)), '..', 'floor', 'spawn-floor.c');

/**
 * Compiles spawn-floor.c into dir; returns the binary's path. Throws, saying what to install, without a C compiler.
 * @param {string} dir
 */
export function buildSpawnFloor(dir) {
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, 'spawn-floor');
  const r = spawnSync('cc', ['-O2', '-o', bin, SPAWN_FLOOR_SOURCE], { encoding: 'utf8' });
  if (r.error && /** @type {NodeJS.ErrnoException} */ (r.error).code === 'ENOENT')
    throw new Error('`cc` is missing: the C spawn floor (bench/floor/spawn-floor.c) is compiled at bench time; install a C compiler (apt-get install gcc)');
  if (r.error) throw new Error(`cc -O2 ${SPAWN_FLOOR_SOURCE}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`cc -O2 ${SPAWN_FLOOR_SOURCE} exited ${r.status ?? r.signal}: ${r.stderr.trim()}`);
  return bin;
}

/**
 * ms for `spawn-floor n`: the C loop of n posix_spawns of `sleep 86400` (own process groups, two fresh pipes each).
 * @param {string} bin
 * @param {number} n
 */
export async function cSpawnFloorMs(bin, n) {
  // The mark lets a sweep find the sleeps should spawn-floor itself be killed before it reaps them.
  const marker = newMarker();
  try {
    const r = await timeClient(bin, [String(n)], { env: envWithMarker(marker) });
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
