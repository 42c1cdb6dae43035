/**
 * The prefork web core's reloads under load.
 *
 * drover with 4 workers of the same hello-world app (bench/fixtures/hello.mjs) under a steady load;
 * `ctl reload web` timed from spawn to exit, several times, with the errors and non-2xx answers the
 * load saw meanwhile; then `ctl scale web +1` timed the same way (and scaled back). Each worker's own
 * start (spawn → ready) comes from drover's STARTING and RUNNING lines (drover's timestamps).
 *
 * PM2's cluster mode gets the same reloads under the same load (`pm2 reload`), for the failed-request
 * count.
 */
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DROVER_MAIN } from '../lib/drover.mjs';
import { startLoad } from '../lib/load.mjs';
import { fmt, fmtCodes } from '../lib/progress-format.mjs';
import { sleep } from '../lib/stats.mjs';
import { freePort, startDroverPrefork, startPm2 } from '../lib/web-servers.mjs';
import { timeClient } from './ctl-status.mjs';

/** @typedef {Awaited<ReturnType<typeof import('../lib/load.mjs').load>>} LoadRun */

/**
 * `node dist/cli/main.js ctl --socket SOCK ARGS…`, timed from spawn to exit; throws unless it exits 0.
 * @param {import('../lib/types.mjs').SupervisorInstance} inst
 * @param {string[]} args
 */
async function ctl(inst, args) {
  const r = await timeClient(process.execPath, [DROVER_MAIN, 'ctl', '--socket', inst.socket, ...args], { cwd: inst.cwd });
  if (r.code !== 0) throw new Error(`drover ctl ${args.join(' ')} exited ${r.code ?? r.signal} after ${r.ms.toFixed(0)} ms: ${(r.stderr || r.stdout).trim()}`);
  return r;
}

/**
 * Waits until the program has exactly n RUNNING workers, none of them in exclude (old pids).
 * @param {Awaited<ReturnType<typeof startDroverPrefork>>} handle
 * @param {number} n
 * @param {(number | null)[]} [exclude]
 */
async function settled(handle, n, exclude = [], timeoutMs = 10_000) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const pids = handle.workerPids();
    if (pids.length === n && handle.inst.running.size === n && !pids.some((p) => exclude.includes(p))) return pids;
    if (performance.now() > until) throw new Error(`drover: expected ${n} RUNNING new workers, have pids ${pids.join(',')} (old: ${exclude.join(',')}) ${handle.inst.context()}`);
    await sleep(20);
  }
}

/**
 * Stops a load still running, then the server, and removes its folder; returns the server's stop result.
 * @param {ReturnType<typeof startLoad> | null} loadRun
 * @param {{ stop: () => Promise<{ leftovers: number, forced: boolean }> } | null} handle
 * @param {string} dir
 */
async function tearDown(loadRun, handle, dir) {
  if (loadRun) {
    loadRun.stop();
    await loadRun.done.catch(() => {});
  }
  const stopped = handle ? await handle.stop() : null;
  rmSync(dir, { recursive: true, force: true });
  return stopped;
}

/**
 * Returns { workers, connections, reloadMs: [], scaleMs: [], workerStartMs: { reload: [], scale: [] },
 *   reloadLoad: <load summary>, scaleLoad: <load summary>, stop }.
 * @param {{ dir: string, workers: number, reps: number, scaleReps: number, connections: number, gapMs?: number, log?: import('../lib/types.mjs').Log }} options
 */
