/**
 * The prefork web core under HTTP load, against the usual ways of running a
 * Node web app on several cores, all serving the same hello-world listener
 * (bench/fixtures/hello.mjs) on 127.0.0.1 with 2 processes:
 *
 *   drover   drover's prefork core: the master binds once, 2 workers of its
 *            built-in runtime accept on the shared socket
 *   cluster  Node's cluster module, round-robin (the primary accepts and hands
 *            each connection to a worker)
 *   pm2      PM2 in cluster mode (`pm2 start hello-server.mjs -i 2`; Node's
 *            cluster module underneath, in PM2's daemon)
 *   single   one Node process, for reference
 *   limit    two independent Node processes on two ports, loaded at once with
 *            half the connections each: what 2 processes can do with no
 *            sharing at all
 *
 * Throughput: rounds of drover, cluster, pm2, single, limit (interleaved so
 * machine drift hits all); each run starts the server fresh, checks one
 * answer, warms it up with the same load (dropped), then loads it with
 * autocannon (lib/load.mjs: keep-alive, pipelining 1) and stops it. Also
 * measured over the timed window: the CPU of the server's processes
 * (/proc/PID/stat; by role: master, workers) and of the load generator (the
 * bench process, process.cpuUsage).
 *
 * Reload: drover with 4 workers of the same app under a steady load; `ctl
 * reload web` timed from spawn to exit, several times, with the errors and
 * non-2xx answers the load saw meanwhile; then `ctl scale web +1` timed the same
 * way (and scaled back). Each worker's own start (spawn → ready) comes from
 * drover's STARTING and RUNNING lines (drover's timestamps).
 */
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DROVER_MAIN } from '../lib/drover.mjs';
import { autocannonVersion, load, startLoad } from '../lib/load.mjs';
import { wrkLoad } from '../lib/wrk.mjs';
import { cpuTicks, CLK_TCK, machineTicks, socketCount } from '../lib/procfs.mjs';
import { sleep, summarize } from '../lib/stats.mjs';
import { freePort, startCluster, startDroverPrefork, startPm2, startSingles } from '../lib/web-servers.mjs';
import { timeClient } from './ctl-status.mjs';

export const SERVER_KEYS = ['drover', 'cluster', 'pm2', 'single', 'limit'];

/** CPU of each pid (role from roles) over a window: call to start, call the result to stop. */
function cpuByPid(roles) {
  const t0 = performance.now();
  const start = new Map();
  for (const pid of roles.keys()) {
    try {
      start.set(pid, cpuTicks(pid));
    } catch {
      // gone
    }
  }
  return () => {
    const wallS = (performance.now() - t0) / 1000;
    const procs = [];
    for (const [pid, c0] of start) {
      let ticks = null;
      try {
        ticks = cpuTicks(pid) - c0;
      } catch {
        // gone
      }
      procs.push({ pid, role: roles.get(pid), cpuPercent: ticks === null ? null : (ticks / CLK_TCK / wallS) * 100 });
    }
    const sum = (xs) => xs.reduce((a, p) => a + (p.cpuPercent ?? 0), 0);
    return {
      totalPercent: sum(procs),
      masterPercent: sum(procs.filter((p) => p.role === 'master')),
      workerPercents: procs.filter((p) => p.role === 'worker' || p.role === 'server').map((p) => p.cpuPercent),
      helperPercent: sum(procs.filter((p) => !['master', 'worker', 'server'].includes(p.role))),
      processes: procs,
    };
  };
}

/** Sockets per pid (pids that have vanished are left out). */
function socketsOf(pids) {
  const out = new Map();
  for (const pid of pids) {
    try {
      out.set(pid, socketCount(pid));
    } catch {
      // gone
    }
  }
  return out;
}

/** Machine-wide CPU busy over a window, in % of all cores (100 = every core busy): call to start, call the result to stop. */
function machineMeter() {
  const a = machineTicks();
  return () => {
    const b = machineTicks();
    const total = b.total - a.total;
    return total > 0 ? { busyPercent: ((b.busy - a.busy) / total) * 100, stealTicks: b.steal - a.steal } : null;
  };
}

