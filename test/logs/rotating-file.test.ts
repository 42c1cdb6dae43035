import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogFileError, LogFileRecovery } from '../../src/logs/log-errors.js';
import { RotatingFile } from '../../src/logs/rotating-file.js';
import { TestScope, waitFor } from './helpers.js';

const scope = new TestScope();
afterEach(() => scope.cleanUp());

const read = (path: string) => readFileSync(path, 'utf8');
const numbered = (from: number, count: number) => Array.from({ length: count }, (_, index) => `line-${String(from + index).padStart(3, '0')}\n`).join('');

async function writeAll(file: RotatingFile, text: string, pieceBytes = 7): Promise<void> {
  const bytes = Buffer.from(text);
  for (let start = 0; start < bytes.length; start += pieceBytes) file.write(bytes.subarray(start, start + pieceBytes));
  await file.flush();
}

describe('RotatingFile rotation', () => {
  it('keeps `backups` files, each ≤ maxBytes and ending at a line boundary', async () => {
    const path = join(scope.tempDir(), 'app.log');
    const file = scope.adopt(new RotatingFile(path, { maxBytes: 100, backups: 3 }));
    const text = numbered(0, 100); // 9 bytes a line, 900 bytes
    await writeAll(file, text);
    await file.close();

    expect(existsSync(`${path}.4`)).toBe(false);
    const names = [`${path}.3`, `${path}.2`, `${path}.1`, path];
    const contents = names.map(read);
    for (const content of contents) {
      expect(content.length).toBeLessThanOrEqual(100);
      expect(content.endsWith('\n')).toBe(true);
    }
    // Rotated files were cut at the last line that fitted: 11 lines of 9 bytes.
    for (const content of contents.slice(0, 3)) expect(content.length).toBe(99);
    expect(text.endsWith(contents.join(''))).toBe(true);
    expect(file.stats.rotations).toBe(9);
  });

  it('never rotates with maxBytes 0', async () => {
    const path = join(scope.tempDir(), 'app.log');
    const file = scope.adopt(new RotatingFile(path, { maxBytes: 0, backups: 3 }));
    await writeAll(file, numbered(0, 200));
    await file.close();
    expect(read(path)).toBe(numbered(0, 200));
    expect(existsSync(`${path}.1`)).toBe(false);
  });

  it('truncates in place with backups 0', async () => {
    const path = join(scope.tempDir(), 'app.log');
    const file = scope.adopt(new RotatingFile(path, { maxBytes: 50, backups: 0 }));
    await writeAll(file, numbered(0, 20));
    await file.close();
    expect(read(path)).toBe(numbered(15, 5));
    expect(existsSync(`${path}.1`)).toBe(false);
  });

  it('writes a line longer than maxBytes whole, in a file of its own', async () => {
    const path = join(scope.tempDir(), 'app.log');
    const file = scope.adopt(new RotatingFile(path, { maxBytes: 20, backups: 5 }));
    const long = `${'L'.repeat(70)}\n`;
    file.write(Buffer.from(`short\n${long}after\n`));
    await file.close();
    expect([read(`${path}.2`), read(`${path}.1`), read(path)]).toEqual(['short\n', long, 'after\n']);
  });

  it('finishes a line begun in the current file before rotating', async () => {
    const path = join(scope.tempDir(), 'app.log');
    const file = scope.adopt(new RotatingFile(path, { maxBytes: 10, backups: 2 }));
    file.write(Buffer.from('abcdefgh'));
    await file.flush();
    file.write(Buffer.from('ijk\nnext\n'));
    await file.close();
    expect(read(`${path}.1`)).toBe('abcdefghijk\n');
    expect(read(path)).toBe('next\n');
  });

  it('rotates an oversized file left by a previous run before appending', async () => {
    const path = join(scope.tempDir(), 'app.log');
    writeFileSync(path, 'x'.repeat(500) + '\n');
    writeFileSync(`${path}.1`, 'older\n');
    const file = scope.adopt(new RotatingFile(path, { maxBytes: 100, backups: 2 }));
    await writeAll(file, 'fresh\n');
    await file.close();
    expect(read(path)).toBe('fresh\n');
    expect(read(`${path}.1`)).toHaveLength(501);
    expect(read(`${path}.2`)).toBe('older\n');
  });

  it('creates the folder and the file with mode 0640, only once written to', async () => {
    const path = join(scope.tempDir(), 'deep', 'er', 'app.log');
    const file = scope.adopt(new RotatingFile(path, { maxBytes: 100, backups: 1 }));
    await file.flush();
    expect(existsSync(path)).toBe(false);
    await writeAll(file, 'hi\n');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    await file.close();
  });

  it('applies new limits from the next write on', async () => {
    const path = join(scope.tempDir(), 'app.log');
    const file = scope.adopt(new RotatingFile(path, { maxBytes: 0, backups: 0 }));
    await writeAll(file, numbered(0, 20));
    file.setLimits({ maxBytes: 50, backups: 1 });
    await writeAll(file, numbered(20, 1));
    await file.close();
    expect(read(path)).toBe(numbered(20, 1));
    expect(read(`${path}.1`)).toBe(numbered(0, 20));
  });
});

