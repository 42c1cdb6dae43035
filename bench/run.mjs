#!/usr/bin/env node
/**
 * `npm run bench [-- --quick] [-- --only startup,idle,crash,flood,ctl,restart,graceful,asgi,watch,view,prefork]`
 *
 * Measures drover and, as peers in the same run, supervisord and PM2 on the
 * same workloads, interleaving runs (drover, supervisord, pm2, drover, …) so
 * machine drift hits all of them. Prints a table on stdout (progress goes to
 * stderr) and writes bench/RESULTS.md and bench/results.json. Everything runs
 * in a temp folder; every process the bench starts is killed on the way out,
 * on failure and on Ctrl-C too (see lib/cleanup.mjs).
 *
 * The peers are never project dependencies: supervisord comes from Debian's
 * `supervisor` package (apt-get, when missing and the bench runs as root), PM2
 * from npm into /tmp/drover-bench-tools (lib/web-servers.mjs locatePm2).
 *
 * The prefork scenario has more peers: Node's cluster module, PM2 in cluster
 * mode, a single Node process and two independent ones, loaded with wrk
 * (installed with apt-get when missing and the bench runs as root) or else
 * autocannon (scenarios/prefork.mjs).
 *
 * The graceful scenario runs a real gunicorn (Debian's `gunicorn` package,
 * installed with apt-get when missing and the bench runs as root) under
 * drover and supervisord, and counts failed requests while it is signalled,
 * reloaded or restarted under load (scenarios/graceful.mjs).
 *
 * The asgi scenario runs the same FastAPI app on drover's prefork core (uvicorn
 * workers) and on `gunicorn -k uvicorn.workers.UvicornWorker` with the same
 * worker count (Debian's packages), for req/s and for failed requests during
 * reloads (scenarios/asgi.mjs).
 *
 * The view scenario has no peer (supervisord has no such view): it measures
 * `drover attach` in an 80×24 pseudo-terminal (util-linux `script`) on a
 * `drover --daemon` with 1,000 processes (scenarios/view.mjs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCleanupHandlers, makeTempRoot, removeTempDirs, sweepSession } from './lib/cleanup.mjs';
import { DROVER_MAIN, DROVER_ROOT, drover, droverVersion } from './lib/drover.mjs';
import { CLK_TCK } from './lib/procfs.mjs';
import { buildRows, checkTargets, renderText, writeReports } from './lib/report.mjs';
import { sleep, summarize } from './lib/stats.mjs';
import { locateSupervisord, makeSupervisordTool } from './lib/supervisord.mjs';
import { ctlStatus } from './scenarios/ctl-status.mjs';
import { crashOnceByLines, crashOnceByPolling, startCrashSubject } from './scenarios/crash.mjs';
import { flood } from './scenarios/flood.mjs';
import { idle } from './scenarios/idle.mjs';
import { singleSpawnLatency, spawnFloor } from './scenarios/os-floor.mjs';
import { autocannonVersion } from './lib/load.mjs';
import { locatePm2 } from './lib/web-servers.mjs';
import { autocannonLoader, pm2Reload, preforkReload, preforkThroughput, wrkLoader } from './scenarios/prefork.mjs';
import { makePm2Tool } from './lib/pm2.mjs';
import { locateWrk } from './lib/wrk.mjs';
import { startupByLines, startupByPolling } from './scenarios/startup.mjs';
import { FRONT, viewRun } from './scenarios/view.mjs';
import { removeTree, watchedTree, watchIdle, WATCHED_FILES } from './scenarios/watch.mjs';
import { groupRestart } from './scenarios/group-restart.mjs';
import { graceful } from './scenarios/graceful.mjs';
import { asgi, locateAsgiStack } from './scenarios/asgi.mjs';
import { findOrAptInstall } from './lib/apt.mjs';
import { scriptVersion } from './lib/pty-view.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg = argv.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : argv[argv.indexOf(onlyArg) + 1] ?? '').split(',') : null;
const wants = (name) => !only || only.includes(name);

// The budget is the issue's: --quick under 3 minutes, the full run under 20, with three supervisors.
// supervisord needs ~40-80 ms per spawn on this kind of VM (1000 programs ≈ 50 s per run), which is what
// bounds the plan: --quick leaves out the 1000-program start-up (and the view and watch scenarios, which
// have no peer), and the XML-RPC-polled supervisord variants run in neither (they measure supervisord
// with a client waking its loop; the crash scenario keeps its polled variant, which is cheap).
const PLAN = quick
  ? {
      programs: 100, // start-up, idle and status: half the full plan's 200, so supervisord and PM2 start and stop in time
      startupSizes: [100],
      startupReps: { 100: 1 },
      floorReps: { 100: 0 },
      idleReps: 1,
      idleWindowS: 5,
      singleSpawns: 10,
      crashKills: 3,
      floodReps: 1,
      floodWindowS: 2,
      ctlWarmup: 1,
      ctlReps: 5,
      groupRestartWarmup: 0,
      groupRestartReps: 1,
      gracefulReps: 1,
      asgiRounds: 1,
      asgiReloadReps: 1,
      watchReps: 0,
      watchWindowS: 10,
      viewReps: 0,
      viewWindowS: 10,
      viewSettleS: 5,
      preforkRounds: 1,
      preforkCloseRounds: 0,
      preforkDurationS: 2,
      preforkWarmupS: 1,
      preforkConnections: 50,
      preforkWorkers: 2,
      preforkWrkThreads: 2,
      reloadWorkers: 4,
      reloadReps: 1,
      scaleReps: 0,
      reloadConnections: 20,
    }
  : {
      programs: 200,
      startupSizes: [200, 1000],
      startupReps: { 200: 5, 1000: 2 },
      floorReps: { 200: 3, 1000: 1 },
      idleReps: 1,
      idleWindowS: 30, // the issue's idle window
      singleSpawns: 30,
      crashKills: 20,
      floodReps: 2,
      floodWindowS: 10, // the issue's flood window
      ctlWarmup: 3,
      ctlReps: 30,
      groupRestartWarmup: 1,
      groupRestartReps: 6,
      gracefulReps: 3,
      asgiRounds: 5,
      asgiReloadReps: 3,
      watchReps: 1,
      watchWindowS: 20,
      viewReps: 1,
      viewWindowS: 15,
      viewSettleS: 5,
      preforkRounds: 3,
      preforkCloseRounds: 1, // the new-connection shape has no target: one round shows the accept path
      preforkDurationS: 8,
      preforkWarmupS: 2,
      preforkConnections: 50,
      preforkWorkers: 2,
      preforkWrkThreads: 2,
      reloadWorkers: 4,
      reloadReps: 5,
      scaleReps: 3,
      reloadConnections: 20,
    };

const BENCH_T0 = performance.now();
const log = (msg) => process.stderr.write(`${msg}\n`);
installCleanupHandlers(log);

if (!existsSync(DROVER_MAIN)) {
  log(`bench: ${DROVER_MAIN} is missing; run \`npm run build\` (npm run bench does it)`);
  process.exit(1);
}

const root = makeTempRoot();
let runCount = 0;
const runDir = (label) => join(root, `${String(++runCount).padStart(3, '0')}-${label}`);

function tryRun(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', cwd: DROVER_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

// supervisord and PM2 are peers of every supervisor scenario; PM2 (cluster mode) of prefork too. graceful
// compares drover with supervisord only: PM2 has no `signal` for a program it runs in fork mode.
const needsPm2 = ['startup', 'idle', 'crash', 'flood', 'ctl', 'restart'].some(wants);
const needsSupervisord = needsPm2 || wants('graceful');
const peer = needsSupervisord ? locateSupervisord(log) : { bin: null, reason: 'not needed by the scenarios run (--only)' };
const supervisord = peer.bin ? makeSupervisordTool(peer.bin) : null;
if (!supervisord && needsSupervisord) log(`bench: peer skipped: ${peer.reason}`);
const pm2 = needsPm2 || wants('prefork') ? locatePm2(log) : null;
if (pm2 && !pm2.bin) log(`bench: pm2 peer skipped: ${pm2.reason}`);
const pm2Tool = pm2?.bin && needsPm2 ? makePm2Tool(pm2.bin) : null;
/** Every supervisor of the run, in the order each round runs them. */
const TOOLS = [drover, supervisord, pm2Tool].filter(Boolean);
// wrk (C) leaves more of a small machine's cores to the servers than autocannon; autocannon when wrk cannot be had.
const wrk = wants('prefork') || wants('asgi') ? locateWrk(log) : null;
if (wrk && !wrk.bin) log(`bench: wrk not available (${wrk.reason}); the prefork scenario uses autocannon`);
const gunicorn = wants('graceful') ? findOrAptInstall('gunicorn', 'gunicorn', log) : null;
if (gunicorn && !gunicorn.bin) log(`bench: graceful skipped: ${gunicorn.reason}`);
const asgiStack = wants('asgi') ? locateAsgiStack(log) : null;
if (asgiStack?.reason) log(`bench: asgi skipped: ${asgiStack.reason}`);

