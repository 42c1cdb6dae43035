import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LineSplitter } from '../../src/logs/line-splitter.js';
import { OutputRing } from '../../src/logs/output-ring.js';
import { RotatingFile } from '../../src/logs/rotating-file.js';
import { captureStream, type OutputStreamName } from '../../src/logs/stream-capture.js';
import { FIXTURES, TestScope, exitOf, settlesWithin, waitFor } from './helpers.js';

const scope = new TestScope();
afterEach(async () => {
  vi.restoreAllMocks();
  await scope.cleanUp();
});

describe('captureStream with an in-memory source', () => {
  it('pauses the source when the file queue passes the mark and resumes on drain', async () => {
    const path = join(scope.tempDir(), 'out.log');
    const file = scope.adopt(new RotatingFile(path, { highWaterMark: 64 * 1024 }));
    const source = new PassThrough();
    const pause = vi.spyOn(source, 'pause');
    const resume = vi.spyOn(source, 'resume');
    const capture = captureStream(source, { stream: 'stdout', file, ring: new OutputRing() });

    const chunks = Array.from({ length: 64 }, (_, index) => Buffer.alloc(64 * 1024, 97 + (index % 26)));
    for (const chunk of chunks) source.write(chunk);
    source.end();
    await capture.finished;
    await file.close();

    expect(pause).toHaveBeenCalled();
    expect(resume).toHaveBeenCalled();
    expect(capture.stats.pauses).toBeGreaterThan(0);
    expect(capture.stats.bytes).toBe(64 * 64 * 1024);
    expect(readFileSync(path).equals(Buffer.concat(chunks))).toBe(true);
    // Memory bound: the queue never holds more than the mark plus one chunk.
    expect(file.stats.peakQueuedBytes).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it('delivers lines split across chunks once, whole, and the last partial line at the end', async () => {
    const source = new PassThrough();
    const capture = captureStream(source, { stream: 'stderr', file: null, ring: null });
    const received: Array<[OutputStreamName, string[]]> = [];
    capture.addLineListener((stream, lines) => received.push([stream, lines]));
    for (const part of ['hel', 'lo\nwor', 'ld\nand more\n', 'tail']) source.write(part);
    source.end();
    await capture.finished;
    expect(received).toEqual([
      ['stderr', ['hello']],
      ['stderr', ['world', 'and more']],
      ['stderr', ['tail']],
    ]);
  });

  it('splits nothing while no one listens', async () => {
    const push = vi.spyOn(LineSplitter.prototype, 'push');
    const source = new PassThrough();
    const ring = new OutputRing();
    const capture = captureStream(source, { stream: 'stdout', file: null, ring });
    source.write('a\nb\n');
    const stop = capture.addLineListener(() => {});
    source.write('c\n');
    stop();
    source.end('d\n');
    await capture.finished;
    expect(push).toHaveBeenCalledTimes(1);
    expect(ring.lastLines(10)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a listener joining mid-line gets whole lines only', async () => {
    const source = new PassThrough();
    const capture = captureStream(source, { stream: 'stdout', file: null, ring: null });
    source.write('first half');
    await waitFor('the first chunk', () => capture.stats.chunks === 1);
    const lines: string[] = [];
    capture.addLineListener((_, batch) => lines.push(...batch));
    source.end(' second half\nnext\n');
    await capture.finished;
    expect(lines).toEqual(['next']);
  });

  it('survives a throwing listener and reports it', async () => {
    const source = new PassThrough();
    const errors: Error[] = [];
    const capture = captureStream(source, { stream: 'stdout', file: null, ring: null, onError: (error) => errors.push(error) });
    const seen: string[] = [];
    capture.addLineListener(() => {
      throw new Error('listener broke');
    });
    capture.addLineListener((_, lines) => seen.push(...lines));
    source.end('x\ny\n');
    await capture.finished;
    expect(seen).toEqual(['x', 'y']);
    expect(errors.map((error) => error.message)).toEqual(['listener broke']);
  });

  it('keeps the ring going while the file fails', async () => {
    const errors: Error[] = [];
    const file = scope.adopt(new RotatingFile('/dev/full', { onError: (error) => errors.push(error) }));
    const ring = new OutputRing();
    const source = new PassThrough();
    const capture = captureStream(source, { stream: 'stdout', file, ring });
    for (let index = 0; index < 100; index += 1) source.write(`line ${index}\n`);
    source.end();
    await capture.finished;
    await file.close();
    expect(ring.lastLines(2)).toEqual(['line 98', 'line 99']);
    expect(errors).toHaveLength(1);
    expect(file.stats.bytesDropped).toBe(capture.stats.bytes);
  });

  it('interleaves two line-aligned streams sharing a file only between lines', async () => {
    const path = join(scope.tempDir(), 'both.log');
    const file = scope.adopt(new RotatingFile(path));
    const ring = new OutputRing();
    const out = new PassThrough();
    const err = new PassThrough();
    const captures = [captureStream(out, { stream: 'stdout', file, ring, lineAligned: true }), captureStream(err, { stream: 'stderr', file, ring, lineAligned: true })];
    out.write('out-1 begins');
    await waitFor('stdout chunk', () => captures[0]!.stats.chunks === 1);
    err.write('err-1\n');
    await waitFor('stderr chunk', () => captures[1]!.stats.chunks === 1);
    out.end(' and ends\nout-2 has no newline');
    err.end();
    await Promise.all(captures.map((capture) => capture.finished));
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe('err-1\nout-1 begins and ends\nout-2 has no newline');
    expect(ring.lastLines(5)).toEqual(['err-1', 'out-1 begins and ends', 'out-2 has no newline']);
  });

  it.each([false, true])('writes a line without its newline after partialLineDelayMs, as it is, and its rest when it comes (lineAligned: %s)', async (lineAligned) => {
    const path = join(scope.tempDir(), 'out.log');
    const file = scope.adopt(new RotatingFile(path));
    const ring = new OutputRing();
    const source = new PassThrough();
    const capture = captureStream(source, { stream: 'stdout', file, ring, lineAligned, partialLineDelayMs: 100 });
    source.write('done\nprompt> ');
    await waitFor('the prompt in the file', () => readIfThere(path) === 'done\nprompt> ');
    expect(ring.lastLines(2)).toEqual(['done', 'prompt> ']);
    source.end('yes\n');
    await capture.finished;
    expect(readFileSync(path, 'utf8')).toBe('done\nprompt> yes\n');
  });

  it('writes a line that keeps growing without a newline too: its time runs from its first byte', async () => {
    const path = join(scope.tempDir(), 'out.log');
    const file = scope.adopt(new RotatingFile(path));
    const source = new PassThrough();
    const capture = captureStream(source, { stream: 'stdout', file, ring: null, partialLineDelayMs: 200 });
    // A progress line: a dot every 20 ms, far more often than the delay.
    const trickle = setInterval(() => source.write('.'), 20);
    try {
      await waitFor('dots in the file while they keep coming', () => readIfThere(path).length > 0);
    } finally {
      clearInterval(trickle);
    }
    source.end('\n');
    await capture.finished;
    expect(readFileSync(path, 'utf8')).toMatch(/^\.+\n$/);
  });
});

/** The file's text, or '' before its first write created it. */
function readIfThere(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** Checks a flood-lines.mjs log: fixed-width numbered lines, in order, none torn. */
function readSequence(paths: string[], lineBytes: number): { count: number; sizes: number[] } {
  const filler = Buffer.from(`${'x'.repeat(lineBytes - 11)}\n`);
  let expected = 0;
  const sizes: number[] = [];
  for (const path of paths) {
    const bytes = readFileSync(path);
    sizes.push(bytes.length);
    if (bytes.length % lineBytes !== 0) throw new Error(`${path}: ${bytes.length} bytes is not whole lines`);
    for (let offset = 0; offset < bytes.length; offset += lineBytes) {
      const seq = Number(bytes.toString('latin1', offset, offset + 9));
      const intact = bytes[offset + 9] === 32 && bytes.compare(filler, 0, filler.length, offset + 10, offset + lineBytes) === 0;
      if (seq !== expected || !intact) throw new Error(`${path}@${offset}: expected line ${expected}, found ${JSON.stringify(bytes.toString('latin1', offset, offset + 20))}`);
      expected += 1;
    }
  }
  return { count: expected, sizes };
}

describe('captureStream with real children', () => {
  it('loses, duplicates and tears no line across rotations of a flooding child', async () => {
    const dir = scope.tempDir();
    const path = join(dir, 'flood.log');
    const maxBytes = 5_000_000;
    const backups = 50;
    const lineBytes = 100;
    const file = scope.adopt(new RotatingFile(path, { maxBytes, backups }));
    const ring = new OutputRing();
    // 2M lines = 200 MB fit in 51 files of 5 MB; the time cap keeps slow machines under ~5 s.
    const child = scope.spawn('node', [join(FIXTURES, 'flood-lines.mjs'), '5000', String(lineBytes), '2000000']);
    let reported = '';
    child.stderr!.on('data', (data: Buffer) => (reported += data.toString()));
    const capture = captureStream(child.stdout!, { stream: 'stdout', file, ring });

    expect(await exitOf(child)).toBe(0);
    await capture.finished;
    await file.close();

    const written = Number(reported.trim());
    const rotations = file.stats.rotations;
    expect(rotations).toBeGreaterThan(3);
    expect(rotations).toBeLessThan(backups);
    const paths = [...Array.from({ length: rotations }, (_, index) => `${path}.${rotations - index}`), path];
    const { count, sizes } = readSequence(paths, lineBytes);
    expect(count).toBe(written);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(maxBytes);
    // Every rotated file was filled up to the last whole line that fitted.
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThan(maxBytes - lineBytes);
    expect(capture.stats.bytes).toBe(written * lineBytes);
    expect(file.stats.peakQueuedBytes).toBeLessThan(4 * 1024 * 1024);
    expect(ring.lastLines(1)[0]!.startsWith(String(written - 1).padStart(9, '0'))).toBe(true);
  });

  it('keeps every line when the file is moved away and reopened mid-flood', async () => {
    const path = join(scope.tempDir(), 'flood.log');
    const file = scope.adopt(new RotatingFile(path));
    const child = scope.spawn('node', [join(FIXTURES, 'flood-lines.mjs'), '5000', '64', '300000']);
    const capture = captureStream(child.stdout!, { stream: 'stdout', file, ring: null });

    await waitFor('some output in the file', () => file.stats.bytesWritten > 1_000_000);
    renameSync(path, `${path}.1`);
    await file.reopen();
    expect(await exitOf(child)).toBe(0);
    await capture.finished;
    await file.close();

    const { count, sizes } = readSequence([`${path}.1`, path], 64);
    expect(count).toBe(300_000);
    expect(sizes[1]).toBeGreaterThan(0);
  });

  it('rotates `yes` output into whole "y" lines', async () => {
    const path = join(scope.tempDir(), 'yes.log');
    const file = scope.adopt(new RotatingFile(path, { maxBytes: 1_000_000, backups: 3 }));
    const child = scope.spawn('yes', []);
    const capture = captureStream(child.stdout!, { stream: 'stdout', file, ring: new OutputRing() });
    await waitFor('six rotations', () => file.stats.rotations >= 6);
    process.kill(child.pid!, 'SIGKILL');
    await capture.finished;
    await file.close();
    for (const backup of [1, 2, 3]) {
      const content = readFileSync(`${path}.${backup}`, 'latin1');
      expect(content.length).toBe(1_000_000);
      expect(content).toMatch(/^(y\n)+$/);
    }
  });

  it('drains the pipe of a `none` target so the child never blocks', async () => {
    const ring = new OutputRing();
    const child = scope.spawn('node', [join(FIXTURES, 'flood-lines.mjs'), '10000', '100', '200000']);
    const capture = captureStream(child.stdout!, { stream: 'stdout', file: null, ring });
    expect(await exitOf(child)).toBe(0);
    await capture.finished;
    expect(capture.stats.bytes).toBe(20_000_000);
    expect(ring.lastLines(1)[0]!.startsWith('000199999 ')).toBe(true);
  });

  it('close() stops waiting for a grandchild that holds the pipe open', async () => {
    const path = join(scope.tempDir(), 'out.log');
    const file = scope.adopt(new RotatingFile(path));
    const child = scope.spawn('sh', ['-c', 'sleep 60 & echo started']);
    const capture = captureStream(child.stdout!, { stream: 'stdout', file, ring: null });
    expect(await exitOf(child)).toBe(0);
    await waitFor('the echo', () => capture.stats.bytes > 0);
    expect(await settlesWithin(capture.finished, 200)).toBe('pending');
    await capture.close();
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe('started\n');
  });
});
