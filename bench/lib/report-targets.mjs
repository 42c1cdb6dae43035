/** The issue's targets for drover, each checked against this run's figures (or unknown when not run). */
import { num, pluck } from './report-cells.mjs';
import { addAsgiTargets } from './report-asgi.mjs';
import { addFloorTargets } from './report-floor-targets.mjs';
import { PREFORK_TARGETS, preforkSummary, RELOAD_BUDGET_MS, reloadSummary } from './report-prefork.mjs';
import { addRestartTarget } from './report-restart.mjs';
import { summarize } from './stats.mjs';

/**
 * @typedef {import('./report-cells.mjs').Target} Target
 * @typedef {(value: number) => boolean | null} Check  whether a measured value meets the target (null: unknown)
 * @param {import('./results-types.mjs').Results} results
 */
export function checkTargets(results) {
  const sc = results.scenarios;
  const med = (/** @type {(number | null | undefined)[] | undefined} */ xs) => summarize(xs ?? [])?.median ?? null;
  /** @type {Target[]} */
  const targets = [];
  // A value not measured (null) meets nothing and fails nothing: its target is reported as unknown.
  const t = (/** @type {string} */ name, /** @type {number | null} */ value, /** @type {string} */ unit, /** @type {Check} */ ok, /** @type {string} */ target) =>
    targets.push({ name, target, value, unit, met: value === null ? null : ok(value) });
  // Ratios to the peers in the same run (issue 7); a target whose peer did not run is reported as unknown.
  const ratio = (/** @type {number[] | undefined} */ peerSamples, /** @type {number[] | undefined} */ droverSamples) => {
    const p = med(peerSamples);
    const d = med(droverSamples);
    return p === null || d === null || d === 0 ? null : p / d;
  };
  const rt = (/** @type {string} */ name, /** @type {number | null} */ value, /** @type {Check} */ ok, /** @type {string} */ target) =>
    targets.push({ name, target, value, unit: '×', decimals: 2, met: value === null ? null : ok(value) });
  // Issue 3's absolute start-up targets (200 and 1000 programs), then issue 7's ratios to supervisord.
  /** @type {Record<string, number>} */
  const ABSOLUTE_STARTUP_MS = { 200: 150, 1000: 1500 };
  for (const [n, s] of Object.entries(sc.startup ?? {})) {
    const v = med(s.drover);
    const limitMs = ABSOLUTE_STARTUP_MS[n];
    if (limitMs) t(`${n} programs → all RUNNING (median)`, v, 'ms', (x) => x < limitMs, `< ${limitMs} ms`);
    const min = Number(n) >= 1000 ? 4 : 6;
    rt(`${n} programs → all RUNNING: supervisord ÷ drover (medians)`, ratio(s.supervisord, s.drover), (x) => x >= min, `≥ ${min}×`);
  }
  if (sc.idle) {
    const c = med(pluck(sc.idle.drover, 'cpuPercent'));
    const n = sc.idle.programs ?? 200;
    t(`idle CPU, ${n} programs (median)`, c, '%', (x) => x <= 0.1, '≤ 0.1 %');
    const sup = med(pluck(sc.idle.supervisord, 'cpuPercent'));
    t(
      `idle CPU, ${n} programs, against supervisord's in the same run`,
      c,
      '%',
      (x) => (sup === null ? null : x <= sup),
      sup === null ? '≤ supervisord (not run)' : `≤ supervisord's ${num(sup, 3)} %`,
    );
    const r = med(pluck(sc.idle.drover, 'rssMB'));
    t(`idle RSS, ${n} programs (median)`, r, 'MB', (x) => x < 50, '< 50 MB');
  }
  if (sc.watch) {
    const c = med(pluck(sc.watch.watching, 'cpuPercent'));
    t(`idle CPU watching ${sc.watch.files} files (median)`, c, '% of 1 core', (x) => x < 1, '< 1 %');
  }
  addAsgiTargets(sc.asgi, targets);
  if (sc.crash) {
    const v = med(sc.crash.drover);
    t('crash → RUNNING (median)', v, 'ms', (x) => x < 5, '< 5 ms');
  }
  if (sc.ctl) {
    const v = med(sc.ctl.drover);
    t(`ctl status, ${sc.ctl.programs} programs (median)`, v, 'ms', (x) => x < 90, '< 90 ms');
  }
  if (sc.groupRestart) {
    const v = med(sc.groupRestart.drover);
    t(`restart a group of ${sc.groupRestart.programs} (median)`, v, 'ms', (x) => x < 250, '< 250 ms');
  }
  if (sc.view) {
    const vt = (/** @type {string} */ name, /** @type {number | null} */ value, /** @type {string} */ unit, /** @type {Check} */ ok, /** @type {string} */ target) =>
      targets.push({ name, target, value, unit, decimals: 2, met: value === null ? null : ok(value) });
    for (const [variant, text] of /** @type {const} */ ([
      ['steady', 'nothing changes'],
      ['changing', 'every figure changes'],
    ])) {
      const runs = sc.view[variant] ?? [];
      if (!runs.length) continue;
      const c = med(pluck(runs, 'viewCpuPercent'));
      vt(`view process CPU, ${sc.view.programs} processes, ${text} (median)`, c, '% of 1 core', (x) => x < 5, '< 5 %');
      const dc = med(pluck(runs, 'daemonCpuPercent'));
      vt(`daemon CPU with the view attached, ${text} (median)`, dc, '% of 1 core', (x) => x < 5, '< 5 %');
      if (variant === 'steady') {
        const kb = med(pluck(runs, 'kbPerSec'));
        vt(`bytes to the terminal at ${sc.view.cols}×${sc.view.rows}, ${text} (median)`, kb, 'KB/s', (x) => x < 20, '< 20 KB/s');
      }
    }
  }
  if (sc.flood) {
    const v = med(pluck(sc.flood.drover, 'mbPerSec'));
    t('flood throughput (median)', v, 'MB/s', (x) => x >= 100, '≥ 100 MB/s');
    rt('flood throughput: drover ÷ supervisord (medians)', ratio(pluck(sc.flood.drover, 'mbPerSec'), pluck(sc.flood.supervisord, 'mbPerSec')), (x) => x >= 1, '≥ 1×');
    rt(
      'flood supervisor CPU: supervisord ÷ drover (medians)',
      ratio(pluck(sc.flood.supervisord, 'cpuPercent'), pluck(sc.flood.drover, 'cpuPercent')),
      (x) => x > 1,
      '> 1× (drover lower)',
    );
    const bad = pluck(sc.flood.drover, 'badLines').reduce((a, b) => a + b, 0);
    const lost = pluck(sc.flood.drover, 'missingLines').reduce((a, b) => a + b, 0);
    t('flood: no line lost or torn (all runs)', bad + lost, 'bad+lost lines', (x) => x === 0, '0');
  }
  const ps = preforkSummary(results);
  if (ps) {
    for (const target of PREFORK_TARGETS) {
      const s = ps.servers.find((x) => x.key === target.key);
      const v = s?.droverOver ?? null;
      const name = `prefork req/s, drover ÷ ${s?.label ?? target.key} (medians)${s?.skipped ? ` — skipped: ${s.skipped}` : ''}`;
      targets.push({ name, target: target.text, value: v, unit: '×', decimals: 2, met: v === null ? null : v >= target.min });
    }
    const d = ps.servers.find((x) => x.key === 'drover');
    if (d?.n)
      targets.push({ name: "prefork: errors + timeouts + non-2xx in drover's runs (all rounds)", target: '0', value: d.bad, unit: 'answers', decimals: 0, met: d.bad === 0 });
  }
  const rs = reloadSummary(results);
  if (rs?.reload) {
    // The workers are replaced one at a time, so "the workers' own start time" is the sum of the N starts.
    const starts = rs.startSum?.median ?? null;
    const v = rs.reload.median;
    const budget = starts === null ? null : RELOAD_BUDGET_MS + starts;
    targets.push({
      name: `ctl reload of ${rs.x.workers} prefork workers under load (median)`,
      target: `< 2000 ms + the ${rs.x.workers} workers' own starts (median sum ${starts === null ? 'n/a' : `${num(starts, 0)} ms`}) = ${budget === null ? 'n/a' : `${num(budget, 0)} ms`}`,
      value: v,
      unit: 'ms',
      decimals: 0,
      met: budget === null ? null : v < budget,
    });
    if (rs.bad !== null)
      targets.push({
        name: 'prefork: errors + timeouts + non-2xx during the reloads',
        target: `0${rs.pm2Bad === null ? '' : ` (PM2's \`pm2 reload\` in the same run: ${rs.pm2Bad})`}`,
        value: rs.bad,
        unit: 'answers',
        decimals: 0,
        met: rs.bad === 0,
      });
  }
  addRestartTarget(sc.restartUnderLoad, targets);
  addRestartTarget(sc.reexecUnderLoad, targets);
  addFloorTargets(results, targets);
  return targets;
}
