/**
 * The supervisor-restart scenario's rows, targets, before/after table and note
 * (scenarios/supervisor-restart.mjs): drover SIGKILLed and started again, and drover re-executed by
 * `ctl reexec`, under load, against issue 22's "0 failed, 0 lost, 0 repeated, same pids". Reference
 * rows (no peer: supervisord, PM2 and circus restart every program with themselves); the peer is
 * drover itself before the keeper.
 */
import { num } from './report-cells.mjs';
import { summarize } from './stats.mjs';

/** @typedef {import('./results-types.mjs').SupervisorRestartFigures} Figures */

/**
 * drover before the keeper, the same scenario (20 SIGKILLs), full run on a quiet machine on
 * 2026-12-07 at 09:15: every kill restarted every program. Kept as the "before" of issue 22.
 */
export const BEFORE_KEEPER = { kills: 20, failed: 22281, lost: 78, repeated: 0, samePids: 0, refusedMedianMs: 505, restartMedianMs: 1380 };

const reexecs = (/** @type {Figures} */ r) => r.via === 'reexec';
const title = (/** @type {Figures} */ r) =>
  reexecs(r) ? `supervisor re-executed by \`ctl reexec\` ${r.kills}× under load` : `supervisor SIGKILLed and started again ${r.kills}× under load`;
const samePidRounds = (/** @type {Figures} */ r) => r.rounds.filter((x) => x.samePids).length;
const failedTotal = (/** @type {Figures} */ r) => r.load.errors + r.load.non2xx;
const med = (/** @type {number[]} */ xs) => num(summarize(xs)?.median, 0);
/** A median in ms with thousands separators, as the before column's figures are written. */
const medMs = (/** @type {number[]} */ xs) => {
  const m = summarize(xs)?.median;
  return m === undefined ? 'n/a' : `${Math.round(m).toLocaleString('en-US')} ms`;
};

/**
 * @param {Figures | undefined} r
 * @param {import('./report-rows.mjs').Row[]} rows
 */
export function addRestartRows(r, rows) {
  if (!r) return;
  /** @type {(metric: string, unit: string, samples: number[], decimals: number) => void} */
  const add = (metric, unit, samples, decimals) => {
    rows.push({
      metric: `${title(r)}: ${metric}`,
      unit,
      better: '—',
      peer: '—',
      field: 'median',
      drover: summarize(samples),
      supervisord: null,
      decimals,
      ratio: '—',
      reference: true,
    });
  };
  const round = reexecs(r) ? 'reexec' : 'kill';
  add(`failed requests, all ${round}s`, 'requests', [failedTotal(r)], 0);
  add(`lost log lines, all ${round}s`, 'lines', [r.lostAtKills], 0);
  add(`repeated log lines, all ${round}s`, 'lines', [r.repeatedAtKills], 0);
  add(`${round}s with the same worker and writer pids (of ${r.kills})`, round === 'kill' ? 'restarts' : 'reexecs', [samePidRounds(r)], 0);
  add(
    `failed requests per ${round}`,
    'requests',
    r.rounds.map((x) => x.failed),
    0,
  );
  add(
    `port failing connects per ${round} (a connect every ${r.probeEveryMs} ms)`,
    'ms',
    r.rounds.map((x) => x.refusedMs),
    0,
  );
  add(
    `${round} → all RUNNING again (ctl status)`,
    'ms',
    r.rounds.map((x) => x.restartMs),
    0,
  );
  if (reexecs(r))
    add(
      '`drover ctl reexec`, spawn() to exit (it waits until the new pid answers)',
      'ms',
      r.rounds.map((x) => x.launchMs),
      0,
    );
}

/**
 * Issue 22's targets, one row each, for either series.
 * @param {Figures | undefined} r
 * @param {import('./report-cells.mjs').Target[]} targets
 */
export function addRestartTarget(r, targets) {
  if (!r) return;
  const zero = (/** @type {string} */ what, /** @type {number} */ value, /** @type {string} */ unit) =>
    targets.push({ name: `issue 22: ${title(r)}: ${what}`, target: '0', value, unit, decimals: 0, met: value === 0 });
  zero('failed requests', failedTotal(r), 'requests');
  zero('lost log lines', r.lostAtKills, 'lines');
  zero('repeated log lines', r.repeatedAtKills, 'lines');
  const same = samePidRounds(r);
  targets.push({
    name: `issue 22: ${title(r)}: rounds with the same pids`,
    target: `${r.kills} of ${r.kills}`,
    value: same,
    unit: `of ${r.kills}`,
    decimals: 0,
    met: same === r.kills,
  });
}

export const RESTART_HEADER = ['', "issue 22's target", `before the keeper (SIGKILL ×${BEFORE_KEEPER.kills}, 2026-12-07 09:15)`, 'SIGKILL and start again', '`ctl reexec`'];

/**
 * Before and after, side by side: null when this run has neither series.
 * @param {import('./results-types.mjs').Results} results
 */
