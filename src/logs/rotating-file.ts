/**
 * An append-only log file with size-based rotation, written through an async
 * queue so a flooding child never stalls the supervisor's event loop.
 *
 * - `write()` only queues the Buffer and returns false once the queue passes
 *   the high-water mark; the caller pauses its source until `onDrain` fires.
 *   One loop (`pump`) takes the whole queue at a time and hands it to writev,
 *   so a burst costs one thread-pool round trip, not one per chunk.
 * - Rotation only cuts after a newline (see rotation-plan.ts).
 * - I/O failures are reported through `onError` and never thrown: while a
 *   file is failing, bytes are dropped and counted, and a new attempt is made
 *   at most once per `retryIntervalMs` (or at once on `reopen()`); see
 *   log-outage.ts.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { countBackups, shiftBackups } from './backup-files.js';
import { ByteQueue } from './byte-queue.js';
import { checkRotationLimits, guardCallback, LogFileError, type LogFileOperation, type LogFileRecovery } from './log-errors.js';
import { LogOutage } from './log-outage.js';
import { lastLineEnd, planSegment, splitChunks, sumLengths } from './rotation-plan.js';

export interface RotatingFileOptions {
  /** Rotate before the file would pass this size; 0 = never rotate. */
  maxBytes?: number;
  /** Rotated files kept (path.1 … path.N); 0 = truncate in place on rotation. */
  backups?: number;
  /** Log lines can hold secrets, so files are not world-readable by default. */
  mode?: number;
  /** Queued bytes at which `write()` starts returning false. */
  highWaterMark?: number;
  /** While failing, how long to drop bytes before trying the disk again. */
  retryIntervalMs?: number;
  onError?: (error: LogFileError) => void;
  /** The file takes writes again after a reported error. */
  onRecover?: (recovery: LogFileRecovery) => void;
}

export interface RotatingFileStats {
  bytesWritten: number;
  /** Bytes lost to I/O errors or written after close(). */
  bytesDropped: number;
  rotations: number;
  queuedBytes: number;
  /** The most bytes ever waiting in the queue: the memory bound in practice. */
  peakQueuedBytes: number;
}

export const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;
export const DEFAULT_FILE_MODE = 0o640;

export class RotatingFile {
  readonly path: string;
  private maxBytes: number;
  private backups: number;
  private readonly mode: number;
  private readonly retryIntervalMs: number;
  private readonly reportError: (error: LogFileError) => void;
  private readonly outage: LogOutage;

  private handle: FileHandle | null = null;
  private size = 0;
  /** File size at the end of the last whole line written: where a torn line is cut back to. */
  private lineEnd = 0;

  /** The file ends with a whole line (or is empty). */
  private get atLineStart(): boolean {
    return this.lineEnd === this.size;
  }
  /** Highest backup index on disk; null until probed at the first rotation. */
  private backupCount: number | null = null;
  private readonly queue: ByteQueue;
  private pumping = false;
  private rotationBlockedUntil = 0;
  private everOpened = false;
  private reopenWaiters: Array<() => void> = [];
  private closing = false;
  private closeWaiters: Array<() => void> = [];
  private readonly counters = { bytesWritten: 0, bytesDropped: 0, rotations: 0 };

  constructor(path: string, options: RotatingFileOptions = {}) {
    this.path = path;
    this.maxBytes = options.maxBytes ?? 0;
    this.backups = options.backups ?? 0;
    checkRotationLimits({ maxBytes: this.maxBytes, backups: this.backups });
    this.mode = options.mode ?? DEFAULT_FILE_MODE;
    this.queue = new ByteQueue(options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK);
    this.retryIntervalMs = options.retryIntervalMs ?? 1000;
    this.reportError = guardCallback(options.onError);
    this.outage = new LogOutage(path, this.retryIntervalMs, this.reportError, guardCallback(options.onRecover));
  }

  /** Queues a chunk. False means "pause your source until onDrain". */
  write(chunk: Buffer): boolean {
    if (chunk.length === 0) return true;
    if (this.closing || this.outage.holdsWrites) {
      this.counters.bytesDropped += chunk.length;
      return true;
    }
    this.queue.push(chunk);
    if (!this.pumping) void this.pump();
    return this.queue.hasRoom();
  }

  /** New limits apply from the next write on (config reload). */
  setLimits(limits: { maxBytes: number; backups: number }): void {
    checkRotationLimits(limits);
    if (limits.backups !== this.backups) this.backupCount = null;
    this.maxBytes = limits.maxBytes;
    this.backups = limits.backups;
  }

  /** Subscribes to "the queue went below the high-water mark"; returns the unsubscribe. */
  onDrain(listener: () => void): () => void {
    return this.queue.onDrain(listener);
  }

  /** Resolves once every byte queued before this call is written or dropped. */
  flush(): Promise<void> {
    return this.queue.waitForSettled();
  }

  /**
   * Closes the file and opens the same path again, creating it if an external
   * logrotate moved it away (USR1). A file that never received a byte stays
   * unopened. Also retries a failing file right away.
   */
  reopen(): Promise<void> {
    if (this.closing) return Promise.resolve();
    this.outage.retryNow();
    this.rotationBlockedUntil = 0;
    const done = new Promise<void>((resolve) => this.reopenWaiters.push(resolve));
    if (!this.pumping) void this.pump();
    return done;
  }

  /** Writes everything queued, then closes. Later writes are dropped. */
  close(): Promise<void> {
    this.closing = true;
    const done = new Promise<void>((resolve) => this.closeWaiters.push(resolve));
    if (!this.pumping) void this.pump();
    return done;
  }

