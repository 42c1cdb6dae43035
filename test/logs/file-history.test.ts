import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLinesBeforeEnd } from '../../src/logs/file-history.js';

const dir = mkdtempSync(path.join(tmpdir(), 'drover-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function logFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('readLinesBeforeEnd', () => {
  const numbered = logFile('numbered.log', Array.from({ length: 10 }, (_, i) => `line ${i + 1}\n`).join(''));

  it('reads the lines that end `skip` lines before the end', async () => {
    await expect(readLinesBeforeEnd(numbered, 3, 0)).resolves.toEqual(['line 8', 'line 9', 'line 10']);
    await expect(readLinesBeforeEnd(numbered, 3, 2)).resolves.toEqual(['line 6', 'line 7', 'line 8']);
    await expect(readLinesBeforeEnd(numbered, 5, 8)).resolves.toEqual(['line 1', 'line 2']);
  });

  it('answers [] when nothing is older, the file is empty or missing', async () => {
    await expect(readLinesBeforeEnd(numbered, 5, 10)).resolves.toEqual([]);
    await expect(readLinesBeforeEnd(numbered, 5, 1_000_000)).resolves.toEqual([]);
    await expect(readLinesBeforeEnd(logFile('empty.log', ''), 5, 0)).resolves.toEqual([]);
    await expect(readLinesBeforeEnd(path.join(dir, 'never-written.log'), 5, 0)).resolves.toEqual([]);
    await expect(readLinesBeforeEnd(numbered, 0, 0)).resolves.toEqual([]);
  });

  it('counts a last line without its newline, and empty lines', async () => {
    const file = logFile('partial.log', 'a\n\nb\nprompt> ');
    await expect(readLinesBeforeEnd(file, 10, 0)).resolves.toEqual(['a', '', 'b', 'prompt> ']);
    await expect(readLinesBeforeEnd(file, 2, 1)).resolves.toEqual(['', 'b']);
    await expect(readLinesBeforeEnd(logFile('newline.log', '\n'), 3, 0)).resolves.toEqual(['']);
  });

  it('walks back across many blocks of a large file quickly', async () => {
    // 200,000 lines (about 3 MB): many 64 KiB blocks, with lines across their edges.
    const lines = Array.from({ length: 200_000 }, (_, i) => `entry ${String(i).padStart(6, '0')}`);
    const file = logFile('large.log', `${lines.join('\n')}\n`);
    const started = performance.now();
    await expect(readLinesBeforeEnd(file, 4, 150_000)).resolves.toEqual(lines.slice(46_000, 50_000).slice(-4));
    await expect(readLinesBeforeEnd(file, 3, 0)).resolves.toEqual(lines.slice(-3));
    await expect(readLinesBeforeEnd(file, 2, 199_999)).resolves.toEqual(['entry 000000']);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
