import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Config, ConfigError, LoadResult } from '../../src/config/index.js';
import { decodeLoadResult, encodeLoadResult, loadConfigIsolated } from '../../src/config/load-isolated.js';
import { assertProperty } from './fc-report.js';
import { formatCount, recordRow, size } from './profile.js';
import { FIXED_ENV, envFileText, mutatedDocument, structuredDocument } from './yaml-generators.js';

/**
 * Bad input, config side: generated programs.yaml files go through loadConfig,
 * the function `drover check` and the daemon run (in a child process, see
 * load-isolated.ts; a sample goes through that child too). Whatever the
 * document, loading must not throw and must return either a well-formed
 * config or errors that each point at a line and column inside the file
 * they name, env files (`.env`, `env_file:`) included.
 */

const RUNS = size(300, 10_000);
/** Every Nth document also goes through the child-process loader the daemon uses. */
const ISOLATED_EVERY = size(60, 250);

/**
 * One folder per property: a property that outlives its test's deadline
 * keeps writing its documents, and must not write them into the other's.
 */
const folders: string[] = [];
let dir = '';
let file = '';
const tally = { documents: 0, refused: 0, accepted: 0, errors: 0, isolated: 0 };

function useFreshFolder(): void {
  dir = mkdtempSync(path.join(tmpdir(), 'drover-config-input-'));
  folders.push(dir);
  file = path.join(dir, 'programs.yaml');
  writeFileSync(path.join(dir, 'app.js'), 'export default (req, res) => res.end("ok");\n');
}
beforeEach(useFreshFolder);
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

interface Case {
  yaml: Buffer;
  dotenv: string | null;
  vars: string | null;
  bad: string | null;
}

/** Writes the case's files (removing the ones it does not have) and returns what the loader will read. */
function writeCase(c: Case): Record<string, string> {
  const contents: Record<string, string> = {};
  writeFileSync(file, c.yaml);
  contents[file] = c.yaml.toString('utf8');
  for (const [name, text] of [
    ['.env', c.dotenv],
    ['vars.env', c.vars],
    ['bad.env', c.bad],
  ] as const) {
    const target = path.join(dir, name);
    if (text === null) rmSync(target, { force: true });
    else {
      writeFileSync(target, text);
      contents[target] = text;
    }
  }
  return contents;
}

/** Every error names a file and a line:column that exists in it; a missing file is 1:1. */
function checkPositioned(errors: ConfigError[], contents: Record<string, string>): void {
  for (const error of errors) {
    const where = `${error.file}:${error.line}:${error.column}: ${error.message}`;
    expect(error.message, where).toMatch(/\S/);
    expect(Number.isInteger(error.line) && error.line >= 1, where).toBe(true);
    expect(Number.isInteger(error.column) && error.column >= 1, where).toBe(true);
    const text = contents[error.file];
    if (text === undefined) {
      expect([error.line, error.column], where).toEqual([1, 1]);
      continue;
    }
    const lines = text.split('\n');
    expect(error.line, `${where} (the file has ${lines.length} lines)`).toBeLessThanOrEqual(lines.length);
    expect(error.column, `${where} (the line has ${lines[error.line - 1]!.length} characters)`).toBeLessThanOrEqual(lines[error.line - 1]!.length + 1);
  }
}