const results = {
  meta: {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    nproc: Number(tryRun('nproc', [])) || os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    kernel: os.release(),
    memGB: Math.round(os.totalmem() / 1e9),
    node: process.version,
    drover: droverVersion(),
    droverSpawner:
      process.env.DROVER_SPAWNER === 'node' || !existsSync(join(DROVER_ROOT, 'dist', 'engine', 'native', 'drover-spawner'))
        ? "Node child_process (no native helper built, or DROVER_SPAWNER=node)"
        : 'native posix_spawn helper (dist/engine/native/drover-spawner)',
    gitCommit: tryRun('git', ['rev-parse', '--short', 'HEAD']),
    supervisord: peer.bin ? `${peer.version} (${peer.bin})` : null,
    supervisordSkipped: peer.bin ? null : peer.reason,
    ...(pm2
      ? {
          pm2: pm2.bin ? `${pm2.version} (${pm2.bin}${pm2.installed ? ', installed by this run' : ''})` : null,
          pm2Skipped: pm2.bin ? null : pm2.reason,
          autocannon: autocannonVersion(),
          wrk: wrk?.bin ? `${wrk.version} (${wrk.bin}${wrk.installed ? ', installed by this run' : ''})` : null,
        }
      : {}),
    ...(gunicorn
      ? { gunicorn: gunicorn.bin ? `${tryRun(gunicorn.bin, ['--version']) ?? 'version unknown'} (${gunicorn.bin}${gunicorn.installed ? ', installed by this run' : ''})` : null, gunicornSkipped: gunicorn.bin ? null : gunicorn.reason }
      : {}),
    ...(asgiStack ? { asgiStack: asgiStack.versions ?? null, asgiSkipped: asgiStack.reason ?? null } : {}),
    clkTck: CLK_TCK,
    tmpRoot: root,
  },
  plan: PLAN,
  scenarios: {},
  hygiene: { leftovers: 0, forcedStops: 0, finalSweep: 0 },
  errors: [],
};