  get stats(): RotatingFileStats {
    return { ...this.counters, queuedBytes: this.queue.queuedBytes, peakQueuedBytes: this.queue.peakBytes };
  }

  /**
   * The only place that touches the handle: writes, reopens and the final
   * close run one after another here, so none can race another.
   */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (;;) {
        if (this.reopenWaiters.length > 0) await this.guarded('open', () => this.reopenNow());
        if (!this.queue.isEmpty) {
          const batch = this.queue.take();
          await this.guarded('write', () => this.writeBatch(batch));
          this.queue.settle(sumLengths(batch));
        } else if (this.closeWaiters.length > 0) {
          await this.guarded('close', () => this.closeNow());
        } else {
          break;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * Every I/O step catches its own errors; this catches a bug instead of
   * letting it become an unhandled rejection (fatal for the supervisor) or a
   * batch that never settles (a flush() or close() that never resolves).
   */
  private async guarded(operation: LogFileOperation, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.reportError(new LogFileError(this.path, operation, error));
    }
  }

  private async writeBatch(batch: Buffer[]): Promise<void> {
    let rest = batch;
    while (rest.length > 0) {
      if (this.handle === null && !(await this.openHandle())) {
        this.drop(rest);
        return;
      }
      const maxBytes = Date.now() < this.rotationBlockedUntil ? 0 : this.maxBytes;
      const plan = planSegment(rest, { size: this.size, maxBytes, atLineStart: this.atLineStart });
      const [head, tail] = splitChunks(rest, plan.take);
      if (head.length > 0 && !(await this.writeChunks(head))) {
        this.drop(tail);
        return;
      }
      rest = tail;
      if (plan.rotate && rest.length > 0) await this.rotate();
    }
  }

  /** Writes all of `chunks`, looping over short writes; false after a failure. */
  private async writeChunks(chunks: Buffer[]): Promise<boolean> {
    let pending = chunks;
    while (pending.length > 0) {
      const handle = this.handle;
      if (handle === null) return this.drop(pending);
      let written: number;
      try {
        written = (await handle.writev(pending)).bytesWritten;
        if (written === 0) throw new Error('the write made no progress');
      } catch (error) {
        this.fail('write', error);
        await this.cutTornLine(handle);
        await this.closeHandle();
        return this.drop(pending);
      }
      const [done, rest] = splitChunks(pending, written);
      const end = lastLineEnd(done);
      if (end >= 0) this.lineEnd = this.size + end;
      this.size += written;
      this.counters.bytesWritten += written;
      pending = rest;
    }
    this.outage.succeeded(this.counters.bytesDropped);
    return true;
  }

  private async rotate(): Promise<void> {
    try {
      if (this.backups === 0) {
        await this.handle?.truncate(0);
      } else {
        await this.closeHandle();
        this.backupCount ??= await countBackups(this.path, this.backups);
        this.backupCount = await shiftBackups(this.path, this.backups, this.backupCount);
      }
      this.size = 0;
      this.lineEnd = 0;
      this.counters.rotations += 1;
    } catch (error) {
      // Keep appending past maxBytes rather than losing lines; planning would
      // otherwise ask for this failing rotation again on every batch.
      this.rotationBlockedUntil = Date.now() + this.retryIntervalMs;
      this.reportError(new LogFileError(this.path, 'rotate', error));
    }
  }

  private async openHandle(): Promise<boolean> {
    this.everOpened = true;
    try {
      await mkdir(dirname(this.path), { recursive: true });
      const handle = await open(this.path, 'a', this.mode);
      this.handle = handle;
      this.size = (await handle.stat()).size;
      // Unknown for a file we did not write; assuming a clean end lets an
      // oversized file from a previous run rotate before the first new line.
      this.lineEnd = this.size;
      return true;
    } catch (error) {
      await this.closeHandle();
      this.fail('open', error);
      return false;
    }
  }

  /**
   * A full disk can take half a line before refusing the rest: cut the file
   * back to its last whole line, or the first line written once space returns
   * would be glued to the fragment.
   */
  private async cutTornLine(handle: FileHandle): Promise<void> {
    if (this.atLineStart) return;
    try {
      await handle.truncate(this.lineEnd);
      this.counters.bytesDropped += this.size - this.lineEnd;
      this.size = this.lineEnd;
    } catch {
      // The write error is already reported; shrinking a file needs no space, so this is not expected to fail.
    }
  }

  private async reopenNow(): Promise<void> {
    const waiters = this.reopenWaiters;
    this.reopenWaiters = [];
    try {
      await this.closeHandle();
      this.backupCount = null;
      if (this.everOpened && !this.closing) await this.openHandle();
    } finally {
      for (const resolve of waiters) resolve();
    }
  }

  private async closeNow(): Promise<void> {
    const waiters = this.closeWaiters;
    this.closeWaiters = [];
    try {
      await this.closeHandle();
    } finally {
      for (const resolve of waiters) resolve();
    }
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (handle === null) return;
    try {
      await handle.close();
    } catch (error) {
      this.reportError(new LogFileError(this.path, 'close', error));
    }
  }

  private fail(operation: LogFileOperation, error: unknown): void {
    this.outage.failed(operation, error, this.counters.bytesDropped);
  }

  private drop(chunks: Buffer[]): false {
    this.counters.bytesDropped += sumLengths(chunks);
    return false;
  }
}
