import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RotatingFile } from '../../src/logs/rotating-file.js';
import { captureStream } from '../../src/logs/stream-capture.js';
import { TestScope, waitFor } from './helpers.js';

/**
 * Under a flood nearly every read ends mid-line, so each leaves a new line
 * without its newline waiting. The capture times those lines with one timer
 * that runs on, instead of a timer per chunk.
 */

const scope = new TestScope();
afterEach(async () => {
  vi.restoreAllMocks();
  await scope.cleanUp();
});

const readIfThere = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

describe('the partial-line timer', () => {
  it('is armed once for a flood of chunks that each end mid-line, and every byte still reaches the file', async () => {
    const delayMs = 4321;
    const path = join(scope.tempDir(), 'out.log');
    const file = scope.adopt(new RotatingFile(path));
    const source = new PassThrough();
    const capture = captureStream(source, { stream: 'stdout', file, ring: null, partialLineDelayMs: delayMs });
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const chunks = Array.from({ length: 500 }, (_, index) => `end of ${index}\nstart of ${index + 1} `);
    for (const chunk of chunks) source.write(chunk);
    await waitFor('the capture to have read every chunk', () => capture.stats.chunks === chunks.length);
    const partialTimers = setTimer.mock.calls.filter(([, ms]) => ms === delayMs).length;
    source.end('\n');
    await capture.finished;
    expect(partialTimers).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe(`${chunks.join('')}\n`);
  });

  it('gives a line that began to wait after the timer was armed its own full delay', async () => {
    const delayMs = 300;
    const path = join(scope.tempDir(), 'out.log');
    const file = scope.adopt(new RotatingFile(path));
    const source = new PassThrough();
    const capture = captureStream(source, { stream: 'stdout', file, ring: null, partialLineDelayMs: delayMs });
    source.write('a\nfirst');
    await sleep(delayMs * 0.6);
    // The first line ends; a second one starts waiting while the timer armed for the first still runs.
    source.write(' done\nsecond');
    const secondWaitsFrom = Date.now();
    await waitFor('the second line, released on its own', () => readIfThere(path).endsWith('second'));
    expect(Date.now() - secondWaitsFrom).toBeGreaterThanOrEqual(delayMs - 10);
    source.end();
    await capture.finished;
    expect(readFileSync(path, 'utf8')).toBe('a\nfirst done\nsecond');
  });
});