function hygiene(r) {
  results.hygiene.leftovers += r?.leftovers ?? 0;
  if (r?.forced) results.hygiene.forcedStops++;
}

async function section(name, fn, reps = 1) {
  if (!wants(name)) return;
  if (reps === 0) return log(`\n== ${name}: not in the ${quick ? 'quick' : 'full'} plan`);
  log(`\n== ${name}`);
  const t0 = performance.now();
  try {
    await fn();
    log(`== ${name} took ${fmt((performance.now() - t0) / 1000, 0)} s (${fmt((performance.now() - BENCH_T0) / 1000, 0)} s into the run)`);
  } catch (err) {
    log(`bench: ${name} failed: ${err?.stack ?? err}`);
    results.errors.push({ scenario: name, error: String(err?.message ?? err).split('\n')[0] });
    sweepSession();
  }
}

const fmt = (x, d = 1) => (typeof x === 'number' ? x.toFixed(d) : String(x));
const pluckRuns = (t, server, key) => (t.servers[server]?.runs ?? []).map((run) => run[key]);

await section('startup', async () => {
  const startup = (results.scenarios.startup = {});
  results.osFloor = {};
  const reps = Math.max(...Object.values(PLAN.startupReps));
  for (let rep = 0; rep < reps; rep++) {
    for (const n of PLAN.startupSizes) {
      if (rep >= PLAN.startupReps[n]) continue;
      const s = (startup[n] ??= { ...Object.fromEntries(TOOLS.map((tool) => [tool.name, []])), stopMs: Object.fromEntries(TOOLS.map((tool) => [tool.name, []])) });
      if (rep < (PLAN.floorReps[n] ?? 0)) {
        const ms = await spawnFloor(n);
        (results.osFloor[n] ??= []).push(ms);
        log(`start ${n}: OS floor, Node spawns ${n} × sleep in ${fmt(ms, 0)} ms`);
        await sleep(500);
      }
      for (const tool of TOOLS) {
        const x = await startupByLines(tool, runDir(`start${n}-${tool.name}`), n);
        hygiene(x);
        s[tool.name].push(x.ms);
        // A peer is killed once timed (SupervisorInstance.finish): only drover's graceful stop is timed.
        if (!x.discarded) s.stopMs[tool.name].push(x.stopMs);
        log(`start ${n}: ${tool.name} ${fmt(x.ms, 0)} ms${x.discarded ? '' : ` (stop took ${fmt(x.stopMs, 0)} ms)`}`);
        await sleep(500);
      }
    }
  }
});