describe('RotatingFile queue', () => {
  it('returns false past the high-water mark and signals drain', async () => {
    const file = scope.adopt(new RotatingFile(join(scope.tempDir(), 'app.log'), { highWaterMark: 1000 }));
    let drains = 0;
    file.onDrain(() => (drains += 1));
    const chunk = Buffer.alloc(400, 'a');
    // The first write goes straight to the disk; only what waits behind it counts.
    expect(file.write(chunk)).toBe(true);
    expect(file.write(chunk)).toBe(true);
    expect(file.write(chunk)).toBe(true);
    expect(file.write(chunk)).toBe(false);
    expect(file.stats.queuedBytes).toBe(1200);
    await file.flush();
    expect(drains).toBe(1);
    expect(file.stats).toMatchObject({ bytesWritten: 1600, queuedBytes: 0, bytesDropped: 0, peakQueuedBytes: 1200 });
    await file.close();
  });

  // Regression: the drain used to fire inside write(), before the caller had
  // paused its source, which then stayed paused forever.
  it('never fires drain inside the write that filled the queue', async () => {
    const file = scope.adopt(new RotatingFile(join(scope.tempDir(), 'app.log'), { highWaterMark: 100 }));
    let drains = 0;
    file.onDrain(() => (drains += 1));
    expect(file.write(Buffer.alloc(200))).toBe(true); // idle writer: taken at once
    expect(file.write(Buffer.alloc(200))).toBe(false);
    expect(drains).toBe(0);
    await file.flush();
    expect(drains).toBe(1);
    await file.close();
  });

  it('close flushes everything queued; later writes are dropped and counted', async () => {
    const path = join(scope.tempDir(), 'app.log');
    const file = scope.adopt(new RotatingFile(path));
    file.write(Buffer.from(numbered(0, 1000)));
    await file.close();
    expect(read(path)).toBe(numbered(0, 1000));
    expect(file.write(Buffer.from('late\n'))).toBe(true);
    expect(file.stats.bytesDropped).toBe(5);
    await file.close();
  });
});

describe('RotatingFile reopen', () => {
  it('starts a new file at the path after the old one was moved away, losing nothing', async () => {
    const path = join(scope.tempDir(), 'app.log');
    const file = scope.adopt(new RotatingFile(path, { maxBytes: 10_000, backups: 1 }));
    await writeAll(file, numbered(0, 10));
    renameSync(path, `${path}.rotated`);
    // Writes queued before the reopen may still land in the moved file: logrotate expects that.
    file.write(Buffer.from(numbered(10, 5)));
    await file.reopen();
    expect(existsSync(path)).toBe(true);
    await writeAll(file, numbered(15, 5));
    await file.close();
    expect(read(`${path}.rotated`) + read(path)).toBe(numbered(0, 20));
    expect(read(path).endsWith(numbered(15, 5))).toBe(true);
  });

  it('does not create a file that never received a byte', async () => {
    const path = join(scope.tempDir(), 'app.log');
    const file = scope.adopt(new RotatingFile(path));
    await file.reopen();
    expect(existsSync(path)).toBe(false);
    await file.close();
  });
});

