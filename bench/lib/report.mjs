/** Turns raw samples into the comparison table, the target checks, RESULTS.md and results.json. */
import { writeFileSync } from 'node:fs';
import { summarize } from './stats.mjs';
import { addGracefulRows, gracefulNote } from './report-graceful.mjs';
import { addAsgiRows, addAsgiTargets, asgiNote } from './report-asgi.mjs';

const num = (x, d) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));

function cell(s, d, field = 'median') {
  if (!s) return 'n/a';
  if (field !== 'median') return `${num(s[field], d)} (n=${s.n})`;
  return s.n === 1 ? `${num(s.median, d)} (n=1)` : `${num(s.median, d)} [${num(s.min, d)}–${num(s.max, d)}] (n=${s.n})`;
}

function verdict(d, p, better, field, peerShort = 'supervisord') {
  if (!d || !p) return { ratio: 'n/a', better: 'n/a' };
  const a = d[field];
  const b = p[field];
  if (a === 0 && b === 0) return { ratio: '—', better: 'tie' };
  if (a === 0 || b === 0) {
    const droverWins = better === 'lower' ? a < b : a > b;
    return { ratio: a === 0 ? '∞' : '0', better: droverWins ? 'drover' : peerShort };
  }
  const ratio = b / a;
  const factor = ratio >= 1 ? ratio : 1 / ratio;
  if (factor < 1.05) return { ratio: ratio.toFixed(2), better: '≈ same' };
  const droverWins = better === 'lower' ? ratio > 1 : ratio < 1;
  return { ratio: ratio.toFixed(ratio >= 10 ? 0 : 2), better: `${droverWins ? 'drover' : peerShort} ${factor.toFixed(factor >= 10 ? 0 : 1)}×` };
}

const pluck = (list, key) => (list ?? []).map((r) => r[key]);

/** The peer supervisors, in the order they run in each round (after drover). */
export const TOOL_PEERS = ['supervisord', 'pm2'];
/** How the bench learns each supervisor's state changes (see lib/supervisord.mjs, lib/pm2.mjs). */
const STATE_SOURCE = { supervisord: 'log lines', pm2: 'pid files' };
const SUPERVISOR_LABEL = { supervisord: 'supervisord', pm2: 'pm2 daemon' };
const STATUS_CLIENT = { supervisord: 'supervisorctl status', pm2: 'pm2 jlist' };
const RESTART_CLIENT = { supervisord: 'supervisorctl restart', pm2: 'pm2 restart (namespace)' };

export function buildRows(results) {
  const sc = results.scenarios;
  const rows = [];
  const add = (metric, unit, better, dSamples, pSamples, peerName, d, field = 'median', peerShort = 'supervisord') => {
    const ds = summarize(dSamples ?? []);
    const ps = summarize(pSamples ?? []);
    rows.push({ metric, unit, better, peer: peerName, field, drover: ds, supervisord: ps, decimals: d, ...verdict(ds, ps, better, field, peerShort) });
  };
  // One row per peer supervisor that ran the scenario (supervisord, PM2), each against drover's same samples.
  for (const [n, s] of Object.entries(sc.startup ?? {})) {
    for (const k of TOOL_PEERS) if (s[k]?.length) add(`start ${n} → all RUNNING`, 'ms', 'lower', s.drover, s[k], `${k} (${STATE_SOURCE[k]})`, 0, 'median', k);
    if (s.supervisordPolled?.length) add(`start ${n} → all RUNNING`, 'ms', 'lower', s.drover, s.supervisordPolled, 'supervisord (XML-RPC poll 50 ms)', 0);
  }
  if (sc.idle) {
    for (const k of TOOL_PEERS) {
      if (!sc.idle[k]?.length) continue;
      add(`idle CPU, ${sc.idle.programs ?? 200} programs, ${sc.idle.windowS} s`, '% of 1 core', 'lower', pluck(sc.idle.drover, 'cpuPercent'), pluck(sc.idle[k], 'cpuPercent'), SUPERVISOR_LABEL[k], 3, 'median', k);
      add('idle RSS (end of window)', 'MB', 'lower', pluck(sc.idle.drover, 'rssMB'), pluck(sc.idle[k], 'rssMB'), SUPERVISOR_LABEL[k], 1, 'median', k);
    }
  }
  if (sc.watch) {
    // The peer is drover itself with the same program unwatched: the difference is what watching costs.
    const peer = 'drover, same program unwatched';
    add(`idle CPU, watching ${sc.watch.files} files, ${sc.watch.windowS} s`, '% of 1 core', 'lower', pluck(sc.watch.watching, 'cpuPercent'), pluck(sc.watch.unwatched, 'cpuPercent'), peer, 3, 'median', 'unwatched');
    add(`idle RSS, watching ${sc.watch.files} files`, 'MB', 'lower', pluck(sc.watch.watching, 'rssMB'), pluck(sc.watch.unwatched, 'rssMB'), peer, 1, 'median', 'unwatched');
  }
  if (sc.crash) {
    for (const k of TOOL_PEERS) {
      if (!sc.crash[k]?.length) continue;
      add('crash → RUNNING, median', 'ms', 'lower', sc.crash.drover, sc.crash[k], `${k} (${STATE_SOURCE[k]})`, 1, 'median', k);
      add('crash → RUNNING, p90', 'ms', 'lower', sc.crash.drover, sc.crash[k], `${k} (${STATE_SOURCE[k]})`, 1, 'p90', k);
    }
    if (sc.crash.supervisordPolled?.length) {
      add('crash → RUNNING, median', 'ms', 'lower', sc.crash.drover, pluck(sc.crash.supervisordPolled, 'ms'), 'supervisord (XML-RPC poll 1 ms)', 1);
      add('crash → RUNNING, p90', 'ms', 'lower', sc.crash.drover, pluck(sc.crash.supervisordPolled, 'ms'), 'supervisord (XML-RPC poll 1 ms)', 1, 'p90');
    }
  }
  if (sc.flood) {
    const w = sc.flood.windowS;
    for (const k of TOOL_PEERS) {
      const f = sc.flood[k];
      if (!f?.length) continue;
      const label = SUPERVISOR_LABEL[k] + (k === 'pm2' ? ' (no rotation)' : '');
      add(`flood throughput, ${w} s`, 'MB/s', 'higher', pluck(sc.flood.drover, 'mbPerSec'), pluck(f, 'mbPerSec'), label, 1, 'median', k);
      add('flood supervisor CPU', '% of 1 core', 'lower', pluck(sc.flood.drover, 'cpuPercent'), pluck(f, 'cpuPercent'), label, 1, 'median', k);
      add('flood supervisor peak RSS', 'MB', 'lower', pluck(sc.flood.drover, 'peakRssMB'), pluck(f, 'peakRssMB'), label, 1, 'median', k);
      add('flood torn/bad lines in kept files', 'lines', 'lower', pluck(sc.flood.drover, 'badLines'), pluck(f, 'badLines'), label, 0, 'max', k);
      add('flood output lost (produced − logged)', 'lines', 'lower', pluck(sc.flood.drover, 'missingLines'), pluck(f, 'missingLines'), label, 0, 'max', k);
    }
  }
  if (sc.ctl) {
    const c = sc.ctl;
    for (const k of TOOL_PEERS) {
      if (!c[k]?.length) continue;
      add(`ctl status, ${c.programs} programs, fresh client, median`, 'ms', 'lower', c.drover, c[k], STATUS_CLIENT[k], 1, 'median', k);
      add(`ctl status, ${c.programs} programs, fresh client, p90`, 'ms', 'lower', c.drover, c[k], STATUS_CLIENT[k], 1, 'p90', k);
    }
    // A reference, not a comparison: the drover column holds a bare `node -e ""`, timed the same way.
    rows.push({ metric: 'ctl floor: `node -e ""` (bare Node start), median', unit: 'ms', better: '—', peer: '—', field: 'median', drover: summarize(c.nodeFloor ?? []), supervisord: null, decimals: 1, ratio: '—', reference: true });
  }
  if (sc.groupRestart) {
    const g = sc.groupRestart;
    for (const k of TOOL_PEERS) if (g[k]?.length) add(`restart a group of ${g.programs}, fresh client, median`, 'ms', 'lower', g.drover, g[k], RESTART_CLIENT[k], 0, 'median', k);
  }
  addGracefulRows(sc.graceful, add);
  addAsgiRows(sc.asgi, add);
  for (const slot of PREFORK_SLOTS) {
    const t = sc.prefork?.[slot];
    if (!t) continue;
    // The "supervisord" column holds the other server here (the peer column names it).
    const metric = `prefork hello world, ${t.workers} processes, ${t.connections} connections${t.shape === 'close' ? ', a new connection per request' : ', keep-alive'}, ${t.durationS} s`;
    for (const key of PEERS) {
      if (t.skipped?.[key]) continue;
      add(metric, 'req/s', 'higher', reqPerSec(t, 'drover'), reqPerSec(t, key), t.servers[key]?.label ?? key, 0, 'median', PEER_SHORT[key]);
    }
  }
  return rows;
}