await section('idle', async () => {
  const n = PLAN.programs;
  const r = (results.scenarios.idle = { programs: n, windowS: PLAN.idleWindowS, ...Object.fromEntries(TOOLS.map((tool) => [tool.name, []])) });
  for (let rep = 0; rep < PLAN.idleReps; rep++) {
    for (const tool of TOOLS) {
      const x = await idle(tool, runDir(`idle-${tool.name}`), n, PLAN.idleWindowS * 1000);
      hygiene(x);
      r[tool.name].push(x);
      log(`idle: ${tool.name} ${fmt(x.cpuPercent, 3)} % CPU (${x.ticks} ticks in ${fmt(x.wallMs / 1000)} s), RSS ${fmt(x.rssMB)} MB (main process ${fmt(x.mainProcessRssMB)} MB + ${x.helperProcesses} helper process(es))`);
      await sleep(500);
    }
  }
});

await section('crash', async () => {
  const r = (results.scenarios.crash = { kills: PLAN.crashKills, ...Object.fromEntries(TOOLS.map((tool) => [tool.name, []])), supervisordPolled: [] });
  const subjects = [];
  r.singleSpawnMs = await singleSpawnLatency(PLAN.singleSpawns);
  log(`crash: OS floor, one Node spawn of sleep: median ${fmt(summarize(r.singleSpawnMs).median, 2)} ms`);
  try {
    for (const tool of TOOLS) subjects.push({ tool, inst: await startCrashSubject(tool, runDir(`crash-${tool.name}`)) });
    for (let i = 0; i < PLAN.crashKills; i++) {
      for (const { tool, inst } of subjects) {
        r[tool.name].push(await crashOnceByLines(inst));
        await sleep(100);
        if (tool === supervisord) {
          r.supervisordPolled.push(await crashOnceByPolling(inst, 1));
          await sleep(100);
        }
      }
      const last = (xs) => (xs.length ? fmt(typeof xs.at(-1) === 'number' ? xs.at(-1) : xs.at(-1).ms, 2) : '-');
      log(`crash ${i + 1}/${PLAN.crashKills}: ${TOOLS.map((tool) => `${tool.name} ${last(r[tool.name])} ms`).join(', ')}${supervisord ? `, supervisord polled ${last(r.supervisordPolled)} ms` : ''}`);
    }
    if (r.supervisordPolled.length) {
      const polls = r.supervisordPolled.reduce((a, x) => a + x.polls, 0);
      const rpcMs = r.supervisordPolled.reduce((a, x) => a + x.rpcMs, 0);
      r.pollStats = { meanPolls: polls / r.supervisordPolled.length, meanRpcMs: rpcMs / polls };
    }
  } finally {
    for (const { inst } of subjects) hygiene(await inst.finish());
  }
});