/**
 * Other processes may share this machine's cores (even ones this bench cannot see: /proc/stat counts
 * every process of the kernel, other containers included). Waits, up to maxMs, for a 1 s window in
 * which the machine is at most quietPercent busy. Returns { waitedMs, quiet, lastBusyPercent }.
 */
async function waitQuiet(maxMs = 20_000, quietPercent = 15) {
  const t0 = performance.now();
  let last = null;
  for (;;) {
    const m = machineMeter();
    await sleep(1000);
    last = m()?.busyPercent ?? null;
    if (last !== null && last <= quietPercent) return { waitedMs: performance.now() - t0, quiet: true, lastBusyPercent: last };
    if (performance.now() - t0 > maxMs) return { waitedMs: performance.now() - t0, quiet: false, lastBusyPercent: last };
  }
}

const fmt = (x, d = 0) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const fmtCodes = (codes) => Object.entries(codes ?? {}).map(([k, v]) => `${k}×${v}`).join(', ');

function serverDefs({ workers, pm2 }) {
  return [
    { key: 'drover', label: 'drover prefork', start: async (dir) => startDroverPrefork(dir, { port: await freePort(), workers }) },
    { key: 'cluster', label: 'node cluster (SCHED_RR)', start: async () => startCluster({ port: await freePort(), workers }) },
    { key: 'pm2', label: `pm2 cluster mode${pm2?.version ? ` (pm2 ${pm2.version})` : ''}`, skip: pm2?.bin ? null : (pm2?.reason ?? 'pm2 not available'), start: async (dir) => startPm2(dir, { bin: pm2.bin, port: await freePort(), instances: workers }) },
    { key: 'single', label: 'single node process', start: async () => startSingles({ ports: [await freePort()], label: 'single' }) },
    {
      key: 'limit',
      label: `limit: ${workers} independent node processes, ${workers} ports`,
      start: async () => {
        const ports = [];
        while (ports.length < workers) {
          const p = await freePort();
          if (!ports.includes(p)) ports.push(p);
        }
        return startSingles({ ports, label: 'limit' });
      },
    },
  ];
}

/**
 * How the throughput runs are loaded: { shape: 'keep-alive' | 'close', describe: text for the report,
 * run({ urls, connections, durationS }) → the summary of lib/load.mjs }.
 */
export const autocannonLoader = {
  shape: 'keep-alive',
  describe: `autocannon ${autocannonVersion()} in the bench process (one thread), keep-alive, pipelining 1`,
  run: (opts) => load(opts),
};

/** wrk with `threads` threads (lib/wrk.mjs); closeEach: a new connection for every request. */
export function wrkLoader({ bin, threads = 2, closeEach = false }) {
  return {
    shape: closeEach ? 'close' : 'keep-alive',
    describe: `wrk -t${threads} (its own process)${closeEach ? ', `Connection: close` on every request (a new connection per request)' : ', keep-alive'}`,
    run: (opts) => wrkLoad({ bin, threads, closeEach, ...opts }),
  };
}

/**
 * Returns { rounds, durationS, warmupS, connections, workers, loader, shape, servers: { key: { label, runs: [...] } },
 *   skipped: { key: reason }, failures: [{ server, round, error }], stops: [{ leftovers, forced }] }.
 */