const PEERS = ['cluster', 'pm2', 'single', 'limit'];
// results.scenarios.prefork.throughput: keep-alive load (the targets); throughputClose: a new connection per request.
const PREFORK_SLOTS = ['throughput', 'throughputClose'];
const loaderText = (t) => t.loader ?? `autocannon, keep-alive, pipelining 1`;
const PEER_SHORT = { cluster: 'cluster', pm2: 'pm2', single: 'single', limit: 'limit' };
const runsOf = (t, key) => t?.servers?.[key]?.runs ?? [];
const reqPerSec = (t, key) => runsOf(t, key).map((r) => r.reqPerSec);
const badOf = (r) => (r.errors ?? 0) + (r.timeouts ?? 0) + (r.non2xx ?? 0);

/** The prefork targets of the issue, as ratios of median req/s (drover ÷ peer). */
export const PREFORK_TARGETS = [
  { key: 'cluster', min: 1.15, text: '≥ 1.15 (drover ≥ 1.15 × node cluster RR)' },
  { key: 'pm2', min: 1.0, text: '≥ 1.00 (drover ≥ PM2 cluster mode)' },
  { key: 'limit', min: 0.9, text: '≥ 0.90 (drover within 10 % of the limit)' },
];
const RELOAD_BUDGET_MS = 2000;

function preforkSummary(results, slot = 'throughput') {
  const t = results.scenarios.prefork?.[slot];
  if (!t) return null;
  const med = (xs) => summarize(xs)?.median ?? null;
  const d = med(reqPerSec(t, 'drover'));
  const servers = Object.entries(t.servers).map(([key, s]) => {
    const runs = s.runs;
    const m = med(runs.map((r) => r.reqPerSec));
    // Ratio per round (the same round of drover and this server, run minutes apart at most).
    const droverRuns = runsOf(t, 'drover');
    const perRound = runs.map((r) => {
      const dr = droverRuns.find((x) => x.round === r.round);
      return dr ? dr.reqPerSec / r.reqPerSec : null;
    });
    return {
      key,
      label: s.label,
      skipped: t.skipped?.[key] ?? null,
      n: runs.length,
      reqPerSec: summarize(runs.map((r) => r.reqPerSec)),
      droverOver: key === 'drover' || m === null || d === null ? null : d / m,
      droverOverPerRound: key === 'drover' ? [] : perRound,
      p50: med(runs.map((r) => r.latencyMs.p50)),
      p99: med(runs.map((r) => r.latencyMs.p99)),
      bad: runs.reduce((a, r) => a + badOf(r), 0),
      errors: runs.reduce((a, r) => a + r.errors, 0),
      timeouts: runs.reduce((a, r) => a + r.timeouts, 0),
      non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
      errorCodes: runs.reduce((acc, r) => {
        for (const [k, v] of Object.entries(r.errorCodes ?? {})) acc[k] = (acc[k] ?? 0) + v;
        return acc;
      }, {}),
      serverCpu: med(runs.map((r) => r.serverCpuPercent)),
      cpuUsPerReq: med(runs.map((r) => r.serverCpuUsPerRequest)),
      masterCpu: med(runs.map((r) => r.masterCpuPercent)),
      workerCpu: medianWorkers(runs),
      loadgenCpu: med(runs.map((r) => r.loadgenCpuPercent)),
      machineBusy: med(runs.map((r) => r.machineBusyPercent)),
      others: med(runs.map((r) => r.othersCpuPercent)),
      connectionsPerWorker: runs.map((r) => r.connectionsPerWorker),
    };
  });
  return { t, servers, drover: d };
}

/** Median CPU per worker slot, the workers of each run sorted busiest first (shows an uneven split). */
function medianWorkers(runs) {
  const sorted = runs.map((r) => [...(r.workerCpuPercents ?? [])].filter((x) => x !== null).sort((a, b) => b - a));
  const slots = Math.max(0, ...sorted.map((x) => x.length));
  return Array.from({ length: slots }, (_, i) => summarize(sorted.map((x) => x[i]).filter((x) => x !== undefined))?.median ?? null);
}

