/**
 * An append-only log file with size-based rotation that never stalls the
 * supervisor's event loop for long on a slow disk.
 *
 * - `write()` appends at once from the event loop while the file is a fast
 *   local one (direct-writes.ts bounds that); otherwise it queues the Buffer
 *   and returns false once the queue passes the high-water mark, and the
 *   caller pauses its source until `onDrain` fires. One loop (`pump`) takes
 *   the whole queue at a time and hands it to one writev.
 * - Rotation only cuts after a newline (see rotation-plan.ts).
 * - I/O failures are reported through `onError` and never thrown: while a
 *   file is failing, bytes are dropped and counted, and a new attempt is made
 *   at most once per `retryIntervalMs` (or at once on `reopen()`); see
 *   log-outage.ts.
 */
import { mkdir, open, statfs, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { countBackups, shiftBackups } from './backup-files.js';
import { ByteQueue } from './byte-queue.js';
import { checkRotationLimits, guardCallback, LogFileError, type LogFileOperation } from './log-errors.js';
import { DirectWrites } from './direct-writes.js';
import { LogOutage } from './log-outage.js';
import { FileEnd } from './file-end.js';
import { DEFAULT_FILE_MODE, DEFAULT_HIGH_WATER_MARK, type RotatingFileOptions, type RotatingFileStats } from './rotating-file-options.js';
import { planSegment, splitChunks, sumLengths, type SegmentPlan } from './rotation-plan.js';

export class RotatingFile {
  readonly path: string;
  private maxBytes: number;
  private backups: number;
  private readonly mode: number;
  private readonly retryIntervalMs: number;
  private readonly reportError: (error: LogFileError) => void;
  private readonly outage: LogOutage;
  private readonly direct: DirectWrites;

  private handle: FileHandle | null = null;
  private readonly end = new FileEnd();
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
    this.direct = new DirectWrites(options.directWrites ?? true, options.directAlways ?? false);
    this.outage = new LogOutage(path, this.retryIntervalMs, this.reportError, guardCallback(options.onRecover));
  }

  /** Writes or queues a chunk. False means "pause your source until onDrain". */
  write(chunk: Buffer): boolean {
    return this.writeAll([chunk]);
  }

  /**
   * As write(), for chunks that follow each other in the file: written directly they go in one writev
   * (a line held back for its newline and the read that ends it are one write, not two).
   */
  writeAll(chunks: readonly Buffer[]): boolean {
    const bytes = sumLengths(chunks);
    if (bytes === 0) return true;
    if (this.closing || this.outage.holdsWrites) {
      this.counters.bytesDropped += bytes;
      return true;
    }
    // Not while the pump runs: it owns the handle then, and queued bytes go first.
    const direct = this.pumping ? 0 : this.writeDirect(chunks);
    if (direct === bytes) return true;
    for (const chunk of direct === 0 ? chunks : splitChunks(chunks, direct)[1]) this.queue.push(chunk);
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
    const { direct, slow } = this.direct.counts;
    return { ...this.counters, queuedBytes: this.queue.queuedBytes, peakQueuedBytes: this.queue.peakBytes, directWrites: direct, slowDirectWrites: slow };
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

  /**
   * Writes what it can of `chunks` at once from the event loop; returns how many bytes. 0 when the file is
   * not open, not fit for it, must rotate first, or the write failed: the queue then takes the chunks, and
   * the pump rotates, or retries through the thread pool, reports the error and cuts a torn line.
   */
  private writeDirect(chunks: readonly Buffer[]): number {
    if (this.handle === null || !this.direct.allowed) return 0;
    const take = this.plan(chunks).take;
    if (take === 0) return 0;
    const head = splitChunks(chunks, take)[0];
    const written = this.direct.tryWrite(this.handle.fd, head);
    if (written > 0) this.wrote(splitChunks(head, written)[0], written);
    if (written === take) this.outage.succeeded(this.counters.bytesDropped);
    return written;
  }

  /** Accounts for `bytes` bytes (`chunks`) that reached the file. */
  private wrote(chunks: Buffer[], bytes: number): void {
    this.end.appended(chunks, bytes);
    this.counters.bytesWritten += bytes;
  }

  /** How much of `chunks` goes into the current file, and whether a rotation follows (rotation-plan.ts). */
  private plan(chunks: readonly Buffer[]): SegmentPlan {
    const maxBytes = Date.now() < this.rotationBlockedUntil ? 0 : this.maxBytes;
    return planSegment(chunks, { size: this.end.size, maxBytes, atLineStart: this.end.atLineStart });
  }

  private async writeBatch(batch: Buffer[]): Promise<void> {
    let rest = batch;
    while (rest.length > 0) {
      if (this.handle === null && !(await this.openHandle())) {
        this.drop(rest);
        return;
      }
      const plan = this.plan(rest);
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
        written = this.direct.allowed ? this.direct.write(handle.fd, pending) : (await handle.writev(pending)).bytesWritten;
        if (written === 0) throw new Error('the write made no progress');
      } catch (error) {
        this.fail('write', error);
        await this.cutTornLine(handle);
        await this.closeHandle();
        return this.drop(pending);
      }
      const [done, rest] = splitChunks(pending, written);
      this.wrote(done, written);
      pending = rest;
    }
    // Only a whole write ends an outage: on a full disk a short write still fits (the room a cut torn line
    // left), and the rest fails at once; ending the outage on it would report one outage as many.
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
      this.end.reset(0);
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
      const [stats, fileSystem] = await Promise.all([handle.stat(), statfs(this.path).catch(() => null)]);
      this.end.reset(stats.size);
      this.direct.opened(stats.isFile(), fileSystem?.type ?? null);
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
    if (this.end.atLineStart) return;
    try {
      await handle.truncate(this.end.lineEnd);
      this.counters.bytesDropped += this.end.cutToLineEnd();
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
    this.direct.closed();
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