await section('flood', async () => {
  const r = (results.scenarios.flood = { windowS: PLAN.floodWindowS, ...Object.fromEntries(TOOLS.map((tool) => [tool.name, []])) });
  for (let rep = 0; rep < PLAN.floodReps; rep++) {
    for (const tool of TOOLS) {
      const x = await flood(tool, runDir(`flood-${tool.name}`), PLAN.floodWindowS * 1000);
      hygiene(x);
      r[tool.name].push(x);
      log(`flood: ${tool.name} ${fmt(x.mbPerSec)} MB/s, CPU ${fmt(x.cpuPercent)} %, bad lines ${x.badLines}, missing ${x.missingBytes} B, ${x.rotations} rotations, drain ${fmt(x.drainMs, 0)} ms`);
      await sleep(1000);
    }
  }
});

await section('ctl', async () => {
  const n = PLAN.programs;
  const r = await ctlStatus({
    tools: TOOLS,
    dirFor: runDir,
    n,
    warmup: PLAN.ctlWarmup,
    reps: PLAN.ctlReps,
    log,
  });
  for (const stop of r.stops) hygiene(stop);
  delete r.stops;
  results.scenarios.ctl = r;
  const med = (xs) => (xs.length ? fmt(summarize(xs).median, 1) : 'n/a');
  log(`ctl: status of ${n} from a fresh client, median: ${TOOLS.map((tool) => `${tool.name} ${med(r[tool.name] ?? [])} ms`).join(', ')}, node -e "" ${med(r.nodeFloor)} ms`);
});

await section('restart', async () => {
  const r = await groupRestart({ tools: TOOLS, dirFor: runDir, n: 50, warmup: PLAN.groupRestartWarmup, reps: PLAN.groupRestartReps, log });
  for (const stop of r.stops) hygiene(stop);
  delete r.stops;
  results.scenarios.groupRestart = r;
  const med = (xs) => (xs?.length ? fmt(summarize(xs).median, 0) : 'n/a');
  log(`restart: a group of ${r.programs}, fresh client, median: ${TOOLS.map((tool) => `${tool.name} ${med(r[tool.name])} ms`).join(', ')}`);
});

await section('graceful', async () => {
  if (!gunicorn?.bin || !supervisord) return log(`graceful: skipped (${gunicorn?.bin ? peer.reason : gunicorn?.reason})`);
  const r = await graceful({ tools: { drover, supervisord }, gunicorn: gunicorn.bin, dirFor: runDir, reps: PLAN.gracefulReps, log });
  for (const stop of r.stops) hygiene(stop);
  delete r.stops;
  r.gunicorn = results.meta.gunicorn; // kept with the figures: a later --only run may carry them over
  results.scenarios.graceful = r;
  const med = (runs, key) => (runs?.length ? fmt(summarize(runs.map((x) => x[key])).median, 0) : 'n/a');
  log(`graceful: failed requests, median: drover signal HUP ${med(r.drover.signal, 'failed')}, supervisord signal HUP ${med(r.supervisord.signal, 'failed')}, drover reload ${med(r.drover.reload, 'failed')}, drover restart ${med(r.drover.restart, 'failed')}`);
}, PLAN.gracefulReps);