function reloadSummary(results) {
  const x = results.scenarios.prefork?.reload;
  if (!x) return null;
  const reload = summarize(x.reloadMs);
  const workerStart = summarize(x.workerStartMs?.reload ?? []);
  const startSum = summarize(x.reloadWorkerStartSumMs ?? []);
  const overhead = summarize((x.reloadMs ?? []).map((ms, i) => ms - (x.reloadWorkerStartSumMs?.[i] ?? NaN)));
  const scaleStart = summarize(x.workerStartMs?.scale ?? []);
  const scale = summarize(x.scaleMs);
  const bad = x.reloadLoad ? badOf(x.reloadLoad) : null;
  const scaleBad = x.scaleLoad ? badOf(x.scaleLoad) : null;
  const pm2 = results.scenarios.prefork?.pm2Reload ?? null;
  const pm2Bad = pm2?.reloadLoad ? badOf(pm2.reloadLoad) : null;
  return { x, reload, workerStart, startSum, overhead, scaleStart, scale, bad, scaleBad, pm2, pm2Bad };
}

/** The view scenario: drover only (supervisord has no interactive view), steady and changing side by side. */
const VIEW_FIGURES = [
  { label: 'view process CPU (drover attach)', unit: '% of 1 core', get: (x) => x.viewCpuPercent, d: 2, target: '< 5 %' },
  { label: 'daemon CPU (supervisor + helpers, not the programs)', unit: '% of 1 core', get: (x) => x.daemonCpuPercent, d: 2, target: '< 5 %' },
  { label: 'bytes to the terminal', unit: 'KB/s', get: (x) => x.kbPerSec, d: 2, target: '< 20 KB/s (steady)' },
  { label: 'redraws (output bursts)', unit: '/s', get: (x) => x.burstsPerSec, d: 2, target: '' },
  { label: 'bytes per redraw, median', unit: 'B', get: (x) => x.burstBytesMedian, d: 0, target: '' },
  { label: 'pty relay (script) CPU', unit: '% of 1 core', get: (x) => x.scriptCpuPercent, d: 2, target: '' },
  { label: 'view RSS, end of window', unit: 'MB', get: (x) => x.viewRssMB, d: 1, target: '' },
  { label: 'bytes the view read (control socket events)', unit: 'KB/s', get: (x) => x.viewReadKBPerSec, d: 1, target: '' },
  { label: 'on-screen CPU figures changed between samples', unit: '%', get: (x) => (x.cpuChangedFraction === null || x.cpuChangedFraction === undefined ? null : x.cpuChangedFraction * 100), d: 0, target: '' },
];

const VIEW_HEADER = ['figure', 'unit', 'nothing changes: median [min–max] (n)', 'every figure changes: median [min–max] (n)', 'target'];

export function viewTable(results) {
  const v = results.scenarios.view;
  if (!v) return null;
  const rows = VIEW_FIGURES.map((f) => {
    const steady = summarize((v.steady ?? []).map(f.get).filter((x) => x !== null && x !== undefined));
    const changing = summarize((v.changing ?? []).map(f.get).filter((x) => x !== null && x !== undefined));
    return { figure: f.label, unit: f.unit, steady, changing, decimals: f.d, target: f.target };
  });
  const title = `Interactive view: \`drover attach\` in an ${v.cols}×${v.rows} pty on a \`drover --daemon\` with ${v.programs} processes, stats every ${v.statsIntervalS} s, ${v.windowS} s windows (drover only: supervisord has no such view)`;
  return { title, rows, cells: rows.map((r) => [r.figure, r.unit, cell(r.steady, r.decimals), cell(r.changing, r.decimals), r.target || '—']) };
}