describe('RotatingFile errors', () => {
  it('reports a path whose parent is a regular file, drops bytes, and recovers on reopen', async () => {
    const dir = scope.tempDir();
    writeFileSync(join(dir, 'blocker'), '');
    const path = join(dir, 'blocker', 'app.log');
    const errors: LogFileError[] = [];
    const file = scope.adopt(new RotatingFile(path, { retryIntervalMs: 60_000, onError: (error) => errors.push(error) }));

    await writeAll(file, 'lost-1\n');
    await writeAll(file, 'lost-2\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'LogFileError', operation: 'open', path });
    expect(['ENOTDIR', 'EEXIST']).toContain(errors[0]!.code);
    expect(errors[0]!.message).toContain(path);
    expect(file.stats.bytesDropped).toBe(14);

    rmSync(join(dir, 'blocker'));
    await file.reopen();
    await writeAll(file, 'kept\n');
    await file.close();
    expect(read(path)).toBe('kept\n');
    expect(errors).toHaveLength(1);
  });

  it('reports the end of an outage once, with the bytes it cost, and a reopen mid-outage as the same outage', async () => {
    const dir = scope.tempDir();
    writeFileSync(join(dir, 'blocker'), '');
    const path = join(dir, 'blocker', 'app.log');
    const errors: LogFileError[] = [];
    const recoveries: LogFileRecovery[] = [];
    const file = scope.adopt(new RotatingFile(path, { retryIntervalMs: 60_000, onError: (e) => errors.push(e), onRecover: (r) => recoveries.push(r) }));
    await writeAll(file, 'lost-1\n');
    await file.reopen(); // still failing: not a second outage
    await writeAll(file, 'lost-2\n');
    expect(errors).toHaveLength(1);
    expect(recoveries).toEqual([]);

    rmSync(join(dir, 'blocker'));
    await file.reopen();
    await writeAll(file, 'kept-1\n');
    await writeAll(file, 'kept-2\n');
    await file.close();
    expect(read(path)).toBe('kept-1\nkept-2\n');
    expect(errors).toHaveLength(1);
    expect(recoveries).toEqual([{ path, droppedBytes: 14 }]);
  });

  it('reports ENOSPC (/dev/full) once per episode without throwing', async () => {
    const errors: LogFileError[] = [];
    const file = scope.adopt(new RotatingFile('/dev/full', { onError: (error) => errors.push(error) }));
    await writeAll(file, numbered(0, 50));
    await writeAll(file, numbered(50, 50));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ operation: 'write', code: 'ENOSPC' });
    expect(file.stats.bytesDropped).toBe(900);
    expect(file.stats.bytesWritten).toBe(0);
    await file.close();
  });

  it('survives an onError callback that throws', async () => {
    const file = new RotatingFile('/dev/full', {
      onError: () => {
        throw new Error('the reporter is broken too');
      },
    });
    await writeAll(file, 'x\n');
    await file.close();
    expect(file.stats.bytesDropped).toBe(2);
  });

  it('rejects bad limits with a TypeError naming the option and value', () => {
    expect(() => new RotatingFile('/tmp/x.log', { maxBytes: -1 })).toThrow(/maxBytes .* got -1/);
    const file = scope.adopt(new RotatingFile('/tmp/x.log'));
    expect(() => file.setLimits({ maxBytes: 10, backups: 1.5 })).toThrow(TypeError);
  });

  it('recreates a log folder that vanished, at the next rotation', async () => {
    const dir = join(scope.tempDir(), 'logs');
    const path = join(dir, 'app.log');
    const errors: LogFileError[] = [];
    const file = scope.adopt(new RotatingFile(path, { maxBytes: 50, backups: 2, onError: (error) => errors.push(error) }));
    await writeAll(file, numbered(0, 5));
    rmSync(dir, { recursive: true });
    await writeAll(file, numbered(5, 5));
    await waitFor('the log folder to come back', () => existsSync(path));
    await file.close();
    expect(read(path)).toBe(numbered(5, 5));
    expect(errors).toEqual([]);
  });
});
