/** Turns raw samples into the comparison table, the target checks, RESULTS.md and results.json. */
import { writeFileSync } from 'node:fs';
import { summarize } from './stats.mjs';

const num = (x, d) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));

function cell(s, d, field = 'median') {
  if (!s) return 'n/a';
  if (field !== 'median') return `${num(s[field], d)} (n=${s.n})`;
  return s.n === 1 ? `${num(s.median, d)} (n=1)` : `${num(s.median, d)} [${num(s.min, d)}–${num(s.max, d)}] (n=${s.n})`;
}

function verdict(d, p, better, field) {
  if (!d || !p) return { ratio: 'n/a', better: 'n/a' };
  const a = d[field];
  const b = p[field];
  if (a === 0 && b === 0) return { ratio: '—', better: 'tie' };
  if (a === 0 || b === 0) {
    const droverWins = better === 'lower' ? a < b : a > b;
    return { ratio: a === 0 ? '∞' : '0', better: droverWins ? 'drover' : 'supervisord' };
  }
  const ratio = b / a;
  const factor = ratio >= 1 ? ratio : 1 / ratio;
  if (factor < 1.05) return { ratio: ratio.toFixed(2), better: '≈ same' };
  const droverWins = better === 'lower' ? ratio > 1 : ratio < 1;
  return { ratio: ratio.toFixed(ratio >= 10 ? 0 : 2), better: `${droverWins ? 'drover' : 'supervisord'} ${factor.toFixed(factor >= 10 ? 0 : 1)}×` };
}

const pluck = (list, key) => (list ?? []).map((r) => r[key]);

export function buildRows(results) {
  const sc = results.scenarios;
  const rows = [];
  const add = (metric, unit, better, dSamples, pSamples, peerName, d, field = 'median') => {
    const ds = summarize(dSamples ?? []);
    const ps = summarize(pSamples ?? []);
    rows.push({ metric, unit, better, peer: peerName, field, drover: ds, supervisord: ps, decimals: d, ...verdict(ds, ps, better, field) });
  };
  for (const n of ['200', '1000']) {
    const s = sc.startup?.[n];
    if (!s) continue;
    add(`start ${n} → all RUNNING`, 'ms', 'lower', s.drover, s.supervisord, 'supervisord (log lines)', 0);
    if (s.supervisordPolled?.length) add(`start ${n} → all RUNNING`, 'ms', 'lower', s.drover, s.supervisordPolled, 'supervisord (XML-RPC poll 50 ms)', 0);
  }
  if (sc.idle) {
    add(`idle CPU, 200 programs, ${sc.idle.windowS} s`, '% of 1 core', 'lower', pluck(sc.idle.drover, 'cpuPercent'), pluck(sc.idle.supervisord, 'cpuPercent'), 'supervisord', 3);
    add('idle RSS (end of window)', 'MB', 'lower', pluck(sc.idle.drover, 'rssMB'), pluck(sc.idle.supervisord, 'rssMB'), 'supervisord', 1);
  }
  if (sc.crash) {
    add('crash → RUNNING, median', 'ms', 'lower', sc.crash.drover, sc.crash.supervisord, 'supervisord (log lines)', 1);
    add('crash → RUNNING, p90', 'ms', 'lower', sc.crash.drover, sc.crash.supervisord, 'supervisord (log lines)', 1, 'p90');
    if (sc.crash.supervisordPolled?.length) {
      add('crash → RUNNING, median', 'ms', 'lower', sc.crash.drover, pluck(sc.crash.supervisordPolled, 'ms'), 'supervisord (XML-RPC poll 1 ms)', 1);
      add('crash → RUNNING, p90', 'ms', 'lower', sc.crash.drover, pluck(sc.crash.supervisordPolled, 'ms'), 'supervisord (XML-RPC poll 1 ms)', 1, 'p90');
    }
  }
  if (sc.flood) {
    const w = sc.flood.windowS;
    add(`flood throughput, ${w} s`, 'MB/s', 'higher', pluck(sc.flood.drover, 'mbPerSec'), pluck(sc.flood.supervisord, 'mbPerSec'), 'supervisord', 1);
    add('flood supervisor CPU', '% of 1 core', 'lower', pluck(sc.flood.drover, 'cpuPercent'), pluck(sc.flood.supervisord, 'cpuPercent'), 'supervisord', 1);
    add('flood supervisor peak RSS', 'MB', 'lower', pluck(sc.flood.drover, 'peakRssMB'), pluck(sc.flood.supervisord, 'peakRssMB'), 'supervisord', 1);
    add('flood torn/bad lines in kept files', 'lines', 'lower', pluck(sc.flood.drover, 'badLines'), pluck(sc.flood.supervisord, 'badLines'), 'supervisord', 0, 'max');
    add('flood output lost (produced − logged)', 'lines', 'lower', pluck(sc.flood.drover, 'missingLines'), pluck(sc.flood.supervisord, 'missingLines'), 'supervisord', 0, 'max');
  }
  if (sc.ctl) {
    const c = sc.ctl;
    add(`ctl status, ${c.programs} programs, fresh client, median`, 'ms', 'lower', c.drover, c.supervisord, 'supervisorctl status', 1);
    add(`ctl status, ${c.programs} programs, fresh client, p90`, 'ms', 'lower', c.drover, c.supervisord, 'supervisorctl status', 1, 'p90');
    // A reference, not a comparison: the drover column holds a bare `node -e ""`, timed the same way.
    rows.push({ metric: 'ctl floor: `node -e ""` (bare Node start), median', unit: 'ms', better: '—', peer: '—', field: 'median', drover: summarize(c.nodeFloor ?? []), supervisord: null, decimals: 1, ratio: '—', reference: true });
  }
  return rows;
}

