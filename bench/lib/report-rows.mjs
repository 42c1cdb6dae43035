/** The comparison table: one row per figure and peer, drover's samples against the peer's. */
import { cell, pluck } from './report-cells.mjs';
import { addAsgiRows } from './report-asgi.mjs';
import { floorRow, groupRestartFloor, groupRestartPathFloor, startupFloorSum } from './report-floor.mjs';
import { addGracefulRows } from './report-graceful.mjs';
import { PEER_SHORT, PEERS, PREFORK_SLOTS, reqPerSec } from './report-prefork.mjs';
import { addRestartRows } from './report-restart.mjs';
import { summarize } from './stats.mjs';

/**
 * @typedef {object} Row  one line of the comparison table
 * @property {string} metric
 * @property {string} unit
 * @property {string} better  who is better and by how much ('—' on a reference row)
 * @property {string} peer
 * @property {import('./report-cells.mjs').Field} field
 * @property {Summary | null} drover
 * @property {Summary | null} supervisord  the peer's figures, whichever peer the row names
 * @property {number} decimals
 * @property {string} ratio  peer ÷ drover
 * @property {boolean} [reference]  a reference figure, not a comparison
 * @typedef {import('./types.mjs').Summary} Summary
 */

/**
 * @param {Summary | null} d
 * @param {Summary | null} p
 * @param {'lower' | 'higher'} better
 * @param {import('./report-cells.mjs').Field} field
 */
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

/** The peer supervisors, in the order they run in each round (after drover). */
/** @type {('supervisord' | 'pm2')[]} */
export const TOOL_PEERS = ['supervisord', 'pm2'];
/** How the bench learns each supervisor's state changes (see lib/supervisord.mjs, lib/pm2.mjs). */
const STATE_SOURCE = { supervisord: 'log lines', pm2: 'pid files' };
const SUPERVISOR_LABEL = { supervisord: 'supervisord', pm2: 'pm2 daemon' };
const STATUS_CLIENT = { supervisord: 'supervisorctl status', pm2: 'pm2 jlist' };
const RESTART_CLIENT = { supervisord: 'supervisorctl restart', pm2: 'pm2 restart (namespace)' };

