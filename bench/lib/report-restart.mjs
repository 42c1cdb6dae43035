/**
 * The supervisor-restart scenario's rows, target and note (scenarios/supervisor-restart.mjs): drover
 * SIGKILLed and started again under load, against issue 22's "0 failed, 0 lost, 0 repeated, same pids".
 * Reference rows (no peer: supervisord, PM2 and circus restart every program with themselves).
 */
import { num } from './report-cells.mjs';
import { summarize } from './stats.mjs';

/** @typedef {import('./results-types.mjs').SupervisorRestartFigures} Figures */

const title = (/** @type {Figures} */ r) => `supervisor SIGKILLed and started again ${r.kills}× under load`;
const samePidRounds = (/** @type {Figures} */ r) => r.rounds.filter((x) => x.samePids).length;
const failedTotal = (/** @type {Figures} */ r) => r.load.errors + r.load.non2xx;

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
  add('failed requests, all kills', 'requests', [failedTotal(r)], 0);
  add('lost log lines, all kills', 'lines', [r.lostAtKills], 0);
  add('repeated log lines, all kills', 'lines', [r.repeatedAtKills], 0);
  add(`restarts with the same worker and writer pids (of ${r.kills})`, 'restarts', [samePidRounds(r)], 0);
  add(
    'failed requests per kill',
    'requests',
    r.rounds.map((x) => x.failed),
    0,
  );
  add(
    `port failing connects per kill (a connect every ${r.probeEveryMs} ms)`,
    'ms',
    r.rounds.map((x) => x.refusedMs),
    0,
  );
  add(
    'kill → all RUNNING again (ctl status)',
    'ms',
    r.rounds.map((x) => x.restartMs),
    0,
  );
}

/**
 * @param {Figures | undefined} r
 * @param {import('./report-cells.mjs').Target[]} targets
 */
export function addRestartTarget(r, targets) {
  if (!r) return;
  const shortfall = failedTotal(r) + r.lostAtKills + r.repeatedAtKills + (r.kills - samePidRounds(r));
  targets.push({
    name: `issue 22: ${title(r)}: 0 failed, 0 lost, 0 repeated, same pids`,
    target: '0',
    value: shortfall,
    unit: 'failed requests + lost + repeated lines + restarts with new pids',
    decimals: 0,
    met: shortfall === 0,
  });
}

/** @param {import('./results-types.mjs').Results} results */
export function restartNote(results) {
  const r = results.scenarios.restartUnderLoad;
  if (!r) return null;
  const codes = Object.entries(r.load.errorCodes ?? {})
    .map(([k, n]) => `${k}×${n}`)
    .join(', ');
  const last = r.lines.writers.find((w) => w.last);
  const med = (/** @type {number[]} */ xs) => num(summarize(xs)?.median, 0);
  return (
    `Supervisor restart under load: one \`drover --daemon\` config with \`web\` (prefork, drover's built-in runtime on bench/fixtures/hello.mjs, ${r.workers} workers) and \`writer\` (bench/fixtures/numbered-writer.mjs: a numbered fixed-width line every ${r.lineIntervalMs} ms to stdout, logged to a file rotated at 256 KiB with ${r.logBackups} backups, so nothing is deleted; ${r.logFiles} file(s) at the end). ` +
    `autocannon loads the port with ${r.connections} keep-alive connections for the whole run (${r.load.totalRequests} answers; failures by kind: ${codes || 'none'}; non-2xx ${r.load.non2xx}). ` +
    `${r.kills} times: SIGKILL of the detached supervisor (its pid from the launcher's line), \`drover --daemon\` again on the same config, \`ctl status --json\` polled until both workers and the writer are RUNNING, then ${r.settleMs} ms; meanwhile a TCP connect every ${r.probeEveryMs} ms (closed at once) says how long the port failed connects (median ${med(r.rounds.map((x) => x.refusedMs))} ms a kill). ` +
    `A request counts for the kill before it; ${r.failedOutsideKills} failed outside any kill. "Same pids": both workers' and the writer's pids after the restart (at RUNNING and after the ${r.settleMs} ms) equal those before the kill. ` +
    `Lines: each writer process numbers its lines from 1 and keeps the last number write(2) accepted in a side file; the log files read back at the end give lost (printed, in no file) and repeated lines: ${r.lines.writers.length} writer process(es) printed ${r.lines.printed} lines, the files hold ${r.lines.logged} of them and ${r.lines.tornLines} torn line(s)${r.lines.tornExamples.length ? ` (e.g. ${r.lines.tornExamples[0]})` : ''}; lost ${r.lines.lost}, repeated ${r.lines.repeated} in all, of which the last writer, stopped by the final \`ctl shutdown\`, lost ${last?.lost ?? 0} and repeated ${last?.repeated ?? 0} (not counted against the kills).`
  );
}