export function checkTargets(results) {
  const sc = results.scenarios;
  const med = (xs) => summarize(xs ?? [])?.median ?? null;
  const targets = [];
  const t = (name, value, unit, ok, target) => targets.push({ name, target, value, unit, met: value === null ? null : ok });
  if (sc.startup?.['200']) { const v = med(sc.startup['200'].drover); t('200 programs → all RUNNING (median)', v, 'ms', v < 150, '< 150 ms'); }
  if (sc.startup?.['1000']) { const v = med(sc.startup['1000'].drover); t('1000 programs → all RUNNING (median)', v, 'ms', v < 1500, '< 1500 ms'); }
  if (sc.idle) {
    const c = med(pluck(sc.idle.drover, 'cpuPercent'));
    t('idle CPU, 200 programs (median)', c, '%', c <= 0.1, '≤ 0.1 %');
    const r = med(pluck(sc.idle.drover, 'rssMB'));
    t('idle RSS, 200 programs (median)', r, 'MB', r < 50, '< 50 MB');
  }
  if (sc.crash) { const v = med(sc.crash.drover); t('crash → RUNNING (median)', v, 'ms', v < 5, '< 5 ms'); }
  if (sc.flood) {
    const v = med(pluck(sc.flood.drover, 'mbPerSec'));
    t('flood throughput (median)', v, 'MB/s', v >= 100, '≥ 100 MB/s');
    const bad = pluck(sc.flood.drover, 'badLines').reduce((a, b) => a + b, 0);
    const lost = pluck(sc.flood.drover, 'missingLines').reduce((a, b) => a + b, 0);
    t('flood: no line lost or torn (all runs)', bad + lost, 'bad+lost lines', bad + lost === 0, '0');
  }
  return targets;
}

