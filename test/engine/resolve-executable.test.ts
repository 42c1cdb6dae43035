import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveExecutable } from '../../src/os/program-paths.js';

/** PATH lookup as execvp does it, with the remembered location checked again before each use. */

let dir: string;
let first: string;
let second: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drover-path-'));
  first = path.join(dir, 'first');
  second = path.join(dir, 'second');
  mkdirSync(first);
  mkdirSync(second);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function tool(folder: string, mode = 0o755): string {
  const file = path.join(folder, 'tool');
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, mode);
  return file;
}

describe('resolveExecutable', () => {
  const PATH = () => `${first}:${second}`;

  it('finds the first executable match on PATH, and finds it again after it moved', () => {
    const inSecond = tool(second);
    expect(resolveExecutable('tool', dir, PATH())).toBe(inSecond);
    expect(resolveExecutable('tool', dir, PATH())).toBe(inSecond);
    rmSync(inSecond);
    const inFirst = tool(first);
    // The remembered file is gone: PATH is walked again.
    expect(resolveExecutable('tool', dir, PATH())).toBe(inFirst);
  });

  it("keeps the remembered file while it exists, as a shell's hash does", () => {
    const inSecond = tool(second);
    expect(resolveExecutable('tool', dir, PATH())).toBe(inSecond);
    tool(first);
    expect(resolveExecutable('tool', dir, PATH())).toBe(inSecond);
    // Another PATH is another lookup.
    expect(resolveExecutable('tool', dir, first)).toBe(path.join(first, 'tool'));
  });

  it('says why when nothing is found, or only a file that is not executable', () => {
    expect(resolveExecutable('tool', dir, PATH())).toEqual({ error: 'command not found: tool is not in PATH' });
    const plain = tool(first, 0o644);
    expect(resolveExecutable('tool', dir, PATH())).toEqual({ error: `${plain} is not executable (permission denied)` });
    expect(resolveExecutable('./missing', dir, PATH())).toEqual({ error: `command not found: ${path.join(dir, 'missing')} does not exist` });
  });
});
