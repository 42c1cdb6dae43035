import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
