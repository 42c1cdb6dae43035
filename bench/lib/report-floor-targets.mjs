/**
 * Issue 21's targets: each figure against its physical floor or its peer, both from the same run, so a
 * busy or slow machine moves the figure and its yardstick together. A target whose figure or yardstick
 * was not measured is reported as unknown (n/a), never as met.
 */
import { num, pluck } from './report-cells.mjs';
import { groupRestartFloor, groupRestartPathFloor, startupFloorSum } from './report-floor.mjs';
import { preforkSummary } from './report-prefork.mjs';
import { summarize } from './stats.mjs';

const ISSUE = 'issue 21';
const med = (/** @type {(number | null | undefined)[] | undefined} */ xs) => summarize(xs ?? [])?.median ?? null;
const over = (/** @type {number | null} */ a, /** @type {number | null} */ b) => (a === null || b === null || b === 0 ? null : a / b);
const ms = (/** @type {number | null} */ x) => (x === null ? 'n/a' : `${num(x, x < 10 ? 2 : 0)} ms`);

/**
 * @param {import('./results-types.mjs').Results} results
 * @param {import('./report-cells.mjs').Target[]} targets  appended to
 */
export function addFloorTargets(results, targets) {
  const sc = results.scenarios;
  /**
   * @param {string} name
   * @param {number | null} value
   * @param {'≤' | '≥' | '<'} op
   * @param {number} limit
   * @param {string} [unit]
   * @param {string} [of]  what the limit is a multiple of, with its measured value
   */
  const add = (name, value, op, limit, unit = '×', of = '') => {
    const met = value === null ? null : op === '≤' ? value <= limit : op === '≥' ? value >= limit : value < limit;
    const decimals = unit === '×' ? 2 : unit === 'MB' ? 1 : 0;
    targets.push({ name: `${ISSUE}: ${name}`, target: `${op} ${limit}${unit === '×' ? '×' : ` ${unit}`}${of ? ` ${of}` : ''}`, value, unit, decimals, met });
  };

  // The issue's start-up and idle rows name `drover --daemon`: results from before that series was measured leave these unknown.
  for (const [n, s] of Object.entries(sc.startup ?? {})) {
    const d = med(s.droverDaemon);
    const floor = med(startupFloorSum(s));
    add(
      `${n} programs, drover --daemon → all RUNNING ÷ the C floor (posix_spawn of ${n} with two pipes + a bare node -e "", medians)`,
      over(d, floor),
      '≤',
      2,
      '×',
      `(floor ${ms(floor)})`,
    );
    // The issue's peer figure is supervisord polled; the log-line figure stands in when the polled one was not run.
    const polled = Boolean(s.supervisordPolled?.length);
    const sup = med(polled ? s.supervisordPolled : s.supervisord);
    add(`${n} programs → all RUNNING: supervisord (${polled ? 'XML-RPC poll' : 'log lines'}) ÷ drover --daemon (medians)`, over(sup, d), '≥', 2);
  }
  if (sc.idle) add(`idle RSS, ${sc.idle.programs} programs, drover --daemon: supervisor + helpers (median)`, med(pluck(sc.idle.droverDaemon, 'rssMB')), '≤', 50, 'MB');
  if (sc.flood) {
    const drover = sc.flood.drover ?? [];
    add('flood MB/s: drover ÷ supervisord (medians)', over(med(pluck(drover, 'mbPerSec')), med(pluck(sc.flood.supervisord, 'mbPerSec'))), '≥', 1);
    // Growth from RUNNING to the peak, the worst run: a memory bound holds in every run or not at all.
    const growth = pluck(drover, 'peakRssGrowthMB').filter((x) => typeof x === 'number');
    add('flood peak RSS growth, supervisor + helpers (worst run)', growth.length ? Math.max(...growth) : null, '<', 20, 'MB');
    const lost = drover.length ? drover.reduce((a, r) => a + r.missingLines + r.badLines, 0) : null;
    add('flood lines lost or torn (all runs)', lost, '≤', 0, 'lines');
  }
  if (sc.ctl) {
    const floor = med(sc.ctl.nodeFloor);
    add(`ctl status, ${sc.ctl.programs} programs ÷ a bare node -e "" (medians)`, over(med(sc.ctl.drover), floor), '≤', 1.3, '×', `(node ${ms(floor)})`);
  }
  if (sc.crash) {
    const floor = med(sc.crash.singleCSpawnMs);
    add('crash → RUNNING ÷ one C posix_spawn (medians)', over(med(sc.crash.drover), floor), '≤', 1.5, '×', `(spawn ${ms(floor)})`);
    if (sc.crash.cRespawnMs?.length) {
      const path = med(sc.crash.cRespawnMs);
      add(
        'crash → RUNNING ÷ its whole-path floor: the smallest C supervisor, timed the same way (medians)',
        over(med(sc.crash.drover), path),
        '≤',
        1.5,
        '×',
        `(floor ${ms(path)})`,
      );
    }
  }
  if (sc.groupRestart) {
    const g = sc.groupRestart;
    const floor = med(groupRestartFloor(g));
    add(`restart a group of ${g.programs} ÷ ${g.programs} × one C posix_spawn (medians)`, over(med(g.drover), floor), '≤', 2, '×', `(floor ${ms(floor)})`);
    if (g.cRestartMs?.length) {
      const path = med(groupRestartPathFloor(g));
      add(
        `restart a group of ${g.programs} ÷ its whole-path floor: C stop + start of ${g.programs} + a bare node (medians)`,
        over(med(g.drover), path),
        '≤',
        2,
        '×',
        `(floor ${ms(path)})`,
      );
    }
  }
  const ps = preforkSummary(results);
  if (ps) {
    const ratio = (/** @type {string} */ key) => ps.servers.find((x) => x.key === key)?.droverOver ?? null;
    add('prefork req/s, drover ÷ the two-process limit (medians)', ratio('limit'), '≥', 0.9);
    // Not the issue's row: the same bar against the limit loaded on one port as drover is (see the Prefork note).
    if (ps.servers.some((x) => x.key === 'limitUnpaired'))
      add('prefork req/s, drover ÷ the limit loaded as prefork is (unpaired, one port; informational, medians)', ratio('limitUnpaired'), '≥', 0.9);
    add('prefork req/s, drover ÷ node cluster round-robin (medians)', ratio('cluster'), '≥', 1.15);
    if (ps.servers.some((x) => x.key === 'plainFd'))
      add('prefork req/s, drover ÷ a plain http.createServer on the inherited fd under drover (medians)', ratio('plainFd'), '≥', 0.95);
  }
}