/** What the engine relies on: argv to run, counts in range, names that resolve, no NaN anywhere. */
function checkWellFormed(config: Config): void {
  const names = new Set(config.programs.map((p) => p.name));
  expect(names.size, 'program names are unique').toBe(config.programs.length);
  for (const p of config.programs) {
    const what = `program ${JSON.stringify(p.name)}`;
    expect(p.name, what).not.toBe('');
    if (p.prefork?.app == null) {
      expect(p.command.length, `${what} has a command`).toBeGreaterThan(0);
      expect(p.command[0], `${what} argv[0]`).toMatch(/\S/);
    }
    expect(
      p.command.every((arg) => typeof arg === 'string'),
      what,
    ).toBe(true);
    expect(Number.isInteger(p.numprocs) && p.numprocs >= 1, `${what} numprocs ${p.numprocs}`).toBe(true);
    expect(Number.isInteger(p.numprocsStart) && p.numprocsStart >= 0, what).toBe(true);
    expect(p.processName, what).toMatch(/\S/);
    expect(p.stopsignal, what).toMatch(/^[A-Z0-9]+$/);
    expect(p.startretries === Infinity || (Number.isInteger(p.startretries) && p.startretries >= 0), what).toBe(true);
    for (const ms of [p.startsecsMs, p.stopwaitsecsMs]) expect(Number.isFinite(ms) && ms >= 0, `${what} duration ${ms}`).toBe(true);
    for (const log of [p.stdout, p.stderr]) expect(log.maxBytes >= 0 && Number.isInteger(log.backups) && log.backups >= 0, what).toBe(true);
    expect(
      p.exitcodes.every((code) => Number.isInteger(code) && code >= 0 && code <= 255),
      `${what} exitcodes ${p.exitcodes.join(',')}`,
    ).toBe(true);
    for (const dependency of p.dependsOn) expect(names.has(dependency), `${what} depends on ${dependency}`).toBe(true);
  }
  for (const [group, members] of Object.entries(config.groups)) {
    for (const member of members) expect(names.has(member), `group ${group} names ${member}`).toBe(true);
  }
  // No NaN anywhere (Infinity is startretries: infinite and survives the child-process encoding).
  const decoded = decodeLoadResult(encodeLoadResult({ ok: true, config, warnings: [] }));
  expect(JSON.stringify(decoded, (_k, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN!' : v))).not.toContain('"NaN!"');
}

async function checkCase(c: Case): Promise<void> {
  const contents = writeCase(c);
  let result: LoadResult;
  try {
    result = await loadConfig(file, FIXED_ENV);
  } catch (error) {
    throw new Error(`loadConfig threw on:\n${contents[file]}\n${(error as Error).stack}`, { cause: error });
  }
  tally.documents++;
  if (result.ok) {
    tally.accepted++;
    checkPositioned(result.warnings, contents);
    checkWellFormed(result.config);
  } else {
    tally.refused++;
    tally.errors += result.errors.length;
    expect(result.errors.length).toBeGreaterThan(0);
    checkPositioned(result.errors, contents);
  }
  if (tally.documents % ISOLATED_EVERY === 0) {
    // The child the daemon and `drover check` load configs in: it must answer too, never die.
    const isolated = await loadConfigIsolated(file);
    tally.isolated++;
    if (!isolated.ok) {
      expect(isolated.errors.map((e) => e.message).join('\n')).not.toMatch(/^could not load the config/m);
      checkPositioned(isolated.errors, contents);
    } else checkWellFormed(isolated.config);
  }
}

/**
 * Documents that found bugs. The YAML parser's line counter skips the
 * newlines inside a token it cannot place, so an error after one was put
 * lines too high and past the end of its line (5:24 for a key at 7:1).
 */
const NO_ENV = { dotenv: null, vars: null, bad: null };
const REGRESSIONS: [string, typeof NO_ENV][] = [['programs:\n  web: [{type: ${WORKERS}}]\n  web:\n    max_cpu_window: |\n      block\n      text\ngroups: {}\n', NO_ENV]];

const envFiles = fc.record({ dotenv: envFileText, vars: envFileText, bad: envFileText });

/**
 * A deadline, not a speed check: 300 documents take about 3 s alone, but CI
 * runs this beside gunicorn and wrk on 2 cores, where one run took over 30 s.
 */
const DEADLINE_MS = size(180_000, 600_000);

describe('bad input: generated YAML to the config loader', () => {
  it(
    'structured documents from the schema: never a throw, always a config or positioned errors',
    async () => {
      await assertProperty(
        fc.asyncProperty(structuredDocument, envFiles, async (yaml, files) => checkCase({ yaml: Buffer.from(yaml), ...files })),
        { numRuns: RUNS, examples: REGRESSIONS },
      );
    },
    DEADLINE_MS,
  );

  it(
    'mutated YAML text (inserted and deleted characters, tabs, bad indentation, raw bytes): the same',
    async () => {
      await assertProperty(
        fc.asyncProperty(mutatedDocument, envFiles, async (yaml, files) => checkCase({ yaml, ...files })),
        { numRuns: RUNS },
      );
      recordRow({
        id: 'input-config',
        scenario: 'generated programs.yaml files (fast-check): schema options with valid and invalid values, anchors, duplicates, env files; and mutated text with raw bytes',
        injected: `${formatCount(tally.documents)} documents`,
        outcome: `${formatCount(tally.refused)} refused with ${formatCount(tally.errors)} positioned errors (file:line:col inside the file), ${formatCount(tally.accepted)} accepted and well-formed; ${formatCount(tally.isolated)} also through the daemon's loader process`,
        lost: '—',
        crashes: '0 throws',
      });
    },
    DEADLINE_MS,
  );
});
