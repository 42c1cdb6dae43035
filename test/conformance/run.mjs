#!/usr/bin/env node
// npm run conformance: runs every case under supervisord and drover (through
// vitest, which runs the TypeScript harness), then prints the table
// case | supervisord | drover | verdict, and writes it to docs/conformance.md.
// Exits 1 when a case is DIFFERENT or did not run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The order of the tables in the output: the order a reader meets the topics.
const TABLES = ['starting', 'restarting', 'stopping', 'signals', 'names', 'update', 'logs', 'environment', 'ctl', 'differences', 'drover-only'];

function runCases(resultsFile) {
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const run = spawnSync(process.execPath, [vitest, 'run', 'test/conformance', '--reporter=dot'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CONFORMANCE_RESULTS: resultsFile },
  });
  return run.status;
}

function supervisordVersion() {
  const run = spawnSync('supervisord', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : 'not installed';
}

function readRows(resultsFile) {
  let text;
  try {
    text = readFileSync(resultsFile, 'utf8');
  } catch {
    return [];
  }
  const rows = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  return rows.sort((a, b) => TABLES.indexOf(a.table) - TABLES.indexOf(b.table) || a.index - b.index);
}

function cell(observation) {
  if (!observation) return 'not run';
  return Object.entries(observation)
    .map(([key, value]) => `${key}: ${value}`)
    .join('; ');
}

function escape(text) {
  return text.replaceAll('|', '\\|');
}

function markdownTable(rows) {
  const lines = ['| case | supervisord | drover | verdict |', '|---|---|---|---|'];
  for (const r of rows) {
    const verdict = r.note ? `**${r.verdict}** (${r.note})` : `**${r.verdict}**`;
    const drover = r.supervisord && cell(r.supervisord) === cell(r.drover) ? 'same' : cell(r.drover);
    lines.push(`| \`${escape(r.name)}\`: ${escape(r.covers)} | ${escape(cell(r.supervisord))} | ${escape(drover)} | ${escape(verdict)} |`);
  }
  return lines.join('\n');
}

function summary(rows) {
  const counts = {};
  for (const r of rows) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  return `${rows.length} cases: ${Object.entries(counts)
    .map(([verdict, n]) => `${n} ${verdict}`)
    .join(', ')}`;
}

const dir = mkdtempSync(path.join(tmpdir(), 'conformance-results-'));
const resultsFile = path.join(dir, 'results.jsonl');
try {
  const status = runCases(resultsFile);
  const rows = readRows(resultsFile);
  const table = markdownTable(rows);
  const line = summary(rows);
  console.log(`\n${table}\n\n${line}`);
  const doc = `# drover against supervisord: the conformance table

Written by \`npm run conformance\` (test/conformance/run.mjs); do not edit by hand.
Each case runs the same programs under supervisord ${supervisordVersion()} and under drover and compares
what a user observes. How to read and run it: [differences-from-supervisord.md](differences-from-supervisord.md).

${line}.

${table}
`;
  writeFileSync(path.join(root, 'docs', 'conformance.md'), doc);
  const bad = rows.filter((r) => r.verdict === 'DIFFERENT').length;
  process.exitCode = status === 0 && bad === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
