#!/usr/bin/env node
/**
 * `node bench/why-not-a-library/compare.mjs`
 *
 * For each hand-written piece that a well-kept npm library also does, runs
 * the project's own test inputs through ours and through the library, and
 * measures what the library would cost (packages, bytes, load time). Writes
 * docs/why-not-a-library.md, the table ARCHITECTURE.md quotes.
 *
 * Needs the registry: the libraries are installed into temporary folders
 * (never into the project), which is why this is not part of `npm test`.
 * Builds the project first, since our side is imported from dist/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installAll } from './install.mjs';
import { compareCron } from './pieces/cron.mjs';
import { compareDotenv } from './pieces/dotenv.mjs';
import { compareDurationSize } from './pieces/duration-size.mjs';
import { compareEditDistance } from './pieces/edit-distance.mjs';
import { compareGlob } from './pieces/glob.mjs';
import { comparePromClient } from './pieces/prometheus.mjs';
import { compareShellWords } from './pieces/shell-words.mjs';
import { compareSse } from './pieces/sse.mjs';
import { renderReport } from './report.mjs';
import { loadTimes } from './timing.mjs';

/** @typedef {import('./comparison.mjs').Comparison} Comparison */
/** @typedef {import('./comparison.mjs').Context} Context */
/** @typedef {import('./install.mjs').Installed} Installed */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LIBRARIES = ['cron-parser', 'croner', 'dotenv', 'shell-quote', 'fastest-levenshtein', 'eventsource-parser', 'prom-client', 'ms', 'bytes', 'picomatch'];
const PIECES = [compareCron, compareDotenv, compareShellWords, compareEditDistance, compareSse, comparePromClient, compareDurationSize, compareGlob];

async function main() {
  process.stderr.write('building drover (our side is imported from dist/)\n');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const installed = await installAll(LIBRARIES);
  try {
    const context = makeContext(installed);
    /** @type {Comparison[]} */
    const comparisons = [];
    for (const compare of PIECES) {
      process.stderr.write(`comparing: ${compare.name}\n`);
      comparisons.push(...(await compare(context)));
    }
    process.stderr.write('timing module loads\n');
    const loads = measureLoads(context, installed, comparisons);
    const report = renderReport({ comparisons, installed, loads, node: process.version, sourceLines: sourceLines(comparisons) });
    writeFileSync(join(ROOT, 'docs', 'why-not-a-library.md'), report);
    process.stdout.write(report);
  } finally {
    for (const { dir } of installed.values()) rmSync(dir, { recursive: true, force: true });
  }
}

/** @param {Map<string, Installed>} installed @returns {Context} */
function makeContext(installed) {
  /** @param {string} name */
  const entry = (name) => {
    const found = installed.get(name);
    if (found === undefined) throw new Error(`${name} is not among the installed libraries`);
    return found.entry;
  };
  /** @param {string} path */
  const oursUrl = (path) => pathToFileURL(join(ROOT, 'dist', path)).href;
  return { root: ROOT, entry, oursUrl, library: (name) => import(entry(name)), ours: (path) => import(oursUrl(path)) };
}

/**
 * Load times in a fresh Node: every library, ours where a comparison names
 * the module (the ones on ctl's start-up path), and an empty module as the floor.
 * @param {Context} context
 * @param {Map<string, Installed>} installed
 * @param {Comparison[]} comparisons
 * @returns {Map<string, number>}
 */
function measureLoads(context, installed, comparisons) {
  // The floor is an empty file of its own: a file: URL starts Node's file loader, a data: URL would not.
  const empty = join(mkdtempSync(join(tmpdir(), 'why-not-empty-')), 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  /** @type {Map<string, string>} */
  const urls = new Map([['(empty module)', pathToFileURL(empty).href]]);
  for (const name of installed.keys()) urls.set(name, context.entry(name));
  for (const { oursModule } of comparisons) {
    if (oursModule !== undefined) urls.set(`dist/${oursModule}`, context.oursUrl(oursModule));
  }
  try {
    return loadTimes(urls);
  } finally {
    rmSync(dirname(empty), { recursive: true, force: true });
  }
}

/** Lines of our source files per piece, for the cost column. @param {Comparison[]} comparisons */
function sourceLines(comparisons) {
  /** @type {Map<string, number>} */
  const lines = new Map();
  for (const { files } of comparisons) {
    for (const file of files) {
      lines.set(file, readFileSync(join(ROOT, file), 'utf8').split('\n').length - 1);
    }
  }
  return lines;
}

await main();