export function checkTargets(results) {
  const sc = results.scenarios;
  const med = (xs) => summarize(xs ?? [])?.median ?? null;
  const targets = [];
  const t = (name, value, unit, ok, target) => targets.push({ name, target, value, unit, met: value === null ? null : ok });
  // Ratios to the peers in the same run (issue 7); a target whose peer did not run is reported as unknown.
  const ratio = (peerSamples, droverSamples) => {
    const p = med(peerSamples);
    const d = med(droverSamples);
    return p === null || d === null || d === 0 ? null : p / d;
  };
  const rt = (name, value, ok, target) => targets.push({ name, target, value, unit: '×', decimals: 2, met: value === null ? null : ok(value) });
  // Issue 3's absolute start-up targets (200 and 1000 programs), then issue 7's ratios to supervisord.
  const ABSOLUTE_STARTUP_MS = { 200: 150, 1000: 1500 };
  for (const [n, s] of Object.entries(sc.startup ?? {})) {
    const v = med(s.drover);
    if (ABSOLUTE_STARTUP_MS[n]) t(`${n} programs → all RUNNING (median)`, v, 'ms', v < ABSOLUTE_STARTUP_MS[n], `< ${ABSOLUTE_STARTUP_MS[n]} ms`);
    const min = Number(n) >= 1000 ? 4 : 6;
    rt(`${n} programs → all RUNNING: supervisord ÷ drover (medians)`, ratio(s.supervisord, s.drover), (x) => x >= min, `≥ ${min}×`);
  }
  if (sc.idle) {
    const c = med(pluck(sc.idle.drover, 'cpuPercent'));
    const n = sc.idle.programs ?? 200;
    t(`idle CPU, ${n} programs (median)`, c, '%', c <= 0.1, '≤ 0.1 %');
    const sup = med(pluck(sc.idle.supervisord, 'cpuPercent'));
    t(`idle CPU, ${n} programs, against supervisord's in the same run`, c, '%', sup === null ? null : c <= sup, sup === null ? '≤ supervisord (not run)' : `≤ supervisord's ${num(sup, 3)} %`);
    const r = med(pluck(sc.idle.drover, 'rssMB'));
    t(`idle RSS, ${n} programs (median)`, r, 'MB', r < 50, '< 50 MB');
  }
  if (sc.watch) {
    const c = med(pluck(sc.watch.watching, 'cpuPercent'));
    t(`idle CPU watching ${sc.watch.files} files (median)`, c, '% of 1 core', c < 1, '< 1 %');
  }
  addAsgiTargets(sc.asgi, targets);
  if (sc.crash) { const v = med(sc.crash.drover); t('crash → RUNNING (median)', v, 'ms', v < 5, '< 5 ms'); }
  if (sc.ctl) { const v = med(sc.ctl.drover); t(`ctl status, ${sc.ctl.programs} programs (median)`, v, 'ms', v < 90, '< 90 ms'); }
  if (sc.groupRestart) { const v = med(sc.groupRestart.drover); t(`restart a group of ${sc.groupRestart.programs} (median)`, v, 'ms', v < 250, '< 250 ms'); }
  if (sc.view) {
    const vt = (name, value, unit, ok, target) => targets.push({ name, target, value, unit, decimals: 2, met: value === null ? null : ok });
    for (const [variant, text] of [['steady', 'nothing changes'], ['changing', 'every figure changes']]) {
      const runs = sc.view[variant] ?? [];
      if (!runs.length) continue;
      const c = med(pluck(runs, 'viewCpuPercent'));
      vt(`view process CPU, ${sc.view.programs} processes, ${text} (median)`, c, '% of 1 core', c < 5, '< 5 %');
      const dc = med(pluck(runs, 'daemonCpuPercent'));
      vt(`daemon CPU with the view attached, ${text} (median)`, dc, '% of 1 core', dc < 5, '< 5 %');
      if (variant === 'steady') {
        const kb = med(pluck(runs, 'kbPerSec'));
        vt(`bytes to the terminal at ${sc.view.cols}×${sc.view.rows}, ${text} (median)`, kb, 'KB/s', kb < 20, '< 20 KB/s');
      }
    }
  }
  if (sc.flood) {
    const v = med(pluck(sc.flood.drover, 'mbPerSec'));
    t('flood throughput (median)', v, 'MB/s', v >= 100, '≥ 100 MB/s');
    rt('flood throughput: drover ÷ supervisord (medians)', ratio(pluck(sc.flood.drover, 'mbPerSec'), pluck(sc.flood.supervisord, 'mbPerSec')), (x) => x >= 1, '≥ 1×');
    rt('flood supervisor CPU: supervisord ÷ drover (medians)', ratio(pluck(sc.flood.supervisord, 'cpuPercent'), pluck(sc.flood.drover, 'cpuPercent')), (x) => x > 1, '> 1× (drover lower)');
    const bad = pluck(sc.flood.drover, 'badLines').reduce((a, b) => a + b, 0);
    const lost = pluck(sc.flood.drover, 'missingLines').reduce((a, b) => a + b, 0);
    t('flood: no line lost or torn (all runs)', bad + lost, 'bad+lost lines', bad + lost === 0, '0');
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
    if (d?.n) targets.push({ name: "prefork: errors + timeouts + non-2xx in drover's runs (all rounds)", target: '0', value: d.bad, unit: 'answers', decimals: 0, met: d.bad === 0 });
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
    if (rs.bad !== null) targets.push({ name: 'prefork: errors + timeouts + non-2xx during the reloads', target: `0${rs.pm2Bad === null ? '' : ` (PM2's \`pm2 reload\` in the same run: ${rs.pm2Bad})`}`, value: rs.bad, unit: 'answers', decimals: 0, met: rs.bad === 0 });
  }
  return targets;
}

const carriedText = (c) =>
  `not re-run here (\`--only\`), carried over from the ${c.mode ?? ''} run of ${c.date ?? 'an earlier date'}${c.gitCommit ? ` (commit ${c.gitCommit})` : ''}${c.command ? `, \`${c.command}\`` : ''}, supervisord ${c.supervisord ?? 'n/a'}${c.pm2 ? `, pm2 ${c.pm2}` : ''}: ${c.scenarios.join(', ')}`;

const targetDecimals = (t) => t.decimals ?? (t.unit === '%' ? 3 : 1);

function floorLines(results) {
  const out = Object.entries(results.osFloor ?? {})
    .filter(([, xs]) => xs.length)
    .map(([n, xs]) => `OS floor: a Node loop of child_process.spawn × ${n} \`sleep 86400\` (own process groups): ${cell(summarize(xs), 0)} ms`);
  const single = results.scenarios.crash?.singleSpawnMs;
  if (single?.length) out.push(`OS floor: one child_process.spawn of \`sleep 86400\` (returns after exec): ${cell(summarize(single), 2)} ms`);
  return out;
}

const PREFORK_HEADER = ['server', 'req/s median [min–max] (n)', 'drover ÷ this', 'p50 ms', 'p99 ms', 'errors / timeouts / non-2xx', 'server CPU %', 'master CPU %', 'workers CPU %', 'server CPU µs / request', 'load generator CPU %', 'machine busy %', 'others CPU %', 'connections per worker, each round'];

function preforkCells(ps) {
  return ps.servers.map((s) => {
    if (s.skipped && !s.n) return [s.label, `skipped: ${s.skipped}`, ...PREFORK_HEADER.slice(2).map(() => '')];
    const codes = Object.entries(s.errorCodes).map(([k, v]) => `${k}×${v}`).join(', ');
    const perRound = s.droverOverPerRound.filter((x) => x !== null);
    return [
      s.label,
      cell(s.reqPerSec, 0),
      s.key === 'drover' ? '—' : `${num(s.droverOver, 2)}${perRound.length > 1 ? ` (rounds: ${perRound.map((x) => num(x, 2)).join(', ')})` : ''}`,
      num(s.p50, 0),
      num(s.p99, 0),
      `${s.errors} / ${s.timeouts} / ${s.non2xx}${codes ? ` (${codes})` : ''}`,
      num(s.serverCpu, 0),
      num(s.masterCpu, 0),
      s.workerCpu.map((x) => num(x, 0)).join(' / '),
      num(s.cpuUsPerReq, 1),
      num(s.loadgenCpu, 0),
      num(s.machineBusy, 0),
      num(s.others, 0),
      s.connectionsPerWorker.map((c) => (c ? [...c].sort((a, b) => b - a).join('/') : 'n/a')).join('; '),
    ];
  });
}