export async function preforkThroughput({ dirFor, rounds, durationS, warmupS, connections, workers, pm2, loader = autocannonLoader, nproc = availableParallelism(), gapMs = 1000, log = () => {} }) {
  const defs = serverDefs({ workers, pm2 });
  const result = { rounds, durationS, warmupS, connections, workers, pipelining: 1, loader: loader.describe, shape: loader.shape, servers: {}, skipped: {}, failures: [], stops: [] };
  for (const d of defs) {
    result.servers[d.key] = { label: d.label, runs: [] };
    if (d.skip) result.skipped[d.key] = d.skip;
  }
  for (let round = 0; round < rounds; round++) {
    for (const d of defs) {
      if (result.skipped[d.key]) continue;
      const dir = dirFor(`prefork-${d.key}`);
      let handle = null;
      try {
        handle = await d.start(dir);
        const roles = handle.roles();
        const servingPids = [...roles].filter(([, role]) => role === 'worker' || role === 'server').map(([pid]) => pid);
        const socketsBefore = socketsOf(servingPids);
        const quiet = await waitQuiet();
        if (!quiet.quiet) log(`prefork round ${round + 1}/${rounds}: ${d.key}: the machine did not get quiet (${fmt(quiet.lastBusyPercent)} % busy after ${fmt(quiet.waitedMs / 1000)} s); measuring anyway`);
        const warm = await loader.run({ urls: handle.urls, connections, durationS: warmupS });
        handle.check();
        const meter = cpuByPid(handle.roles());
        const machine = machineMeter();
        // Halfway through, how many of the load's connections each worker holds (sockets now − before any load).
        let connectionsPerWorker = null;
        const probe = setTimeout(() => {
          const now = socketsOf(servingPids);
          connectionsPerWorker = servingPids.filter((pid) => now.has(pid)).map((pid) => now.get(pid) - (socketsBefore.get(pid) ?? 0));
        }, (durationS * 1000) / 2);
        const r = await loader.run({ urls: handle.urls, connections, durationS });
        clearTimeout(probe);
        const cpu = meter();
        const m = machine();
        handle.check();
        const run = {
          round: round + 1,
          ...r,
          serverCpuPercent: cpu.totalPercent,
          // CPU the server's processes spent per answer: independent of how fast the load generator could ask.
          serverCpuUsPerRequest: r.reqPerSec > 0 ? (cpu.totalPercent / 100) * 1e6 / r.reqPerSec : null,
          masterCpuPercent: cpu.masterPercent,
          workerCpuPercents: cpu.workerPercents,
          helperCpuPercent: cpu.helperPercent, // the server's processes that are neither master nor worker (drover-spawner helpers, PM2's other processes)
          machineBusyPercent: m?.busyPercent ?? null,
          // Machine busy time not spent by the server or the load generator (other processes, other containers, the kernel), % of one core.
          othersCpuPercent: m ? (m.busyPercent / 100) * nproc * 100 - cpu.totalPercent - r.loadgenCpuPercent : null,
          quietBefore: quiet,
          machineStealTicks: m?.stealTicks ?? null,
          connectionsPerWorker,
          processes: cpu.processes,
          warmup: { reqPerSec: warm.reqPerSec, errors: warm.errors, timeouts: warm.timeouts, non2xx: warm.non2xx, errorCodes: warm.errorCodes },
        };
        result.servers[d.key].runs.push(run);
        const bad = r.errors + r.timeouts + r.non2xx;
        log(
          `prefork ${loader.shape} round ${round + 1}/${rounds}: ${d.key.padEnd(7)} ${fmt(r.reqPerSec)} req/s, p50 ${fmt(r.latencyMs.p50)} ms, p99 ${fmt(r.latencyMs.p99)} ms, ` +
            `errors ${r.errors}, timeouts ${r.timeouts}, non2xx ${r.non2xx}${bad ? ` (${fmtCodes(r.errorCodes)})` : ''}; ` +
            `CPU: server ${fmt(cpu.totalPercent)} % (master ${fmt(cpu.masterPercent)} %, workers ${cpu.workerPercents.map((x) => fmt(x)).join('/')} %), load generator ${fmt(r.loadgenCpuPercent)} %, machine ${fmt(m?.busyPercent)} % busy (others ${fmt(m ? (m.busyPercent / 100) * nproc * 100 - cpu.totalPercent - r.loadgenCpuPercent : null)} % of a core); ` +
            `connections per worker ${connectionsPerWorker?.join('/') ?? 'n/a'}`,
        );
      } catch (err) {
        const message = String(err?.message ?? err).split('\n')[0];
        log(`prefork round ${round + 1}/${rounds}: ${d.key} FAILED: ${err?.stack ?? err}`);
        result.failures.push({ server: d.key, round: round + 1, error: message });
      } finally {
        if (handle) result.stops.push(await handle.stop());
        rmSync(dir, { recursive: true, force: true });
      }
      await sleep(gapMs);
    }
  }
  return result;
}