await section('asgi', async () => {
  if (!asgiStack?.gunicornBin || !wrk?.bin) throw new Error(`asgi: not run: ${asgiStack?.reason ?? wrk?.reason}`);
  const r = await asgi({ dirFor: runDir, gunicornBin: asgiStack.gunicornBin, wrkBin: wrk.bin, workers: PLAN.preforkWorkers, connections: PLAN.preforkConnections, durationS: PLAN.preforkDurationS, warmupS: PLAN.preforkWarmupS, rounds: PLAN.asgiRounds, reloadReps: PLAN.asgiReloadReps, log });
  for (const stop of r.stops) hygiene(stop);
  delete r.stops;
  r.stack = results.meta.asgiStack;
  results.scenarios.asgi = r;
}, PLAN.asgiRounds);

await section('watch', async () => {
  const base = runDir('watch-tree');
  const tree = watchedTree(base);
  const r = (results.scenarios.watch = { files: WATCHED_FILES, windowS: PLAN.watchWindowS, watching: [], unwatched: [] });
  try {
    for (let rep = 0; rep < PLAN.watchReps; rep++) {
      for (const watching of [true, false]) {
        const x = await watchIdle(drover, runDir(`watch-${watching ? 'on' : 'off'}`), tree, watching, PLAN.watchWindowS * 1000);
        hygiene(x);
        r[watching ? 'watching' : 'unwatched'].push(x);
        log(`watch: drover ${watching ? `watching ${WATCHED_FILES} files` : 'not watching'}: ${fmt(x.cpuPercent, 3)} % CPU (${x.ticks} ticks in ${fmt(x.wallMs / 1000)} s), RSS ${fmt(x.rssMB)} MB`);
        await sleep(500);
      }
    }
  } finally {
    removeTree(base);
  }
}, PLAN.watchReps);

await section('view', async () => {
  const n = 1000;
  const r = (results.scenarios.view = {
    programs: n,
    onScreen: FRONT,
    rows: 24,
    cols: 80,
    statsIntervalS: 1,
    windowS: PLAN.viewWindowS,
    settleS: PLAN.viewSettleS,
    term: 'xterm-256color',
    pty: scriptVersion() ?? 'script (version unknown)',
    steady: [],
    changing: [],
  });
  for (let rep = 0; rep < PLAN.viewReps; rep++) {
    for (const variant of ['steady', 'changing']) {
      const x = await viewRun({ dir: runDir(`view-${variant}`), variant, n, windowMs: PLAN.viewWindowS * 1000, settleMs: PLAN.viewSettleS * 1000 });
      hygiene(x);
      r[variant].push(x);
      log(`view ${variant} ${rep + 1}/${PLAN.viewReps}: view ${fmt(x.viewCpuPercent, 2)} % CPU, daemon ${fmt(x.daemonCpuPercent, 2)} % CPU (${x.daemonProcesses} process(es)), terminal ${fmt(x.kbPerSec, 2)} KB/s (${x.bursts} bursts, median ${fmt(x.burstBytesMedian, 0)} B, max ${fmt(x.burstBytesMax, 0)} B), on-screen CPU figures changed ${fmt((x.cpuChangedFraction ?? NaN) * 100, 0)} %; script ${fmt(x.scriptCpuPercent, 2)} %, view RSS ${fmt(x.viewRssMB)} MB, view read ${fmt(x.viewReadKBPerSec)} KB/s`);
      await sleep(1000);
    }
  }
}, PLAN.viewReps);

