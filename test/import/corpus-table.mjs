// Prints the corpus table of docs/import-export.md ("Real configs it was tried on")
// as Markdown: one row per config of test/fixtures/real-world/, from the
// results of test/import/real-world-import.test.ts, which this runs.
// Usage, after `npm run build`: node test/import/corpus-table.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const STEPS = { imported: 'is imported', checked: 'passes drover check', meaning: 'keeps its meaning', ran: 'runs under the daemon' };

const results = runCorpusTests();
const rows = new Map();
for (const test of results.testResults.flatMap((file) => file.assertionResults)) {
  const config = test.ancestorTitles[0];
  if (!rows.has(config)) rows.set(config, {});
  rows.get(config)[test.title] = test;
}
console.log(formatTable(rows));

function runCorpusTests() {
  const dir = mkdtempSync(path.join(tmpdir(), 'drover-corpus-table-'));
  try {
    const report = path.join(dir, 'report.json');
    const vitest = path.join(root, 'node_modules', '.bin', 'vitest');
    spawnSync(vitest, ['run', 'test/import/real-world-import.test.ts', '--reporter=json', `--outputFile=${report}`], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    return JSON.parse(readFileSync(report, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function formatTable(rows) {
  const lines = ['| config | imported | checked | meaning kept | ran | warnings |', '| --- | --- | --- | --- | --- | --- |'];
  const sorted = [...rows.entries()].sort(([a], [b]) => a.localeCompare(b));
  for (const [config, steps] of sorted) {
    const name = `\`${config}\``;
    const refused = Object.keys(steps).find((title) => !Object.values(STEPS).includes(title));
    if (refused) {
      const answer = steps[refused].status === 'passed' ? 'refused, as it should: no program of its own (its includes are rows of their own)' : 'NO';
      lines.push(`| ${name} | ${answer} | — | — | — | — |`);
      continue;
    }
    const mark = (title) => (steps[title]?.status === 'passed' ? 'yes' : 'NO');
    const ran = steps[STEPS.ran];
    const real = ran?.meta?.real ? ` (${ran.meta.real} real)` : '';
    const warnings = steps[STEPS.imported]?.meta?.warnings ?? '—';
    lines.push(`| ${name} | ${mark(STEPS.imported)} | ${mark(STEPS.checked)} | ${mark(STEPS.meaning)} | ${mark(STEPS.ran)}${ran?.status === 'passed' ? real : ''} | ${warnings} |`);
  }
  return lines.join('\n');
}
