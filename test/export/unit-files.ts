import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExportContext } from '../../src/export/export-context.js';

/**
 * Reads what `drover export systemd` prints back: the files (split at their
 * `### NAME` lines) and each file's sections as key → values, the way systemd
 * reads an INI unit (comments skipped, a key may repeat).
 */

export type Sections = Record<string, Record<string, string[]>>;

export function splitUnitFiles(text: string): Map<string, string> {
  const files = new Map<string, string>();
  let name: string | null = null;
  let lines: string[] = [];
  for (const line of text.split('\n')) {
    const header = /^### (\S+)$/.exec(line);
    if (header) {
      if (name !== null) files.set(name, `${lines.join('\n').trimEnd()}\n`);
      name = header[1]!;
      lines = [];
    } else if (name !== null) lines.push(line);
    else if (line.trim() !== '') throw new Error(`text before the first ### line: ${line}`);
  }
  if (name !== null) files.set(name, `${lines.join('\n').trimEnd()}\n`);
  return files;
}

export function parseUnit(text: string): Sections {
  const sections: Sections = {};
  let current: Record<string, string[]> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = sections[section[1]!] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (current === null || eq <= 0) throw new Error(`not a unit file line: ${raw}`);
    (current[line.slice(0, eq)] ??= []).push(line.slice(eq + 1));
  }
  return sections;
}

/** The exported files, each parsed. */
export function parseUnitFiles(text: string): Map<string, Sections> {
  return new Map([...splitUnitFiles(text)].map(([name, body]) => [name, parseUnit(body)]));
}

/** The one value of a key, failing the test if it is missing or repeated. */
export function single(sections: Sections | undefined, section: string, key: string): string {
  const values = sections?.[section]?.[key];
  if (values?.length !== 1) throw new Error(`expected one ${key}= in [${section}], got ${JSON.stringify(values)}`);
  return values[0]!;
}

/**
 * Writes the files to a temp folder and runs `systemd-analyze verify` on them
 * all. It exits 0 even for settings it ignores (unknown keys, bad signal
 * names), so every line naming one of the files counts as a problem too.
 */
export function verifyUnits(text: string): { status: number | null; problems: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'drover-units-'));
  try {
    const names = [...splitUnitFiles(text)].map(([name, body]) => {
      writeFileSync(path.join(dir, name), body);
      return name;
    });
    const result = spawnSync('systemd-analyze', ['verify', ...names.map((name) => path.join(dir, name))], { encoding: 'utf8' });
    const output = `${result.stdout}${result.stderr}`.split('\n');
    const problems = output.filter((line) => line.includes(dir) || names.some((name) => line.includes(name)));
    return { status: result.status, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An export context with a known user and PATH, so the expected files do not depend on who runs the tests. */
export function testContext(overrides: Partial<ExportContext> = {}): ExportContext {
  return {
    user: 'alice',
    env: { PATH: '/usr/local/bin:/usr/bin:/bin' },
    node: process.execPath,
    main: '/opt/drover/dist/cli/main.js',
    workerMain: '/opt/drover/dist/worker-runtime/worker-main.js',
    ...overrides,
  };
}
