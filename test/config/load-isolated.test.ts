import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { loadConfigIsolated } from '../../src/config/load-isolated.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drover-isolated-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadConfigIsolated', () => {
  it('gives exactly what loadConfig gives in-process, Infinity included', async () => {
    const file = path.join(dir, 'p.yaml');
    writeFileSync(file, 'programs:\n  a:\n    command: sleep 1\n    startretries: infinite\n  b:\n    command: "sleep ${N:-2}"\n');
    const isolated = await loadConfigIsolated(file);
    expect(isolated).toEqual(await loadConfig(file));
    expect(isolated.ok && isolated.config.programs[0]!.startretries).toBe(Infinity);
  });

  it('runs the bundled loader: one file to compile, no ES module graph and no package loaded from node_modules', async () => {
    // Every Node process started with this hook records its argv and, at exit, the files it loaded.
    const record = path.join(dir, 'loader.json');
    const hook = path.join(dir, 'record-loader.mjs');
    writeFileSync(
      hook,
      `import { writeFileSync } from 'node:fs';\nimport { createRequire } from 'node:module';\nconst cache = createRequire(import.meta.url).cache;\n` +
        `process.on('exit', () => writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(1), files: Object.keys(cache) })));\n`,
    );
    const file = path.join(dir, 'p.yaml');
    writeFileSync(file, 'programs:\n  a:\n    command: sleep 1\n');
    const saved = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `--import ${hook}`;
    try {
      expect((await loadConfigIsolated(file)).ok).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
    const loader = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; files: string[] };
    expect(loader.argv[0]).toMatch(/[/\\]dist[/\\]config[/\\]load-main\.cjs$/);
    expect(loader.files).toEqual([loader.argv[0]]);
  });

  it('returns positioned errors, not an exception', async () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'programs:\n  a:\n    comand: sleep 1\n');
    const result = await loadConfigIsolated(file);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => [e.line, e.column, e.path])).toEqual([
      [2, 3, 'programs.a.command'],
      [3, 5, 'programs.a.comand'],
    ]);
  });
});