export async function preforkReload({ dir, workers, reps, scaleReps, connections, gapMs = 1000, log = () => {} }) {
  const result = {
    workers,
    connections,
    reps,
    scaleReps,
    reloadMs: /** @type {number[]} */ ([]),
    // Per reload: the sum of its new workers' own starts (they start one after the other).
    reloadWorkerStartSumMs: /** @type {number[]} */ ([]),
    scaleMs: /** @type {number[]} */ ([]),
    workerStartMs: { reload: /** @type {number[]} */ ([]), scale: /** @type {number[]} */ ([]) },
    reloadLoad: /** @type {LoadRun | null} */ (null),
    scaleLoad: /** @type {LoadRun | null} */ (null),
    stop: /** @type {{ leftovers: number, forced: boolean } | null} */ (null),
  };
  /** @type {Awaited<ReturnType<typeof startDroverPrefork>> | null} */
  let handle = null;
  /** @type {ReturnType<typeof startLoad> | null} */
  let loadRun = null;
  try {
    handle = await startDroverPrefork(dir, { port: await freePort(), workers });
    const inst = handle.inst;
    /** @type {'reload' | 'scale' | null} */
    let phase = null;
    /** @type {Map<string, number>} */
    const startingAt = new Map();
    inst.onEvent((ev) => {
      const t = ev.ts ?? ev.at;
      const startedAt = startingAt.get(ev.name);
      if (ev.state === 'STARTING') startingAt.set(ev.name, t);
      else if (ev.state === 'RUNNING' && startedAt !== undefined) {
        if (phase) result.workerStartMs[phase].push(t - startedAt);
        startingAt.delete(ev.name);
      } else startingAt.delete(ev.name);
    });
    await sleep(500);

    phase = 'reload';
    loadRun = startLoad({ urls: handle.urls, connections, durationS: 3600 });
    await sleep(1000); // the load is established before the first reload
    for (let i = 0; i < reps; i++) {
      const before = handle.workerPids();
      const first = result.workerStartMs.reload.length;
      const r = await ctl(inst, ['reload', 'web']);
      await settled(handle, workers, before);
      const starts = result.workerStartMs.reload.slice(first);
      if (starts.length !== workers) throw new Error(`drover: reload ${i + 1} started ${starts.length} workers, expected ${workers} ${inst.context()}`);
      const startSum = starts.reduce((a, b) => a + b, 0);
      result.reloadMs.push(r.ms);
      result.reloadWorkerStartSumMs.push(startSum);
      log(
        `prefork reload ${i + 1}/${reps}: ctl reload of ${workers} workers ${fmt(r.ms)} ms; its workers' own starts ${starts.map((x) => fmt(x)).join(' + ')} = ${fmt(startSum)} ms`,
      );
      await sleep(gapMs);
    }
    loadRun.stop();
    const rl = (result.reloadLoad = await loadRun.done);
    loadRun = null;
    log(
      `prefork reload: load during the reloads (${connections} connections): ${fmt(rl.reqPerSec)} req/s, ${rl.totalRequests} requests, errors ${rl.errors}, timeouts ${rl.timeouts}, non2xx ${rl.non2xx}${rl.errors ? ` (${fmtCodes(rl.errorCodes)})` : ''}, p99 ${fmt(rl.latencyMs.p99)} ms, max ${fmt(rl.latencyMs.max)} ms`,
    );

    phase = 'scale';
    loadRun = startLoad({ urls: handle.urls, connections, durationS: 3600 });
    await sleep(1000);
    for (let i = 0; i < scaleReps; i++) {
      const up = await ctl(inst, ['scale', 'web', '+1']);
      await settled(handle, workers + 1);
      result.scaleMs.push(up.ms);
      await sleep(gapMs / 2);
      await ctl(inst, ['scale', 'web', '-1']);
      await settled(handle, workers);
      log(`prefork scale ${i + 1}/${scaleReps}: ctl scale web +1 ${fmt(up.ms)} ms (worker start from the state lines ${fmt(result.workerStartMs.scale.at(-1))} ms)`);
      await sleep(gapMs / 2);
    }
    loadRun.stop();
    const sl = (result.scaleLoad = await loadRun.done);
    loadRun = null;
    log(`prefork scale: load during the scaling: errors ${sl.errors}, timeouts ${sl.timeouts}, non2xx ${sl.non2xx}${sl.errors ? ` (${fmtCodes(sl.errorCodes)})` : ''}`);
    handle.check();
    return result;
  } finally {
    result.stop = await tearDown(loadRun, handle, dir);
  }
}

/**
 * The same reload under load for PM2 in cluster mode: `pm2 reload hello` (its zero-downtime reload:
 * a new instance per old one, the old one stopped once the new one listens), timed from spawn to
 * exit, then waited for until every instance is online with a new pid. Returns
 * { workers, connections, reps, reloadMs: [], reloadLoad, stop }, or null without pm2.
 * @param {{ dir: string, pm2: import('../lib/types.mjs').Located | null, workers: number, reps: number, connections: number, gapMs?: number, log?: import('../lib/types.mjs').Log }} options
 */
export async function pm2Reload({ dir, pm2, workers, reps, connections, gapMs = 1000, log = () => {} }) {
  if (!pm2?.bin) return null;
  const result = {
    workers,
    connections,
    reps,
    reloadMs: /** @type {number[]} */ ([]),
    reloadLoad: /** @type {LoadRun | null} */ (null),
    stop: /** @type {{ leftovers: number, forced: boolean } | null} */ (null),
  };
  /** @type {Awaited<ReturnType<typeof startPm2>> | null} */
  let handle = null;
  /** @type {ReturnType<typeof startLoad> | null} */
  let loadRun = null;
  try {
    const bin = pm2.bin;
    handle = await startPm2(dir, { bin, port: await freePort(), instances: workers });
    loadRun = startLoad({ urls: handle.urls, connections, durationS: 3600 });
    await sleep(1000);
    for (let i = 0; i < reps; i++) {
      const before = await handle.onlinePids();
      const t0 = performance.now();
      const r = await handle.pm2(['reload', 'hello']);
      const ms = performance.now() - t0;
      if (r.code !== 0) throw new Error(`pm2 reload exited ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ')}`);
      const until = performance.now() + 30_000;
      for (;;) {
        const pids = await handle.onlinePids();
        if (pids.length === workers && !pids.some((p) => before.includes(p))) break;
        if (performance.now() > until) throw new Error(`pm2: after reload ${i + 1}, online pids ${pids.join(',')} (old: ${before.join(',')})`);
        await sleep(100);
      }
      result.reloadMs.push(ms);
      log(`pm2 reload ${i + 1}/${reps}: pm2 reload of ${workers} instances ${fmt(ms)} ms`);
      await sleep(gapMs);
    }
    loadRun.stop();
    const rl = (result.reloadLoad = await loadRun.done);
    loadRun = null;
    log(
      `pm2 reload: load during the reloads (${connections} connections): ${rl.totalRequests} requests, errors ${rl.errors}, timeouts ${rl.timeouts}, non2xx ${rl.non2xx}${rl.errors ? ` (${fmtCodes(rl.errorCodes)})` : ''}`,
    );
    return result;
  } finally {
    result.stop = await tearDown(loadRun, handle, dir);
  }
}