/** `node dist/cli/main.js ctl --socket SOCK ARGS…`, timed from spawn to exit; throws unless it exits 0. */
async function ctl(inst, args) {
  const r = await timeClient(process.execPath, [DROVER_MAIN, 'ctl', '--socket', inst.socket, ...args], { cwd: inst.cwd });
  if (r.code !== 0) throw new Error(`drover ctl ${args.join(' ')} exited ${r.code ?? r.signal} after ${r.ms.toFixed(0)} ms: ${(r.stderr || r.stdout).trim()}`);
  return r;
}

/** Waits until the program has exactly n RUNNING workers, none of them in exclude (old pids). */
async function settled(handle, n, exclude = [], timeoutMs = 10_000) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const pids = handle.workerPids();
    if (pids.length === n && handle.inst.running.size === n && !pids.some((p) => exclude.includes(p))) return pids;
    if (performance.now() > until) throw new Error(`drover: expected ${n} RUNNING new workers, have pids ${pids.join(',')} (old: ${exclude.join(',')}) ${handle.inst.context()}`);
    await sleep(20);
  }
}

/** Stops a load still running, then the server, and removes its folder; returns the server's stop result. */
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
 */
export async function preforkReload({ dir, workers, reps, scaleReps, connections, gapMs = 1000, log = () => {} }) {
  const result = {
    workers,
    connections,
    reps,
    scaleReps,
    reloadMs: [],
    // Per reload: the sum of its new workers' own starts (they start one after the other).
    reloadWorkerStartSumMs: [],
    scaleMs: [],
    workerStartMs: { reload: [], scale: [] },
    reloadLoad: null,
    scaleLoad: null,
    stop: null,
  };
  let handle = null;
  let loadRun = null;
  try {
    handle = await startDroverPrefork(dir, { port: await freePort(), workers });
    const inst = handle.inst;
    let phase = null;
    const startingAt = new Map();
    inst.onEvent((ev) => {
      const t = ev.ts ?? ev.at;
      if (ev.state === 'STARTING') startingAt.set(ev.name, t);
      else if (ev.state === 'RUNNING' && startingAt.has(ev.name)) {
        if (phase) result.workerStartMs[phase].push(t - startingAt.get(ev.name));
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
      log(`prefork reload ${i + 1}/${reps}: ctl reload of ${workers} workers ${fmt(r.ms)} ms; its workers' own starts ${starts.map((x) => fmt(x)).join(' + ')} = ${fmt(startSum)} ms`);
      await sleep(gapMs);
    }
    loadRun.stop();
    result.reloadLoad = await loadRun.done;
    loadRun = null;
    const rl = result.reloadLoad;
    log(`prefork reload: load during the reloads (${connections} connections): ${fmt(rl.reqPerSec)} req/s, ${rl.totalRequests} requests, errors ${rl.errors}, timeouts ${rl.timeouts}, non2xx ${rl.non2xx}${rl.errors ? ` (${fmtCodes(rl.errorCodes)})` : ''}, p99 ${fmt(rl.latencyMs.p99)} ms, max ${fmt(rl.latencyMs.max)} ms`);

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
    result.scaleLoad = await loadRun.done;
    loadRun = null;
    const sl = result.scaleLoad;
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
 */
export async function pm2Reload({ dir, pm2, workers, reps, connections, gapMs = 1000, log = () => {} }) {
  if (!pm2?.bin) return null;
  const result = { workers, connections, reps, reloadMs: [], reloadLoad: null, stop: null };
  let handle = null;
  let loadRun = null;
  try {
    handle = await startPm2(dir, { bin: pm2.bin, port: await freePort(), instances: workers });
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
    result.reloadLoad = await loadRun.done;
    loadRun = null;
    const rl = result.reloadLoad;
    log(`pm2 reload: load during the reloads (${connections} connections): ${rl.totalRequests} requests, errors ${rl.errors}, timeouts ${rl.timeouts}, non2xx ${rl.non2xx}${rl.errors ? ` (${fmtCodes(rl.errorCodes)})` : ''}`);
    return result;
  } finally {
    result.stop = await tearDown(loadRun, handle, dir);
  }
}