function reloadLines(rs) {
  if (!rs) return [];
  const x = rs.x;
  const l = x.reloadLoad;
  const out = [];
  out.push(`ctl reload of ${x.workers} workers (app: the same hello.mjs), under ${x.connections} connections of load: ${cell(rs.reload, 0)} ms from spawning \`drover ctl reload web\` to its exit.`);
  out.push(`A worker's own start (drover's STARTING → RUNNING timestamps, i.e. spawn → ready), during those reloads: ${cell(rs.workerStart, 0)} ms each; summed over the ${x.workers} new workers of a reload (they start one after the other): ${cell(rs.startSum, 0)} ms; the rest of a reload (ctl client start, API, stopping the old workers, …): ${cell(rs.overhead, 0)} ms.`);
  out.push(`ctl scale web +1 under the same load: ${cell(rs.scale, 0)} ms from spawn to exit (the worker's own start in it: ${cell(rs.scaleStart, 0)} ms).`);
  if (l) {
    const codes = Object.entries(l.errorCodes ?? {}).map(([k, v]) => `${k}×${v}`).join(', ');
    out.push(`Load during the reloads: ${l.totalRequests} answers at ${num(l.reqPerSec, 0)} req/s, errors ${l.errors}${codes ? ` (${codes})` : ''}, timeouts ${l.timeouts}, non-2xx ${l.non2xx}; latency p50 ${num(l.latencyMs.p50, 0)} ms, p99 ${num(l.latencyMs.p99, 0)} ms, max ${num(l.latencyMs.max, 0)} ms.`);
  }
  const sl = x.scaleLoad;
  if (sl) out.push(`Load during the scaling (+1, then -1, ${x.scaleReps}×): ${sl.totalRequests} answers, errors ${sl.errors}, timeouts ${sl.timeouts}, non-2xx ${sl.non2xx}.`);
  const p = rs.pm2;
  if (p?.reloadLoad) {
    const pl = p.reloadLoad;
    const codes = Object.entries(pl.errorCodes ?? {}).map(([k, v]) => `${k}×${v}`).join(', ');
    out.push(`PM2, the same app in cluster mode with ${p.workers} instances under the same load, \`pm2 reload hello\` ${p.reps}×: ${cell(summarize(p.reloadMs), 0)} ms from spawn to exit; load during its reloads: ${pl.totalRequests} answers, errors ${pl.errors}${codes ? ` (${codes})` : ''}, timeouts ${pl.timeouts}, non-2xx ${pl.non2xx}.`);
  }
  return out;
}

