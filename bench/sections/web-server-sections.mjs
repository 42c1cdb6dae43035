/** The scenarios of web servers under HTTP load: gunicorn signalled, FastAPI on uvicorn workers, and the prefork core. */
import { drover } from '../lib/drover.mjs';
import { figure } from '../lib/progress-format.mjs';
import { summarize } from '../lib/stats.mjs';
import { asgi } from '../scenarios/asgi.mjs';
import { graceful } from '../scenarios/graceful.mjs';
import { pm2Reload, preforkReload } from '../scenarios/prefork-reload.mjs';
import { autocannonLoader, preforkThroughput, wrkLoader } from '../scenarios/prefork-throughput.mjs';

/**
 * @param {import('../lib/results-types.mjs').PreforkThroughput} t
 * @param {string} server
 * @param {'reqPerSec'} key
 */
const pluckRuns = (t, server, key) => (t.servers[server]?.runs ?? []).map((run) => run[key]);

/** @type {import('./section.mjs').Section} */
export const gracefulSection = {
  name: 'graceful',
  reps: (plan) => plan.gracefulReps,
  run: async ({ gunicorn, hygiene, log, peer, plan, results, runDir, supervisord }) => {
    if (!gunicorn?.bin || !supervisord) return log(`graceful: skipped (${gunicorn?.bin ? peer.reason : gunicorn?.reason})`);
    const { stops, ...r } = await graceful({ tools: { drover, supervisord }, gunicorn: gunicorn.bin, dirFor: runDir, reps: plan.gracefulReps, log });
    for (const stop of stops) hygiene(stop);
    r.gunicorn = results.meta.gunicorn; // kept with the figures: a later --only run may carry them over
    results.scenarios.graceful = r;
    const med = (/** @type {{ failed: number }[] | undefined} */ runs, /** @type {'failed'} */ key) =>
      runs?.length ? figure(summarize(runs.map((x) => x[key]))?.median, 0) : 'n/a';
    log(
      `graceful: failed requests, median: drover signal HUP ${med(r.drover?.signal, 'failed')}, supervisord signal HUP ${med(r.supervisord?.signal, 'failed')}, drover reload ${med(r.drover?.reload, 'failed')}, drover restart ${med(r.drover?.restart, 'failed')}`,
    );
  },
};

/** @type {import('./section.mjs').Section} */
export const asgiSection = {
  name: 'asgi',
  reps: (plan) => plan.asgiRounds,
  run: async ({ asgiStack, hygiene, log, plan, results, runDir, wrk }) => {
    if (!asgiStack?.gunicornBin || !wrk?.bin) throw new Error(`asgi: not run: ${asgiStack?.reason ?? wrk?.reason}`);
    const { stops, ...r } = await asgi({
      dirFor: runDir,
      gunicornBin: asgiStack.gunicornBin,
      wrkBin: wrk.bin,
      workers: plan.preforkWorkers,
      connections: plan.preforkConnections,
      durationS: plan.preforkDurationS,
      warmupS: plan.preforkWarmupS,
      rounds: plan.asgiRounds,
      reloadReps: plan.asgiReloadReps,
      log,
    });
    for (const stop of stops) hygiene(stop);
    r.stack = results.meta.asgiStack;
    results.scenarios.asgi = r;
  },
};

/** @type {import('./section.mjs').Section} */
export const preforkSection = {
  name: 'prefork',
  run: async ({ hygiene, log, plan, pm2, results, runDir, wrk }) => {
    /** @type {import('../lib/results-types.mjs').PreforkFigures} */
    const r = (results.scenarios.prefork = {});
    // Keep-alive (the issue's shape) and, with wrk, a new connection per request, where the accept path shows.
    /** @type {{ throughput: import('../scenarios/prefork-throughput.mjs').Loader, throughputClose?: import('../scenarios/prefork-throughput.mjs').Loader }} */
    const loaders = wrk?.bin
      ? { throughput: wrkLoader({ bin: wrk.bin, threads: plan.preforkWrkThreads }), throughputClose: wrkLoader({ bin: wrk.bin, threads: plan.preforkWrkThreads, closeEach: true }) }
      : { throughput: autocannonLoader };
    if (!plan.preforkCloseRounds) delete loaders.throughputClose;
    for (const [slot, loader] of /** @type {['throughput' | 'throughputClose', import('../scenarios/prefork-throughput.mjs').Loader][]} */ (Object.entries(loaders))) {
      const { stops, ...t } = await preforkThroughput({
        dirFor: runDir,
        rounds: slot === 'throughputClose' ? plan.preforkCloseRounds : plan.preforkRounds,
        durationS: plan.preforkDurationS,
        warmupS: plan.preforkWarmupS,
        connections: plan.preforkConnections,
        workers: plan.preforkWorkers,
        pm2,
        loader,
        nproc: results.meta.nproc,
        log,
      });
      for (const stop of stops) hygiene(stop);
      r[slot] = t;
      for (const f of t.failures) results.errors.push({ scenario: 'prefork', error: `${loader.shape}: ${f.server} round ${f.round}: ${f.error}` });
      const med = (/** @type {string} */ key) => summarize(pluckRuns(t, key, 'reqPerSec'))?.median;
      log(
        `prefork ${loader.shape}: median req/s: ${Object.keys(t.servers)
          .map((k) => `${k} ${t.skipped[k] ? 'skipped' : figure(med(k), 0)}`)
          .join(', ')}`,
      );
    }

    const { stop: reloadStop, ...x } = await preforkReload({
      dir: runDir('prefork-reload'),
      workers: plan.reloadWorkers,
      reps: plan.reloadReps,
      scaleReps: plan.scaleReps,
      connections: plan.reloadConnections,
      log,
    });
    hygiene(reloadStop);
    r.reload = x;
    log(
      `prefork: ctl reload of ${x.workers} workers, median ${figure(summarize(x.reloadMs)?.median, 0)} ms; worker start (STARTING → RUNNING) median ${figure(summarize(x.workerStartMs.reload)?.median, 0)} ms; ctl scale +1 median ${figure(summarize(x.scaleMs)?.median, 0)} ms`,
    );

    // The same reload under the same load for PM2's cluster mode (`pm2 reload`), for the failed-request count.
    const p = await pm2Reload({ dir: runDir('prefork-pm2-reload'), pm2, workers: plan.reloadWorkers, reps: plan.reloadReps, connections: plan.reloadConnections, log });
    if (p) {
      const { stop: pm2Stop, ...figures } = p;
      hygiene(pm2Stop);
      r.pm2Reload = figures;
    }
  },
};