await section('prefork', async () => {
  const r = (results.scenarios.prefork = {});
  // Keep-alive (the issue's shape) and, with wrk, a new connection per request, where the accept path shows.
  const loaders = wrk?.bin
    ? { throughput: wrkLoader({ bin: wrk.bin, threads: PLAN.preforkWrkThreads }), throughputClose: wrkLoader({ bin: wrk.bin, threads: PLAN.preforkWrkThreads, closeEach: true }) }
    : { throughput: autocannonLoader };
  if (!PLAN.preforkCloseRounds) delete loaders.throughputClose;
  for (const [slot, loader] of Object.entries(loaders)) {
    const t = await preforkThroughput({
      dirFor: runDir,
      rounds: slot === 'throughputClose' ? PLAN.preforkCloseRounds : PLAN.preforkRounds,
      durationS: PLAN.preforkDurationS,
      warmupS: PLAN.preforkWarmupS,
      connections: PLAN.preforkConnections,
      workers: PLAN.preforkWorkers,
      pm2,
      loader,
      nproc: results.meta.nproc,
      log,
    });
    for (const stop of t.stops) hygiene(stop);
    delete t.stops;
    r[slot] = t;
    for (const f of t.failures) results.errors.push({ scenario: 'prefork', error: `${loader.shape}: ${f.server} round ${f.round}: ${f.error}` });
    const med = (key) => summarize(pluckRuns(t, key, 'reqPerSec'))?.median;
    log(`prefork ${loader.shape}: median req/s: ${Object.keys(t.servers).map((k) => `${k} ${t.skipped[k] ? 'skipped' : fmt(med(k), 0)}`).join(', ')}`);
  }

  const x = await preforkReload({
    dir: runDir('prefork-reload'),
    workers: PLAN.reloadWorkers,
    reps: PLAN.reloadReps,
    scaleReps: PLAN.scaleReps,
    connections: PLAN.reloadConnections,
    log,
  });
  hygiene(x.stop);
  delete x.stop;
  r.reload = x;
  log(`prefork: ctl reload of ${x.workers} workers, median ${fmt(summarize(x.reloadMs)?.median, 0)} ms; worker start (STARTING → RUNNING) median ${fmt(summarize(x.workerStartMs.reload)?.median, 0)} ms; ctl scale +1 median ${fmt(summarize(x.scaleMs)?.median, 0)} ms`);

  // The same reload under the same load for PM2's cluster mode (`pm2 reload`), for the failed-request count.
  const p = await pm2Reload({ dir: runDir('prefork-pm2-reload'), pm2, workers: PLAN.reloadWorkers, reps: PLAN.reloadReps, connections: PLAN.reloadConnections, log });
  if (p) {
    hygiene(p.stop);
    delete p.stop;
    r.pm2Reload = p;
  }
});

results.hygiene.finalSweep = sweepSession();
removeTempDirs();

// With --only, the scenarios not run keep the figures of the previous results.json (labelled as such
// in both reports), so a partial run does not wipe the rest of RESULTS.md.
if (only) {
  try {
    const previous = JSON.parse(readFileSync(join(HERE, 'results.json'), 'utf8'));
    const carried = Object.keys(previous.scenarios ?? {}).filter((name) => !wants(name) && !results.scenarios[name]);
    for (const name of carried) results.scenarios[name] = previous.scenarios[name];
    if (carried.includes('startup') && previous.osFloor) results.osFloor = previous.osFloor;
    if (carried.length) {
      // Carried over twice: name the run that measured them.
      const earlier = previous.meta?.carriedOver;
      const source = earlier && carried.every((name) => earlier.scenarios?.includes(name)) ? earlier : previous.meta ?? {};
      results.meta.carriedOver = {
        scenarios: carried,
        date: source.date ?? null,
        mode: source.mode ?? null,
        command: source.command ?? null,
        gitCommit: source.gitCommit ?? null,
        supervisord: source.supervisord ?? null,
        pm2: source.pm2 ?? null,
      };
    }
  } catch {
    // no previous results: report this run alone
  }
}

const rows = buildRows(results);
const targets = checkTargets(results);
process.stdout.write(`${renderText(results, rows, targets)}\n`);
writeReports(results, rows, targets, join(HERE, 'RESULTS.md'), join(HERE, 'results.json'));
log(`\nwrote ${join(HERE, 'RESULTS.md')} and ${join(HERE, 'results.json')}`);
process.exit(results.errors.length ? 1 : 0);