function floorLines(results) {
  const out = Object.entries(results.osFloor ?? {})
    .filter(([, xs]) => xs.length)
    .map(([n, xs]) => `OS floor: a Node loop of child_process.spawn × ${n} \`sleep 86400\` (own process groups): ${cell(summarize(xs), 0)} ms`);
  const single = results.scenarios.crash?.singleSpawnMs;
  if (single?.length) out.push(`OS floor: one child_process.spawn of \`sleep 86400\` (returns after exec): ${cell(summarize(single), 2)} ms`);
  return out;
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
  out.push(`drover bench (${m.mode}) — ${m.date} — nproc ${m.nproc}, node ${m.node}, drover ${m.drover}${m.gitCommit ? ` @${m.gitCommit}` : ''}, supervisord ${m.supervisord ?? `skipped: ${m.supervisordSkipped}`}`);
  out.push(...floorLines(results));
  out.push('');
  const cells = [HEADER, ...tableCells(rows)];
  const widths = HEADER.map((_, i) => Math.max(...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((x, i) => String(x).padEnd(widths[i])).join('  ').trimEnd();
  out.push(line(cells[0]));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells.slice(1)) out.push(line(c));
  out.push('');
  out.push('"peer ÷ drover" = supervisord median / drover median. For times, CPU, RSS and bad lines lower is better');
  out.push('(ratio > 1 means drover is better); for MB/s higher is better (ratio < 1 means drover is better).');
  out.push('The "better" column names the winner and by how much.');
  out.push('');
  out.push('Targets (drover, this machine):');
  for (const t of targets) {
    const status = t.met === null ? 'n/a    ' : t.met ? 'MET    ' : 'NOT MET';
    out.push(`  ${status}  ${t.name}: ${t.value === null ? 'n/a' : num(t.value, t.unit === '%' ? 3 : 1)} ${t.unit} (target ${t.target})`);
  }
  out.push('');
  out.push(...notes(results).map((n) => `* ${n}`));
  return out.join('\n');
}

function notes(results) {
  const sc = results.scenarios;
  const n = [];
  n.push('Start-up is wall time from spawning the supervisor command (interpreter start-up included) to the arrival of the line that makes the Nth process RUNNING. drover: its "-> RUNNING" lines on stdout; supervisord: its "success: X entered RUNNING state" log lines on stdout (-n). Neither is sent anything while timed.');
  n.push('supervisord runs a poll() loop with a 1 s timeout and moves STARTING→RUNNING / EXITED→STARTING only when that loop turns; an XML-RPC request (supervisorctl, or the bench polling) wakes the loop. That is why its "XML-RPC poll" rows are faster than its "log lines" rows: the observer speeds it up. The log-line rows are what an unobserved supervisord does.');
  if (sc.startup && !Object.values(sc.startup).some((x) => x.supervisordPolled?.length)) n.push('This plan has no XML-RPC-polled start-up runs for supervisord (they run in the full plan only, to keep --quick short).');
  if (results.osFloor) n.push(`The OS-floor loops run inside the start-up series (floor, drover, supervisord, floor, …), so they see the same machine state; both supervisors also open pipes and log files per process, which the floor does not. It is the floor for fork+exec from Node (what supervisord's Python fork() also pays, roughly); drover here starts programs via ${results.meta.droverSpawner}, which does not copy Node's page tables and so can come in under it.`);
  if (sc.idle) n.push(`Idle CPU resolution: 1 clock tick (1/${results.meta.clkTck} s) over ${sc.idle.windowS} s = ${num(100 / results.meta.clkTck / sc.idle.windowS, 3)} % of a core; RSS is VmRSS of the supervisor process plus its helper processes that are not programs (drover: ${(sc.idle.drover ?? []).map((x) => `${num(x.mainProcessRssMB, 1)} MB node + ${x.helperProcesses} drover-spawner helper(s)`).join('; ') || 'n/a'}; supervisord has none), never the programs. The same set of processes is used for the flood CPU figures.`);
  if (sc.crash?.pollStats) {
    const p = sc.crash.pollStats;
    n.push(`Crash polling granularity (supervisord, XML-RPC getProcessInfo): 1 ms sleep + a round trip of ${num(p.meanRpcMs, 2)} ms on average (supervisord answers between its own work, e.g. after a fork), i.e. one answer every ~${num(p.meanRpcMs + 1, 1)} ms; ${num(p.meanPolls, 1)} polls per crash on average. Its polled figures are therefore only good to about that granularity.`);
  }
  if (sc.crash) n.push('In the crash scenario both supervisors (1 program each) stay up for the whole series and kills alternate drover / supervisord (log lines) / supervisord (polled), 100 ms apart.');
  if (sc.flood) {
    n.push('Flood MB/s counts every byte added to the log (live file, backups, and files already rotated away by the 10-backup cap) during the window; 1 MB = 1e6 bytes. "Lost" compares what yes wrote (/proc/PID/io wchar, after SIGSTOP and a drain) with what reached the log; a partial line at the SIGSTOP is not counted as lost.');
    for (const tool of ['drover', 'supervisord']) {
      for (const [i, r] of (sc.flood[tool] ?? []).entries()) {
        n.push(`flood ${tool} run ${i + 1}: ${num(r.mbPerSec, 1)} MB/s, produced ${r.producedBytes} B, logged ${r.loggedBytes} B (missing ${r.missingBytes} B), ${r.rotations} rotations${r.rotationSizesGuessed ? ` (${r.rotationSizesGuessed} sizes estimated)` : ''}, kept ${r.keptFiles} files / ${r.keptLines} lines, bad ${r.badLines}${r.badExamples?.length ? ` e.g. ${r.badExamples[0]}` : ''}`);
      }
    }
  }
  if (sc.ctl) {
    const c = sc.ctl;
    const floor = summarize(c.nodeFloor ?? [])?.median;
    const d = summarize(c.drover ?? [])?.median;
    n.push(`ctl status: ${c.programs} programs (\`sleep 86400\`) RUNNING under both supervisors at once; then, interleaved (drover, supervisorctl, node floor, drover, …, 100 ms apart), ${c.warmup} warm-up rounds (checked, dropped) and ${c.reps} timed rounds of a fresh client process, each timed from spawn() to its exit (performance.now() in the bench). Clients: \`${c.clients?.drover ?? 'n/a'}\`; \`${c.clients?.supervisord ?? 'n/a'}\`; floor \`${c.clients?.nodeFloor ?? 'n/a'}\`. Every answer is checked (exit 0 and exactly ${c.programs} lines containing RUNNING).${Number.isFinite(floor) && Number.isFinite(d) ? ` Of drover's ${num(d, 1)} ms median, ${num(floor, 1)} ms is a bare Node start (the floor row); the remaining ${num(d - floor, 1)} ms is the ctl client's own module loading plus the socket round trip and the supervisor's answer.` : ''} supervisorctl is a Python program, so its figure likewise includes the Python interpreter's start-up.`);
  }
  const left = results.hygiene;
  if (left) n.push(`Clean-up: ${left.leftovers} process(es) were still alive after a supervisor's own shutdown (killed by the bench), ${left.forcedStops} supervisor(s) had to be SIGKILLed, ${left.finalSweep} left for the final sweep.`);
  for (const e of results.errors) n.push(`ERROR in ${e.scenario}: ${e.error}`);
  return n;
}

export function renderMarkdown(results, rows, targets) {
  const m = results.meta;
  const out = [];
  out.push(`# drover vs supervisord — benchmark results (${m.mode} run)`);
  out.push('');
  out.push(`- date: ${m.date}`);
  out.push(`- command: \`${m.command}\``);
  out.push(`- machine: \`nproc\` = ${m.nproc}, ${m.cpuModel}, kernel ${m.kernel}, ${m.memGB} GB RAM`);
  out.push(`- node: ${m.node}`);
  out.push(`- drover: ${m.drover}${m.gitCommit ? ` (commit ${m.gitCommit})` : ''}, starts programs via ${m.droverSpawner}`);
  out.push(`- supervisord: ${m.supervisord ?? `skipped — ${m.supervisordSkipped}`}`);
  out.push(`- plan: ${JSON.stringify(results.plan)}`);
  out.push('');
  out.push(...floorLines(results).map((l) => `${l}`));
  out.push('');
  out.push(`| ${HEADER.join(' | ')} |`);
  out.push(`|${HEADER.map(() => '---').join('|')}|`);
  for (const c of tableCells(rows)) out.push(`| ${c.join(' | ')} |`);
  out.push('');
  out.push('"peer ÷ drover" = supervisord median / drover median. Times, CPU, RSS, bad lines: lower is better (ratio > 1 ⇒ drover better). MB/s: higher is better (ratio < 1 ⇒ drover better).');
  out.push('');
  out.push('## Targets (drover)');
  out.push('');
  out.push('| target | value | met |');
  out.push('|---|---|---|');
  for (const t of targets) out.push(`| ${t.name} ${t.target} | ${t.value === null ? 'n/a' : num(t.value, t.unit === '%' ? 3 : 1)} ${t.unit} | ${t.met === null ? 'n/a' : t.met ? 'yes' : '**no**'} |`);
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
  writeFileSync(jsonPath, `${JSON.stringify({ ...results, table: rows, targets }, null, 2)}\n`);
}
