#!/usr/bin/env node
/**
 * `npm run bench [-- --quick] [-- --only startup,idle,crash,flood,ctl,restart,graceful,asgi,watch,view,prefork,restart-under-load]`
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
 * mode, a single Node process and two independent ones (on two ports, and on
 * one port with SO_REUSEPORT), loaded with wrk
 * (installed with apt-get when missing and the bench runs as root) or else
 * autocannon (scenarios/prefork-throughput.mjs).
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
 *
 * The restart-under-load scenario has no peer either (supervisord, PM2 and circus restart every program
 * with themselves): it SIGKILLs `drover --daemon` and starts it again 20 times under HTTP load on a
 * prefork app beside a numbered-line writer, then runs `drover ctl reexec` 20 times the same way, for
 * issue 22's failed requests, lost and repeated log lines and same pids (scenarios/supervisor-restart.mjs).
 *
 * The sections a run takes, in order, are sections/registry.mjs; the plan of each mode lib/plan.mjs.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs } from './lib/bench-args.mjs';
import { carryOverScenarios } from './lib/carry-over.mjs';
import { installCleanupHandlers, makeTempRoot, removeTempDirs, sweepSession } from './lib/cleanup.mjs';
import { DROVER_MAIN } from './lib/drover.mjs';
import { locatePeers } from './lib/locate-peers.mjs';
import { FULL_PLAN, QUICK_PLAN } from './lib/plan.mjs';
import { figure } from './lib/progress-format.mjs';
import { renderText, writeReports } from './lib/report.mjs';
import { buildFloors } from './lib/c-floor.mjs';
import { buildRows } from './lib/report-rows.mjs';
import { checkTargets } from './lib/report-targets.mjs';
import { describeRun } from './lib/run-meta.mjs';
import { SECTIONS } from './sections/registry.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const { quick, only, wants } = parseBenchArgs(argv);
const plan = quick ? QUICK_PLAN : FULL_PLAN;

const BENCH_T0 = performance.now();
const log = (/** @type {string} */ msg) => process.stderr.write(`${msg}\n`);
installCleanupHandlers(log);

if (!existsSync(DROVER_MAIN)) {
  log(`bench: ${DROVER_MAIN} is missing; run \`npm run build\` (npm run bench does it)`);
  process.exit(1);
}

const root = makeTempRoot();
let runCount = 0;
const runDir = (/** @type {string} */ label) => join(root, `${String(++runCount).padStart(3, '0')}-${label}`);

// Built before the peers are looked for (or installed), so a missing C compiler stops the run at once.
/** @type {string | null} */
let spawnFloorBin = null;
/** @type {string | null} */
let respawnFloorBin = null;
if (['startup', 'crash', 'restart'].some(wants)) {
  try {
    ({ spawn: spawnFloorBin, respawn: respawnFloorBin } = buildFloors(runDir('c-floors')));
  } catch (caught) {
    log(`bench: ${/** @type {Error} */ (caught).message}`);
    process.exit(1);
  }
}

const peers = locatePeers(wants, log);

/** @type {import('./lib/results-types.mjs').Results} */
const results = {
  meta: describeRun({ argv, quick, peers, root }),
  plan,
  scenarios: {},
  hygiene: { leftovers: 0, forcedStops: 0, finalSweep: 0 },
  errors: [],
};

/** @param {{ leftovers?: number, forced?: boolean } | null | undefined} r */
function hygiene(r) {
  results.hygiene.leftovers += r?.leftovers ?? 0;
  if (r?.forced) results.hygiene.forcedStops++;
}

const context = { ...peers, plan, results, runDir, hygiene, log, spawnFloorBin, respawnFloorBin };

for (const { name, reps, run } of SECTIONS) {
  if (!wants(name)) continue;
  if (reps?.(plan) === 0) {
    log(`\n== ${name}: not in the ${quick ? 'quick' : 'full'} plan`);
    continue;
  }
  log(`\n== ${name}`);
  const t0 = performance.now();
  try {
    await run(context);
    log(`== ${name} took ${figure((performance.now() - t0) / 1000, 0)} s (${figure((performance.now() - BENCH_T0) / 1000, 0)} s into the run)`);
  } catch (caught) {
    const err = /** @type {Error | undefined} */ (caught);
    log(`bench: ${name} failed: ${err?.stack ?? err}`);
    results.errors.push({ scenario: name, error: String(err?.message ?? err).split('\n')[0] ?? '' });
    sweepSession();
  }
}

results.hygiene.finalSweep = sweepSession();
removeTempDirs();

if (only) carryOverScenarios(results, join(HERE, 'results.json'), wants);

const rows = buildRows(results);
const targets = checkTargets(results);
process.stdout.write(`${renderText(results, rows, targets)}\n`);
writeReports(results, rows, targets, join(HERE, 'RESULTS.md'), join(HERE, 'results.json'), join(HERE, '..', 'docs', 'benchmarks.md'));
log(`\nwrote ${join(HERE, 'RESULTS.md')} and ${join(HERE, 'results.json')}`);
process.exit(results.errors.length ? 1 : 0);