/** @param {import('./results-types.mjs').Results} results */
export function buildRows(results) {
  const sc = results.scenarios;
  /** @type {Row[]} */
  const rows = [];
  /** @type {import('./report-cells.mjs').AddRow} */
  const add = (metric, unit, better, dSamples, pSamples, peerName, d, field = 'median', peerShort = 'supervisord') => {
    const ds = summarize(dSamples ?? []);
    const ps = summarize(pSamples ?? []);
    // verdict's `better` (who wins) takes the place of the direction: the key order results.json has always had.
    const v = verdict(ds, ps, better, field, peerShort);
    rows.push({ metric, unit, better: v.better, peer: peerName, field, drover: ds, supervisord: ps, decimals: d, ratio: v.ratio });
  };
  // One row per peer supervisor that ran the scenario (supervisord, PM2), each against drover's same samples.
  for (const [n, s] of Object.entries(sc.startup ?? {})) {
    // `drover --daemon` (issue 21's form) and drover in the foreground, each against the same peer samples; results older than the daemon series have only the second.
    for (const [form, samples] of /** @type {const} */ ([
      ['drover --daemon', s.droverDaemon],
      ['drover foreground', s.drover],
    ])) {
      if (!samples?.length) continue;
      const metric = `start ${n} → all RUNNING, ${form}`;
      for (const k of TOOL_PEERS) if (s[k]?.length) add(metric, 'ms', 'lower', samples, s[k], `${k} (${STATE_SOURCE[k]})`, 0, 'median', k);
      if (s.supervisordPolled?.length) add(metric, 'ms', 'lower', samples, s.supervisordPolled, 'supervisord (XML-RPC poll 50 ms)', 0);
    }
    if (s.cSpawnMs?.length) {
      // The floor bounds the form issue 21 names, when this run measured it.
      const bounded = s.droverDaemon?.length ? { who: 'drover --daemon', samples: s.droverDaemon } : { who: 'drover foreground', samples: s.drover };
      rows.push(floorRow(`start ${n} floor: C posix_spawn of ${n} with two pipes each`, s.cSpawnMs, 0, bounded.samples, bounded.who));
      rows.push(floorRow(`start ${n} floor: C posix_spawn of ${n} + a bare \`node -e ""\``, startupFloorSum(s), 0, bounded.samples, bounded.who));
    }
  }
  if (sc.idle) {
    const idleRuns = sc.idle;
    for (const [form, runs] of /** @type {const} */ ([
      ['drover --daemon', idleRuns.droverDaemon],
      ['drover foreground', idleRuns.drover],
    ])) {
      if (!runs?.length) continue;
      for (const k of TOOL_PEERS) {
        if (!idleRuns[k]?.length) continue;
        const peer = pluck(idleRuns[k], 'cpuPercent');
        add(
          `idle CPU, ${idleRuns.programs ?? 200} programs, ${idleRuns.windowS} s, ${form}`,
          '% of 1 core',
          'lower',
          pluck(runs, 'cpuPercent'),
          peer,
          SUPERVISOR_LABEL[k],
          3,
          'median',
          k,
        );
        add(`idle RSS (end of window), ${form}`, 'MB', 'lower', pluck(runs, 'rssMB'), pluck(idleRuns[k], 'rssMB'), SUPERVISOR_LABEL[k], 1, 'median', k);
      }
    }
  }
  if (sc.watch) {
    // The peer is drover itself with the same program unwatched: the difference is what watching costs.
    const peer = 'drover, same program unwatched';
    add(
      `idle CPU, watching ${sc.watch.files} files, ${sc.watch.windowS} s`,
      '% of 1 core',
      'lower',
      pluck(sc.watch.watching, 'cpuPercent'),
      pluck(sc.watch.unwatched, 'cpuPercent'),
      peer,
      3,
      'median',
      'unwatched',
    );
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
    if (sc.crash.singleCSpawnMs?.length) rows.push(floorRow('crash floor: one C posix_spawn (timed alone)', sc.crash.singleCSpawnMs, 2, sc.crash.drover));
    if (sc.crash.cRespawnMs?.length) rows.push(floorRow('crash floor: the smallest C supervisor (kill → reap → spawn → line)', sc.crash.cRespawnMs, 2, sc.crash.drover));
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
      add('flood supervisor RSS growth, RUNNING → peak', 'MB', 'lower', pluck(sc.flood.drover, 'peakRssGrowthMB'), pluck(f, 'peakRssGrowthMB'), label, 1, 'max', k);
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
    rows.push({
      metric: 'ctl floor: `node -e ""` (bare Node start), median',
      unit: 'ms',
      better: '—',
      peer: '—',
      field: 'median',
      drover: summarize(c.nodeFloor ?? []),
      supervisord: null,
      decimals: 1,
      ratio: '—',
      reference: true,
    });
  }
  if (sc.groupRestart) {
    const g = sc.groupRestart;
    for (const k of TOOL_PEERS) if (g[k]?.length) add(`restart a group of ${g.programs}, fresh client, median`, 'ms', 'lower', g.drover, g[k], RESTART_CLIENT[k], 0, 'median', k);
    if (g.singleCSpawnMs?.length) rows.push(floorRow(`restart floor: ${g.programs} × one C posix_spawn`, groupRestartFloor(g), 0, g.drover));
    if (g.cRestartMs?.length) rows.push(floorRow(`restart floor: C stop + start of ${g.programs} + a bare \`node -e ""\``, groupRestartPathFloor(g), 0, g.drover));
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
  addRestartRows(sc.restartUnderLoad, rows);
  addRestartRows(sc.reexecUnderLoad, rows);
  return rows;
}

export const HEADER = ['metric', 'unit', 'drover median [min–max]', 'peer', 'peer median [min–max]', 'peer ÷ drover', 'better'];

/** @param {Row[]} rows */
export function tableCells(rows) {
  return rows.map((r) => {
    const label = r.field === 'max' ? `${r.metric} (worst run)` : r.metric;
    return [label, r.unit, cell(r.drover, r.decimals, r.field), r.peer, r.reference ? '—' : cell(r.supervisord, r.decimals, r.field), r.ratio, r.better];
  });
}
