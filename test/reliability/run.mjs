// `npm run reliability`: the reliability and security suites in their long
// form, one file at a time (so no scenario's CPU or memory figures are
// disturbed by another's), then the reliability table in docs/reliability.md rebuilt from
// the rows the tests recorded. `--short` runs the sizes `npm test` uses (a
// few minutes); its heading says so.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTable, replaceSection } from './report.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const short = process.argv.includes('--short');
const out = mkdtempSync(path.join(tmpdir(), 'drover-reliability-'));
const started = Date.now();

const env = { ...process.env, DROVER_RELIABILITY_OUT: out, ...(short ? {} : { DROVER_RELIABILITY: 'long' }) };
const vitest = path.join(root, 'node_modules', '.bin', 'vitest');
const run = spawnSync(vitest, ['run', 'test/reliability', 'test/security', '--maxWorkers=1', '--no-file-parallelism'], { cwd: root, env, stdio: 'inherit' });

const rows = readdirSync(out)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(path.join(out, file), 'utf8')));
rmSync(out, { recursive: true, force: true });
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() || 'unknown';
const heading = `Run of ${new Date().toISOString().slice(0, 10)}, commit ${commit}, ${availableParallelism()} cores, Node ${process.versions.node}: \`npm run reliability\`${short ? ' -- --short' : ''}, ${minutes} min.`;
const table = renderTable(rows, heading);
process.stdout.write(`\n${table}\n`);

if (run.status !== 0) {
  console.error(`drover: the reliability suite failed (exit ${run.status ?? run.signal}); docs/reliability.md is left as it was`);
  process.exit(1);
}
const readme = path.join(root, 'docs', 'reliability.md');
writeFileSync(readme, replaceSection(readFileSync(readme, 'utf8'), table));
console.log('drover: docs/reliability.md reliability table updated');