function padTable(header, rows) {
  const cells = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((x, i) => String(x).padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const HEADER = ['metric', 'unit', 'drover median [min–max]', 'peer', 'peer median [min–max]', 'peer ÷ drover', 'better'];

function tableCells(rows) {
  return rows.map((r) => {
    const label = r.field === 'max' ? `${r.metric} (worst run)` : r.metric;
    return [label, r.unit, cell(r.drover, r.decimals, r.field), r.peer, r.reference ? '—' : cell(r.supervisord, r.decimals, r.field), r.ratio, r.better];
  });
}

export function renderText(results, rows, targets) {
  const out = [];
  const m = results.meta;
  out.push('');
  out.push(`drover bench (${m.mode}) — ${m.date} — nproc ${m.nproc}, node ${m.node}, drover ${m.drover}${m.gitCommit ? ` @${m.gitCommit}` : ''}, supervisord ${m.supervisord ?? `skipped: ${m.supervisordSkipped}`}, pm2 ${m.pm2 ?? `skipped: ${m.pm2Skipped ?? 'not needed'}`}`);
  if (m.carriedOver) out.push(carriedText(m.carriedOver));
  out.push(...floorLines(results));
  out.push('');
  const cells = [HEADER, ...tableCells(rows)];
  const widths = HEADER.map((_, i) => Math.max(...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((x, i) => String(x).padEnd(widths[i])).join('  ').trimEnd();
  out.push(line(cells[0]));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells.slice(1)) out.push(line(c));
  out.push('');
  out.push('"peer ÷ drover" = the peer\'s median / drover\'s median. For times, CPU, RSS and bad lines lower is better');
  out.push('(ratio > 1 means drover is better); for MB/s and req/s higher is better (ratio < 1 means drover is better).');
  out.push('The "better" column names the winner and by how much.');
  const vt = viewTable(results);
  if (vt) {
    out.push('');
    out.push(`${vt.title}:`);
    out.push(...padTable(VIEW_HEADER, vt.cells));
  }
  for (const slot of PREFORK_SLOTS) {
    const ps = preforkSummary(results, slot);
    if (!ps) continue;
    out.push('');
    out.push(`Prefork web core: hello world, ${ps.t.workers} processes per server, ${ps.t.connections} connections, load: ${loaderText(ps.t)}, ${ps.t.rounds} round(s) of ${ps.t.durationS} s after ${ps.t.warmupS} s warm-up:`);
    out.push(...padTable(PREFORK_HEADER, preforkCells(ps)));
  }
  const rl = reloadLines(reloadSummary(results));
  if (rl.length) {
    out.push('');
    out.push(...rl);
  }
  out.push('');
  out.push('Targets (drover, this machine):');
  for (const t of targets) {
    const status = t.met === null ? 'n/a    ' : t.met ? 'MET    ' : 'NOT MET';
    out.push(`  ${status}  ${t.name}: ${t.value === null ? 'n/a' : num(t.value, targetDecimals(t))} ${t.unit} (target ${t.target})`);
  }
  out.push('');
  out.push(...notes(results).map((n) => `* ${n}`));
  return out.join('\n');
}

function notes(results) {
  const sc = results.scenarios;
  const n = [];
  n.push('Start-up is wall time from spawning the supervisor command (interpreter start-up included) to the arrival of the line that makes the Nth process RUNNING. drover: its "-> RUNNING" lines on stdout; supervisord: its "success: X entered RUNNING state" log lines on stdout (-n); PM2: the pid files its daemon writes in the same synchronous step that marks an app online and removes when it exits, followed with inotify by a small client of PM2\'s own API (lib/pm2-events.cjs) that launches the daemon and starts the ecosystem, as `pm2 start ecosystem.json` does. PM2\'s event bus would give the same moments, but a subscriber gets every output chunk too, which halved PM2\'s flood throughput, so it is not used. None is sent anything else while timed. Every program is `sleep 86400` with each tool\'s shortest start check (startsecs 0; PM2 has none, an app is online once spawned).');
  n.push('supervisord runs a poll() loop with a 1 s timeout and moves STARTING→RUNNING / EXITED→STARTING only when that loop turns; an XML-RPC request (supervisorctl, or the bench polling) wakes the loop. That is why its "XML-RPC poll" rows are faster than its "log lines" rows: the observer speeds it up. The log-line rows are what an unobserved supervisord does.');
  if (sc.startup && !Object.values(sc.startup).some((x) => x.supervisordPolled?.length)) n.push('No XML-RPC-polled start-up runs for supervisord here: they measure supervisord with a client waking its loop, and at 1,000 programs they cost minutes a run; the crash scenario keeps its polled variant.');
  if (results.osFloor) n.push(`The OS-floor loops run inside the start-up series (floor, drover, supervisord, floor, …), so they see the same machine state; both supervisors also open pipes and log files per process, which the floor does not. It is the floor for fork+exec from Node (what supervisord's Python fork() also pays, roughly); drover here starts programs via ${results.meta.droverSpawner}, which does not copy Node's page tables and so can come in under it.`);
  if (sc.idle) n.push(`Idle CPU resolution: 1 clock tick (1/${results.meta.clkTck} s) over ${sc.idle.windowS} s = ${num(100 / results.meta.clkTck / sc.idle.windowS, 3)} % of a core; RSS is VmRSS of the supervisor process plus its helper processes that are not programs (drover: ${(sc.idle.drover ?? []).map((x) => `${num(x.mainProcessRssMB, 1)} MB node + ${x.helperProcesses} drover-spawner helper(s)`).join('; ') || 'n/a'}; supervisord has none), never the programs. The same set of processes is used for the flood CPU figures.`);
  if (sc.crash?.pollStats) {
    const p = sc.crash.pollStats;
    n.push(`Crash polling granularity (supervisord, XML-RPC getProcessInfo): 1 ms sleep + a round trip of ${num(p.meanRpcMs, 2)} ms on average (supervisord answers between its own work, e.g. after a fork), i.e. one answer every ~${num(p.meanRpcMs + 1, 1)} ms; ${num(p.meanPolls, 1)} polls per crash on average. Its polled figures are therefore only good to about that granularity.`);
  }
  if (sc.crash) n.push('In the crash scenario every supervisor (1 program each) stays up for the whole series and kills alternate drover / supervisord (log lines) / supervisord (polled) / PM2 (its new pid file), 100 ms apart.');
  if (sc.flood) {
    n.push('Flood MB/s counts every byte added to the log (live file, backups, and files already rotated away by the 10-backup cap) during the window; 1 MB = 1e6 bytes. "Lost" compares what yes wrote (/proc/PID/io wchar, after SIGSTOP and a drain) with what reached the log; a partial line at the SIGSTOP is not counted as lost.');
    if (sc.flood.pm2?.length) n.push('PM2 has no log rotation of its own (only the pm2-logrotate module, installed from the network into its home): it writes one growing file here, which is less work than rotating.');
    for (const tool of ['drover', ...TOOL_PEERS]) {
      for (const [i, r] of (sc.flood[tool] ?? []).entries()) {
        n.push(`flood ${tool} run ${i + 1}: ${num(r.mbPerSec, 1)} MB/s, produced ${r.producedBytes} B, logged ${r.loggedBytes} B (missing ${r.missingBytes} B), ${r.rotations} rotations${r.rotationSizesGuessed ? ` (${r.rotationSizesGuessed} sizes estimated)` : ''}, kept ${r.keptFiles} files / ${r.keptLines} lines, bad ${r.badLines}${r.badExamples?.length ? ` e.g. ${r.badExamples[0]}` : ''}`);
      }
    }
  }
  if (sc.ctl) {
    const c = sc.ctl;
    const floor = summarize(c.nodeFloor ?? [])?.median;
    const d = summarize(c.drover ?? [])?.median;
    n.push(`ctl status: ${c.programs} programs (\`sleep 86400\`) RUNNING under every supervisor at once; then, interleaved (drover, supervisorctl, pm2 jlist, node floor, drover, …, 100 ms apart), ${c.warmup} warm-up rounds (checked, dropped) and ${c.reps} timed rounds of a fresh client process, each timed from spawn() to its exit (performance.now() in the bench). Clients: \`${c.clients?.drover ?? 'n/a'}\`; \`${c.clients?.supervisord ?? 'n/a'}\`; \`${c.clients?.pm2 ?? 'n/a'}\`; floor \`${c.clients?.nodeFloor ?? 'n/a'}\`. Every answer is checked (exit 0 and exactly ${c.programs} lines containing RUNNING; for pm2, ${c.programs} apps online in its JSON).${Number.isFinite(floor) && Number.isFinite(d) ? ` Of drover's ${num(d, 1)} ms median, ${num(floor, 1)} ms is a bare Node start (the floor row, run like \`drover ctl\` without NODE_EXTRA_CA_CERTS, which the launcher drops for ctl and check); the remaining ${num(d - floor, 1)} ms is the ctl client's own module loading plus the socket round trip and the supervisor's answer.` : ''} supervisorctl is a Python program and pm2 a Node one, so their figures likewise include their interpreter's start-up.`);
  }
  if (sc.groupRestart) {
    const g = sc.groupRestart;
    n.push(`Group restart: ${g.programs} \`sleep 86400\` programs in one group (\`groups:\` for drover, \`[group:x]\` for supervisord, a namespace for PM2), every supervisor running at once; interleaved, ${g.warmup} warm-up round(s) and ${g.reps} timed rounds of a fresh client (\`${g.clients?.drover ?? 'n/a'}\`; \`${g.clients?.supervisord ?? 'n/a'}\`; \`${g.clients?.pm2 ?? 'n/a'}\`), each timed from spawn() to its exit, then checked: exit 0 and every process of the group RUNNING again with a new pid.`);
  }
  const gn = gracefulNote(results);
  if (gn) n.push(gn);
  const an = asgiNote(results);
  if (an) n.push(an);
  if (sc.watch) {
    const w = sc.watch;
    n.push(`Watch: one program (\`sleep 86400\`) with \`watch: [src]\` on ${w.files} files in 500 folders, against the same program unwatched, run in turn; each run like the idle scenario (4 s after RUNNING, the supervisor's CPU over ${w.windowS} s, then its RSS). The RSS includes the first scan's garbage, which V8 gives back only after about 40 s idle.`);
  }
  if (sc.view) {
    const v = sc.view;
    n.push(`View: \`node dist/cli/main.js --daemon -c FILE\` with ${v.programs} processes in two programs, \`stats_interval: ${v.statsIntervalS}s\`: a_front (${v.onScreen} processes: the rows on screen, as the list sorts by name and shows \`all\`, the a_front program row and 16 processes at ${v.cols}×${v.rows}) and z_rest (the others, \`sleep 86400\`). "Nothing changes": a_front runs \`sleep 86400\` too, so only the uptimes move. "Every figure changes": a_front runs a shell loop that burns 3–30 ms of CPU (a different amount each second) then sleeps 1 s, so every on-screen CPU figure and the totals change between stats samples (checked before the window with ${'`ctl status --json`'} snapshots 1 s apart: the last row of the table, at one decimal as the view prints them). Once all are RUNNING, \`node dist/cli/main.js attach --socket S\` runs in a pseudo-terminal of ${v.cols}×${v.rows} (${v.pty}: \`script -qfec "stty rows ${v.rows} cols ${v.cols}; exec node … attach --socket S" /dev/null\`, TERM=${v.term}, colours on; script's stdout is exactly what the view wrote to its terminal, and its stdin is a pipe nothing is written to); ${v.settleS} s after the first process rows show, and after the ${'`ctl status`'} check, the window of ${v.windowS} s: bytes out of the pty (1 KB = 1000 B), utime+stime of the view process (script's child) and of the daemon (its process and its drover-spawner helpers, not the programs), % of one core. A redraw is a burst of output with no gap over 40 ms. Then the view gets SIGTERM and the daemon \`ctl shutdown\`; every process of the run is checked gone.`);
  }
  const ps = preforkSummary(results);
  if (ps) {
    const t = ps.t;
    // Figures carried over from an earlier run name the PM2 of that run.
    const prefork = results.meta.carriedOver?.scenarios.includes('prefork') ? { pm2: results.meta.carriedOver.pm2, pm2Skipped: 'not recorded' } : results.meta;
    n.push(`Prefork: every server runs ${t.workers} Node processes serving the same listener (bench/fixtures/hello.mjs) on 127.0.0.1, on a free port: drover's prefork core (\`type: prefork\`, \`app:\`, started with \`node dist/cli/main.js -c FILE\`, ready when both workers are RUNNING); Node's cluster module with \`cluster.schedulingPolicy = SCHED_RR\` (bench/fixtures/cluster-server.mjs); PM2 in cluster mode (\`pm2 start bench/fixtures/hello-server.mjs -i ${t.workers}\`, a private PM2_HOME, \`pm2 kill\` after each run; ${prefork.pm2 ? `pm2 ${prefork.pm2}` : `skipped: ${prefork.pm2Skipped}`}); one Node process (hello-server.mjs); and the limit: ${t.workers} hello-server.mjs processes on ${t.workers} ports, loaded at the same time with ${Math.floor(t.connections / t.workers)} connections each (autocannon: one instance per port; wrk: its threads split between the ports), req/s summed.`);
    n.push(`Load: ${loaderText(t)}, ${t.connections} connections. ${String(t.loader ?? 'autocannon').startsWith('wrk') ? "req/s is wrk's requests ÷ its duration; latency percentiles are wrk's; its CPU is the shell's cutime+cstime after waiting for it. wrk runs again with `Connection: close` on every request (second table): each request then pays for a new connection, the part of the path where the servers differ (drover's workers accept it themselves; the cluster primary accepts it and passes it to a worker)." : "req/s is autocannon's requests.average (the mean of its per-second samples); latency percentiles are autocannon's, in whole milliseconds (0 = under 1 ms)."} Each server is started fresh for each run, checked with one GET, warmed up for ${t.warmupS} s with the same load (dropped), measured for ${t.durationS} s and stopped; the order is drover, cluster, pm2, single, limit in every round. The load generator runs on the same ${results.meta.nproc} cores as the servers, the same for every server; its CPU (the bench process, process.cpuUsage) and the servers' (utime+stime of every process the server started, from /proc) are in the table, with the CPU the server's processes spent per answer (µs; what the server costs, whatever the load generator's speed) and the whole machine's busy time (/proc/stat, % of all cores); "others CPU %" is the machine's busy time that neither the server nor the load generator spent (% of one core): other processes on the same kernel, including ones in other containers that the bench cannot see, and kernel work not charged to a process. Before each warm-up the bench waits (up to 20 s) for a 1 s window with the machine at most 15 % busy. "workers CPU %" lists the workers busiest first (median per slot over the rounds). "connections per worker" is each worker's open sockets halfway through the timed window minus its sockets before any load, busiest first, one group per round: how the ${t.connections} keep-alive connections were spread.`);
    const measured = ps.servers.filter((x) => x.n);
    const range = (key) => {
      const xs = measured.map((x) => x[key]).filter((x) => x !== null && x !== undefined);
      if (!xs.length) return 'n/a';
      const [lo, hi] = [num(Math.min(...xs), 0), num(Math.max(...xs), 0)];
      return lo === hi ? `${lo} %` : `${lo}–${hi} %`;
    };
    const single = measured.find((x) => x.key === 'single');
    const limit = measured.find((x) => x.key === 'limit');
    const busy = measured.map((x) => x.machineBusy).filter((x) => x !== null);
    if (busy.length) {
      const saturated = Math.min(...busy) >= 85;
      const gain = single?.reqPerSec && limit?.reqPerSec ? limit.reqPerSec.median / single.reqPerSec.median : null;
      n.push(
        `Bottleneck check: during the timed windows the machine was ${range('machineBusy')} busy (all ${results.meta.nproc} cores; medians per server), the load generator took ${range('loadgenCpu')} of one core, the servers ${range('serverCpu')}, and others ${range('others')}. ` +
          (saturated
            ? `The cores were saturated: the CPU the load generator uses is taken from the servers, so this measures how well each server shares ${results.meta.nproc} cores with its load generator, not how far it scales. `
            : 'The cores were not saturated. ') +
          (gain !== null
            ? `Single vs limit: ${num(limit.reqPerSec.median, 0)} req/s from ${t.workers} independent processes against ${num(single.reqPerSec.median, 0)} from one (${num(gain, 2)}×)${gain < 1.1 ? `: a second server process buys nothing here, because one server process and the load generator already fill the ${results.meta.nproc} cores (one each), and a third busy process only adds context switches. The issue's "limit" assumes a load generator that does not compete for the same cores` : ''}. `
            : '') +
          'The "server CPU µs / request" column compares what each server costs per answer regardless of that ceiling.',
      );
    }
    const busiestShare = (x) =>
      x.connectionsPerWorker.filter((c) => c && c.length > 1).map((c) => Math.max(...c) / Math.max(1, c.reduce((a, b) => a + b, 0)));
    const spread = measured
      .filter((x) => x.key !== 'single' && busiestShare(x).length)
      .map((x) => {
        const shares = busiestShare(x);
        return `${x.label} ${num(Math.min(...shares) * 100, 0)}–${num(Math.max(...shares) * 100, 0)} %`;
      });
    if (spread.length) n.push(`Spread of the keep-alive connections: the busiest worker's share of them (an even split is ${num(100 / t.workers, 0)} %), lowest–highest over the rounds: ${spread.join('; ')}. drover's workers all accept on one shared socket, so a connection goes to whichever worker's accept gets it first; the cluster module's round-robin primary (also under PM2) deals them out in turn. With keep-alive a connection stays with its worker, so an uneven split lasts the whole run.`);
  }
  const rs = reloadSummary(results);
  if (rs) {
    const x = rs.x;
    n.push(`Reload: drover with one prefork program of ${x.workers} workers (the same hello.mjs), loaded by autocannon with ${x.connections} connections from 1 s before the first reload until after the last; each \`node dist/cli/main.js ctl --socket SOCK reload web\` is timed from spawn() to its exit (so it includes the ctl client's own Node start: ~125 ms idle on this machine, more under load), then the bench waits until ${x.workers} workers are RUNNING, all with new pids, and 1 s more. A worker's own start is drover's STARTING → RUNNING timestamps of each new worker (spawn → ready notification of the built-in runtime). Then \`ctl scale web +1\` (timed the same way) and \`-1\` (untimed), ${x.scaleReps}×, under a fresh load of ${x.connections} connections. The load generator runs in the bench process, on the same cores, during both.`);
    if (rs.reload && rs.workerStart) {
      const strict = 2000 + rs.workerStart.median;
      n.push(`Reload target reading: "< 2 s + the workers' own start time". The workers are replaced one at a time, so the table reads it as 2 s + the sum of the ${x.workers} new workers' starts (median ${num(rs.startSum?.median, 0)} ms); what a reload adds beyond its workers' own starts is ${num(rs.overhead?.median, 0)} ms (median). Read strictly as 2 s + one worker's start (${num(strict, 0)} ms), the median reload of ${num(rs.reload.median, 0)} ms ${rs.reload.median < strict ? 'meets it too' : 'does not meet it'}.`);
    }
  }
  const left = results.hygiene;
  if (left) n.push(`Clean-up: ${left.leftovers} process(es) were still alive after a supervisor's own shutdown (killed by the bench), ${left.forcedStops} supervisor(s) had to be SIGKILLed, ${left.finalSweep} left for the final sweep.`);
  for (const e of results.errors) n.push(`ERROR in ${e.scenario}: ${e.error}`);
  return n;
}

export function renderMarkdown(results, rows, targets) {
  const m = results.meta;
  const out = [];
  out.push(`# drover vs supervisord and PM2 — benchmark results (${m.mode} run)`);
  out.push('');
  out.push(`- date: ${m.date}`);
  out.push(`- command: \`${m.command}\``);
  out.push(`- machine: \`nproc\` = ${m.nproc}, ${m.cpuModel}, kernel ${m.kernel}, ${m.memGB} GB RAM`);
  out.push(`- node: ${m.node}`);
  out.push(`- drover: ${m.drover}${m.gitCommit ? ` (commit ${m.gitCommit})` : ''}, starts programs via ${m.droverSpawner}`);
  out.push(`- supervisord: ${m.supervisord ?? `skipped — ${m.supervisordSkipped}`}`);
  out.push(`- pm2: ${m.pm2 ?? `skipped — ${m.pm2Skipped ?? 'not needed by the scenarios run'}`}`);
  out.push(`- plan: ${JSON.stringify(results.plan)}`);
  if (m.carriedOver) out.push(`- ${carriedText(m.carriedOver)}`);
  out.push('');
  out.push(...floorLines(results).map((l) => `${l}`));
  out.push('');
  out.push(`| ${HEADER.join(' | ')} |`);
  out.push(`|${HEADER.map(() => '---').join('|')}|`);
  for (const c of tableCells(rows)) out.push(`| ${c.join(' | ')} |`);
  out.push('');
  out.push('"peer ÷ drover" = the peer\'s median / drover\'s median. Times, CPU, RSS, bad lines: lower is better (ratio > 1 ⇒ drover better). MB/s, req/s: higher is better (ratio < 1 ⇒ drover better).');
  const vt = viewTable(results);
  if (vt) {
    out.push('');
    out.push('## Interactive view');
    out.push('');
    out.push(`${vt.title}.`);
    out.push('');
    out.push(`| ${VIEW_HEADER.join(' | ')} |`);
    out.push(`|${VIEW_HEADER.map(() => '---').join('|')}|`);
    for (const c of vt.cells) out.push(`| ${c.join(' | ')} |`);
    out.push('');
  }
  const summaries = PREFORK_SLOTS.map((slot) => preforkSummary(results, slot)).filter(Boolean);
  const rl = reloadLines(reloadSummary(results));
  if (summaries.length || rl.length) {
    out.push('');
    out.push('## Prefork web core');
    out.push('');
  }
  for (const ps of summaries) {
    out.push(`Hello world (\`bench/fixtures/hello.mjs\`), ${ps.t.workers} processes per server on 127.0.0.1, ${ps.t.connections} connections, load: ${loaderText(ps.t)}; ${ps.t.rounds} interleaved round(s) of ${ps.t.durationS} s, each after a ${ps.t.warmupS} s warm-up of a freshly started server. CPU % is of one core, over the timed window.`);
    out.push('');
    out.push(`| ${PREFORK_HEADER.join(' | ')} |`);
    out.push(`|${PREFORK_HEADER.map(() => '---').join('|')}|`);
    for (const c of preforkCells(ps)) out.push(`| ${c.join(' | ')} |`);
    out.push('');
  }
  for (const l of rl) out.push(`- ${l}`);
  if (rl.length) out.push('');
  out.push('## Targets (drover)');
  out.push('');
  out.push('| target | value | met |');
  out.push('|---|---|---|');
  for (const t of targets) out.push(`| ${t.name} ${t.target} | ${t.value === null ? 'n/a' : num(t.value, targetDecimals(t))} ${t.unit} | ${t.met === null ? 'n/a' : t.met ? 'yes' : '**no**'} |`);
  out.push('');
  out.push('## Notes');
  out.push('');
  for (const n of notes(results)) out.push(`- ${n}`);
  out.push('');
  out.push('Raw samples: `bench/results.json`.');
  out.push('');
  return out.join('\n');
}

export function writeReports(results, rows, targets, mdPath, jsonPath) {
  writeFileSync(mdPath, renderMarkdown(results, rows, targets));
  const vt = viewTable(results);
  writeFileSync(jsonPath, `${JSON.stringify({ ...results, table: rows, ...(vt ? { viewTable: vt.rows } : {}), targets }, null, 2)}\n`);
}
