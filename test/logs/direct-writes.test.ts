import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectWrites } from '../../src/logs/direct-writes.js';
import { RotatingFile } from '../../src/logs/rotating-file.js';
import { captureStream } from '../../src/logs/stream-capture.js';
import { TestScope, waitFor } from './helpers.js';

/**
 * A log file on a fast local disk is written from the event loop; anything
 * that can block for long (a FIFO, a disk that stopped keeping up) goes
 * through the thread pool, so the supervisor's loop keeps answering.
 */

const scope = new TestScope();
afterEach(() => scope.cleanUp());

const EXT4 = 0xef53;
const lines = (count: number) => Buffer.from(Array.from({ length: count }, (_, index) => `line ${index}\n`).join(''));

/** A FIFO whose reader (a child) copies what it reads into `out`, pausing `pauseS` seconds after each read of up to 64 KiB (dd: one read, never more). */
function slowFifo(dir: string, pauseS: number): { fifo: string; out: string } {
  const fifo = join(dir, 'slow.fifo');
  const out = join(dir, 'read.out');
  execFileSync('mkfifo', [fifo]);
  scope.spawn('sh', ['-c', `while dd bs=65536 count=1 status=none >> "$2"; do sleep ${pauseS}; done < "$1"`, 'sh', fifo, out], { stdio: 'ignore' });
  return { fifo, out };
}

describe('direct writes', () => {
  it('writes a regular file from the event loop: the bytes are in the file when write() returns', async () => {
    const path = join(scope.tempDir(), 'app.log');
    const file = scope.adopt(new RotatingFile(path, { maxBytes: 1000, backups: 2 }));
    file.write(lines(1)); // opens the file (async), then writes directly
    await file.flush();
    const chunk = lines(50);
    expect(file.write(chunk)).toBe(true);
    expect(file.stats.queuedBytes).toBe(0);
    expect(readFileSync(path).length).toBeGreaterThan(0);
    const before = file.stats.directWrites;
    for (let round = 0; round < 20; round += 1) file.write(chunk);
    await file.flush();
    expect(file.stats.directWrites).toBeGreaterThan(before);
    // Rotation still cuts only after a newline and keeps the limit.
    for (const name of [path, `${path}.1`, `${path}.2`]) {
      const content = readFileSync(name, 'utf8');
      expect(content.length).toBeLessThanOrEqual(1000);
      expect(content.endsWith('\n')).toBe(true);
    }
  });

  it('writes a line held for its newline and the read that ends it in one write', async () => {
    const path = join(scope.tempDir(), 'app.log');
    const file = scope.adopt(new RotatingFile(path));
    const source = new PassThrough();
    const capture = captureStream(source, { stream: 'stdout', file, ring: null });
    source.write('first\n'); // opens the file (async)
    await waitFor('the file open and written', () => file.stats.bytesWritten === 6);
    source.write('a line in two pie');
    await new Promise((resolve) => setImmediate(resolve));
    const before = file.stats.directWrites;
    source.write('ces\nand the next one begins');
    await waitFor('the ended line written', () => file.stats.bytesWritten === 6 + 21);
    expect(file.stats.directWrites - before).toBe(1);
    source.end();
    await capture.finished;
    expect(readFileSync(path, 'utf8')).toBe('first\na line in two pieces\nand the next one begins');
  });

  it('sends a FIFO through the thread pool: a slow reader never stalls the loop, and loses nothing', async () => {
    const dir = scope.tempDir();
    const { fifo, out } = slowFifo(dir, 0.1);
    const file = scope.adopt(new RotatingFile(fifo));
    const chunk = lines(2000);
    const total = chunk.length * 40;
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    try {
      for (let round = 0; round < 40; round += 1) file.write(chunk);
      await waitFor('the reader to get every byte', () => readSize(out) === total, 60_000);
    } finally {
      clearInterval(ticker);
    }
    expect(file.stats.directWrites).toBe(0);
    expect(file.stats.bytesDropped).toBe(0);
    expect(readFileSync(out).equals(Buffer.concat(Array.from({ length: 40 }, () => chunk)))).toBe(true);
    // The reader needs over a second (12 × 0.1 s); a loop blocked in write(2) would show a gap that long.
    expect(longestGap).toBeLessThan(1000);
  });

  it('with `always` (programs that outlive their supervisor), stays direct through stalls past the budget, counting them', () => {
    const dir = scope.tempDir();
    const { fifo } = slowFifo(dir, 0.1);
    const direct = new DirectWrites(true, true);
    direct.opened(true, EXT4);
    const fd = openSync(fifo, 'w');
    try {
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let writes = 0; writes < 6; writes++) direct.write(fd, [chunk]);
      expect(direct.counts.slow).toBeGreaterThan(1);
      expect(direct.allowed).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  it('gives up on a target whose writes stall past the budget, after a bounded number of writes', () => {
    const dir = scope.tempDir();
    const { fifo } = slowFifo(dir, 0.1);
    // Told it is a local regular file: the timing alone must catch a target that blocks.
    const direct = new DirectWrites(true);
    direct.opened(true, EXT4);
    const fd = openSync(fifo, 'w');
    try {
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let writes = 0;
      while (direct.allowed && writes < 50) {
        direct.write(fd, [chunk]);
        writes += 1;
      }
      expect(direct.allowed).toBe(false);
      expect(direct.counts.slow).toBeGreaterThan(0);
      // The pipe takes one chunk at once; each further one waits up to 100 ms for the reader, past the budget alone.
      expect(writes).toBeLessThanOrEqual(4);
    } finally {
      closeSync(fd);
    }
  });

  it('writes nothing directly when turned off, or when the file system is remote', () => {
    const off = new DirectWrites(false);
    off.opened(true, EXT4);
    expect(off.allowed).toBe(false);
    const nfs = new DirectWrites(true);
    nfs.opened(true, 0x6969);
    expect(nfs.allowed).toBe(false);
    const unknown = new DirectWrites(true);
    unknown.opened(true, null);
    expect(unknown.allowed).toBe(false);
    const local = new DirectWrites(true);
    local.opened(true, EXT4);
    expect(local.allowed).toBe(true);
    local.closed();
    expect(local.allowed).toBe(false);
  });
});

function readSize(path: string): number {
  try {
    return readFileSync(path).length;
  } catch {
    return 0;
  }
}
