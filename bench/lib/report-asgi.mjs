/** The asgi scenario's rows, targets and note (scenarios/asgi.mjs): FastAPI on drover prefork against gunicorn's UvicornWorker. */
import { summarize } from './stats.mjs';

/**
 * @template {object} R
 * @template {keyof R} K
 * @param {R[] | undefined} runs
 * @param {K} key
 * @returns {R[K][]}
 */
const pluck = (runs, key) => (runs ?? []).map((run) => run[key]);
const median = (/** @type {number[] | undefined} */ xs) => summarize(xs ?? [])?.median ?? null;
const PEER = 'gunicorn -k uvicorn.workers.UvicornWorker';

/** add: buildRows's row builder. */
/**
 * @param {import('./results-types.mjs').AsgiFigures | undefined} a
 * @param {import('./report-cells.mjs').AddRow} add
 */
export function addAsgiRows(a, add) {
  if (!a) return;
  add(
    `FastAPI, ${a.workers} uvicorn workers: req/s (wrk, ${a.connections} keep-alive connections)`,
    'req/s',
    'higher',
    pluck(a.throughput?.drover, 'reqPerSec'),
    pluck(a.throughput?.gunicorn, 'reqPerSec'),
    PEER,
    0,
    'median',
    'gunicorn',
  );
  add(
    `FastAPI: p99 latency`,
    'ms',
    'lower',
    pluck(a.throughput?.drover, 'latencyMs').map((l) => l.p99),
    pluck(a.throughput?.gunicorn, 'latencyMs').map((l) => l.p99),
    PEER,
    2,
    'median',
    'gunicorn',
  );
  const reloads = `${a.reloads} reloads in ${a.windowS} s under load`;
  add(
    `FastAPI: failed requests, ${reloads} (drover ctl reload / gunicorn HUP)`,
    'requests',
    'lower',
    pluck(a.reload?.drover, 'failed'),
    pluck(a.reload?.gunicorn, 'failed'),
    `${PEER}, kill -HUP`,
    0,
    'median',
    'gunicorn',
  );
  add(
    `FastAPI: failed requests, ${reloads}, drover with uvicorn_drain: false`,
    'requests',
    'lower',
    pluck(a.reload?.droverNoDrain, 'failed'),
    pluck(a.reload?.gunicorn, 'failed'),
    `${PEER}, kill -HUP`,
    0,
    'median',
    'gunicorn',
  );
}

/** Pushes the issue's two targets onto checkTargets's list. */
/**
 * @param {import('./results-types.mjs').AsgiFigures | undefined} a
 * @param {import('./report-cells.mjs').Target[]} targets
 */
export function addAsgiTargets(a, targets) {
  if (!a) return;
  const t = (
    /** @type {string} */ name,
    /** @type {number | null} */ value,
    /** @type {string} */ unit,
    /** @type {boolean} */ ok,
    /** @type {string} */ target,
    /** @type {number} */ decimals,
  ) => targets.push({ name, target, value, unit, decimals, met: value === null ? null : ok });
  const d = median(pluck(a.throughput?.drover, 'reqPerSec'));
  const g = median(pluck(a.throughput?.gunicorn, 'reqPerSec'));
  const ratio = d === null || g === null ? null : d / g;
  t('FastAPI req/s: drover prefork ÷ gunicorn UvicornWorker, same workers (medians)', ratio, '×', ratio !== null && ratio >= 0.95, '≥ 0.95×', 2);
  const df = median(pluck(a.reload?.drover, 'failed'));
  const gf = median(pluck(a.reload?.gunicorn, 'failed'));
  t(
    `FastAPI failed requests during ${a.reloads} reloads: drover ctl reload (median)`,
    df,
    'requests',
    df !== null && gf !== null && df <= gf,
    gf === null ? "≤ gunicorn HUP's (not run)" : `≤ gunicorn HUP's ${gf}`,
    0,
  );
}

/** @param {import('./results-types.mjs').Results} results */
export function asgiNote(results) {
  const a = results.scenarios.asgi;
  if (!a) return null;
  const v = a.stack ?? {};
  const codes = (/** @type {{ errorCodes?: Record<string, number> }[] | undefined} */ runs) => {
    /** @type {Record<string, number>} */
    const all = {};
    for (const run of runs ?? []) for (const [k, n] of Object.entries(run.errorCodes ?? {})) all[k] = (all[k] ?? 0) + n;
    return (
      Object.entries(all)
        .map(([k, n]) => `${k}×${n}`)
        .join(', ') || 'none'
    );
  };
  return (
    `ASGI: one FastAPI app (${v.fastapi ? `FastAPI ${v.fastapi}` : 'FastAPI'}, \`async def\` GET / answering "hello from <pid>"), on drover's prefork core as \`${a.commands?.drover ?? 'n/a'}\` with ${a.workers} workers, and as \`${a.commands?.gunicorn ?? 'n/a'}\` (${v.gunicorn ?? 'gunicorn'}; ${v.uvicorn ?? 'uvicorn'}; uvloop and httptools on both sides; no access log on either), all running at once on their own free ports. ` +
    `Throughput: after an untimed warm-up of ${a.warmupS ?? 0} s per server, wrk, ${a.connections} keep-alive connections, ${a.durationS} s per run, one server at a time, interleaved rounds; median req/s. ` +
    `Reloads: wrk for ${a.windowS} s while a fresh client runs ${a.reloads} times, evenly spaced: \`${a.commands?.droverReload ?? 'drover ctl reload api'}\` (workers replaced one at a time, each new one ready before an old one stops) against \`${a.commands?.gunicornReload ?? 'kill -HUP'}\` (gunicorn starts new workers, then stops the old ones), and drover again with \`uvicorn_drain: false\`. A request fails when wrk counts a socket error, a timeout or a status ≥ 400. After each run every worker answers and every worker pid is new. ` +
    `Failures by kind, all runs: drover ${codes(a.reload?.drover)}; gunicorn HUP ${codes(a.reload?.gunicorn)}; drover without the drain ${codes(a.reload?.droverNoDrain)}.`
  );
}
