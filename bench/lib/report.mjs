/**
 * Prints the run's tables on stdout and writes them to RESULTS.md, with the raw samples in results.json.
 *
 * @typedef {import('./results-types.mjs').Results} Results
 * @typedef {import('./report-rows.mjs').Row[]} Rows
 * @typedef {import('./report-cells.mjs').Target[]} Targets
 */
import { writeFileSync } from 'node:fs';
import { writeDocsSection } from './docs-section.mjs';
import { carriedText, cell, num, padTable, targetDecimals } from './report-cells.mjs';
import { cFloorLines } from './report-floor.mjs';
import { notes } from './report-notes.mjs';
import { loaderText, PREFORK_HEADER, PREFORK_SLOTS, preforkCells, preforkSummary, reloadLines, reloadSummary } from './report-prefork.mjs';
import { RESTART_HEADER, restartTable } from './report-restart.mjs';
import { HEADER, tableCells } from './report-rows.mjs';
import { VIEW_HEADER, viewTable } from './report-view.mjs';
import { summarize } from './stats.mjs';

/**
 * @param {Results} results
 */
function floorLines(results) {
  const out = Object.entries(results.osFloor ?? {})
    .filter(([, xs]) => xs.length)
    .map(([n, xs]) => `OS floor: a Node loop of child_process.spawn × ${n} \`sleep 86400\` (own process groups): ${cell(summarize(xs), 0)} ms`);
  const single = results.scenarios.crash?.singleSpawnMs;
  if (single?.length) out.push(`OS floor: one child_process.spawn of \`sleep 86400\` (returns after exec): ${cell(summarize(single), 2)} ms`);
  return [...out, ...cFloorLines(results)];
}

/**
 * @param {Results} results
 * @param {Rows} rows
 * @param {Targets} targets
 */
export function renderText(results, rows, targets) {
  const out = [];
  const m = results.meta;
  out.push('');
  out.push(
    `drover bench (${m.mode}) — ${m.date} — nproc ${m.nproc}, node ${m.node}, drover ${m.drover}${m.gitCommit ? ` @${m.gitCommit}` : ''}, supervisord ${m.supervisord ?? `skipped: ${m.supervisordSkipped}`}, pm2 ${m.pm2 ?? `skipped: ${m.pm2Skipped ?? 'not needed'}`}`,
  );
  if (m.carriedOver) out.push(carriedText(m.carriedOver));
  out.push(...floorLines(results));
  out.push('');
  const cells = [HEADER, ...tableCells(rows)];
  const widths = HEADER.map((_, i) => Math.max(...cells.map((c) => String(c[i]).length)));
  const line = (/** @type {(string | number)[]} */ c) =>
    c
      .map((x, i) => String(x).padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  out.push(line(HEADER));
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
    out.push(
      `Prefork web core: hello world, ${ps.t.workers} processes per server, ${ps.t.connections} connections, load: ${loaderText(ps.t)}, ${ps.t.rounds} round(s) of ${ps.t.durationS} s after ${ps.t.warmupS} s warm-up:`,
    );
    out.push(...padTable(PREFORK_HEADER, preforkCells(ps)));
  }
  const rl = reloadLines(reloadSummary(results));
  if (rl.length) {
    out.push('');
    out.push(...rl);
  }
  const rt = restartTable(results);
  if (rt) {
    out.push('');
    out.push(`${rt.title}:`);
    out.push(...padTable(RESTART_HEADER, rt.cells));
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

/**
 * @param {Results} results
 * @param {Rows} rows
 * @param {Targets} targets
 */
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
  out.push(
    '"peer ÷ drover" = the peer\'s median / drover\'s median. Times, CPU, RSS, bad lines: lower is better (ratio > 1 ⇒ drover better). MB/s, req/s: higher is better (ratio < 1 ⇒ drover better).',
  );
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
  const summaries = PREFORK_SLOTS.map((slot) => preforkSummary(results, slot)).filter((ps) => ps !== null);
  const rl = reloadLines(reloadSummary(results));
  if (summaries.length || rl.length) {
    out.push('');
    out.push('## Prefork web core');
    out.push('');
  }
  for (const ps of summaries) {
    out.push(
      `Hello world (\`bench/fixtures/hello.mjs\`), ${ps.t.workers} processes per server on 127.0.0.1, ${ps.t.connections} connections, load: ${loaderText(ps.t)}; ${ps.t.rounds} interleaved round(s) of ${ps.t.durationS} s, each after a ${ps.t.warmupS} s warm-up of a freshly started server. CPU % is of one core, over the timed window.`,
    );
    out.push('');
    out.push(`| ${PREFORK_HEADER.join(' | ')} |`);
    out.push(`|${PREFORK_HEADER.map(() => '---').join('|')}|`);
    for (const c of preforkCells(ps)) out.push(`| ${c.join(' | ')} |`);
    out.push('');
  }
  for (const l of rl) out.push(`- ${l}`);
  if (rl.length) out.push('');
  const rt = restartTable(results);
  if (rt) {
    out.push('## Supervisor restart under load');
    out.push('');
    out.push(`${rt.title}.`);
    out.push('');
    out.push(`| ${RESTART_HEADER.join(' | ')} |`);
    out.push(`|${RESTART_HEADER.map(() => '---').join('|')}|`);
    for (const c of rt.cells) out.push(`| ${c.join(' | ')} |`);
    out.push('');
  }
  out.push('## Targets (drover)');
  out.push('');
  out.push('| target | value | met |');
  out.push('|---|---|---|');
  for (const t of targets)
    out.push(`| ${t.name} ${t.target} | ${t.value === null ? 'n/a' : num(t.value, targetDecimals(t))} ${t.unit} | ${t.met === null ? 'n/a' : t.met ? 'yes' : '**no**'} |`);
  out.push('');
  out.push('## Notes');
  out.push('');
  for (const n of notes(results)) out.push(`- ${n}`);
  out.push('');
  out.push('Raw samples: `bench/results.json`.');
  out.push('');
  return out.join('\n');
}

/**
 * @param {Results} results
 * @param {Rows} rows
 * @param {Targets} targets
 * @param {string} mdPath
 * @param {string} jsonPath
 * @param {string} docPath docs/benchmarks.md, whose results section is rewritten
 */
export function writeReports(results, rows, targets, mdPath, jsonPath, docPath) {
  const markdown = renderMarkdown(results, rows, targets);
  writeFileSync(mdPath, markdown);
  writeDocsSection(docPath, markdown);
  const vt = viewTable(results);
  writeFileSync(jsonPath, `${JSON.stringify({ ...results, table: rows, ...(vt ? { viewTable: vt.rows } : {}), targets }, null, 2)}\n`);
}