export function restartTable(results) {
  const kill = results.scenarios.restartUnderLoad;
  const reexec = results.scenarios.reexecUnderLoad;
  if (!kill && !reexec) return null;
  const b = BEFORE_KEEPER;
  const of = (/** @type {Figures | undefined} */ r, /** @type {(r: Figures) => string} */ f) => (r ? f(r) : 'not run');
  /** @type {[string, string, string, (r: Figures) => string][]} */
  const lines = [
    ['rounds under load', '20', String(b.kills), (r) => String(r.kills)],
    ['failed requests, all rounds', '0', b.failed.toLocaleString('en-US'), (r) => failedTotal(r).toLocaleString('en-US')],
    ['lost log lines', '0', String(b.lost), (r) => String(r.lostAtKills)],
    ['repeated log lines', '0', String(b.repeated), (r) => String(r.repeatedAtKills)],
    ['rounds with the same worker and writer pids', 'all', `0/${b.kills}`, (r) => `${samePidRounds(r)}/${r.kills}`],
    ['port failing connects per round, median', '—', `${b.refusedMedianMs} ms`, (r) => medMs(r.rounds.map((x) => x.refusedMs))],
    ['round → all RUNNING (ctl status), median', '—', `${b.restartMedianMs.toLocaleString('en-US')} ms`, (r) => medMs(r.rounds.map((x) => x.restartMs))],
  ];
  return {
    title: 'Supervisor restart under load (issue 22): a prefork app under keep-alive load and a numbered-line writer while drover is SIGKILLed and started again, or re-executed',
    cells: lines.map(([what, target, before, f]) => [what, target, before, of(kill, f), of(reexec, f)]),
  };
}

/**
 * @param {Figures} r
 */
function seriesNote(r) {
  const codes = Object.entries(r.load.errorCodes ?? {})
    .map(([k, n]) => `${k}×${n}`)
    .join(', ');
  const last = r.lines.writers.find((w) => w.last);
  const how = reexecs(r)
    ? `${r.kills} times: \`drover ctl reexec\` (a fresh client; it must exit 0 and print "re-executed (pid OLD handed over to pid NEW)"; median ${med(r.rounds.map((x) => x.launchMs))} ms from its spawn() to its exit), then`
    : `${r.kills} times: SIGKILL of the detached supervisor (its pid from the launcher's line), \`drover --daemon\` again on the same config, then`;
  return (
    `${title(r)}: autocannon loads the port with ${r.connections} keep-alive connections for the whole run (${r.load.totalRequests} answers; failures by kind: ${codes || 'none'}; non-2xx ${r.load.non2xx}). ` +
    `${how} \`ctl status --json\` polled until both workers and the writer are RUNNING, then ${r.settleMs} ms; meanwhile a TCP connect every ${r.probeEveryMs} ms (closed at once) says how long the port failed connects (median ${med(r.rounds.map((x) => x.refusedMs))} ms a round). ` +
    `A request counts for the round before it; ${r.failedOutsideKills} failed outside any round. ` +
    `Lines: ${r.lines.writers.length} writer process(es) printed ${r.lines.printed} lines, the files (${r.logFiles}) hold ${r.lines.logged} of them and ${r.lines.tornLines} torn line(s)${r.lines.tornExamples.length ? ` (e.g. ${r.lines.tornExamples[0]})` : ''}; lost ${r.lines.lost}, repeated ${r.lines.repeated} in all, of which the last writer, stopped by the final \`ctl shutdown\`, lost ${last?.lost ?? 0} and repeated ${last?.repeated ?? 0} (not counted against the rounds).`
  );
}

/** @param {import('./results-types.mjs').Results} results */
export function restartNote(results) {
  const series = [results.scenarios.restartUnderLoad, results.scenarios.reexecUnderLoad].filter((r) => r !== undefined);
  const first = series[0];
  if (!first) return null;
  const b = BEFORE_KEEPER;
  return (
    `Supervisor restart under load: one \`drover --daemon\` config with \`web\` (prefork, drover's built-in runtime on bench/fixtures/hello.mjs, ${first.workers} workers) and \`writer\` (bench/fixtures/numbered-writer.mjs: a numbered fixed-width line every ${first.lineIntervalMs} ms to stdout, logged to a file rotated at 256 KiB with ${first.logBackups} backups, so nothing is deleted), each series on a fresh config. ` +
    `"Same pids": both workers' and the writer's pids after the round (at RUNNING and after the settle time) equal those before it. Lines: each writer process numbers its lines from 1 and keeps the last number write(2) accepted in a side file; the log files read back at the end give lost (printed, in no file) and repeated lines. ` +
    `${series.map(seriesNote).join(' ')} ` +
    `Before the keeper (the same scenario, ${b.kills} SIGKILLs, quiet full run of 2026-12-07 09:15), every kill restarted every program: ${b.failed.toLocaleString('en-US')} failed requests (the port refused connects for a median ${b.refusedMedianMs} ms a kill), ${b.lost} lost lines, ${b.repeated} repeated, 0/${b.kills} with the same pids, kill → all RUNNING median ${b.restartMedianMs.toLocaleString('en-US')} ms.`
  );
}
