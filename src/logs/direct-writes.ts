/**
 * Whether a log file is written from the event loop itself (writeSync)
 * instead of through the thread pool. Appending a pipe read to a local file
 * lands in the page cache in tens of microseconds; the thread-pool round trip
 * costs more than that, and under a flood it keeps a third thread busy on a
 * two-core machine (the supervisor, the writer, the program).
 *
 * The bound on the event loop: only a regular file on a local file system is
 * written directly, one chunk or one queued batch (the high-water mark plus a
 * chunk, about 1 MiB by default) per write. Writes slower than SLOW_WRITE_MS
 * (the kernel throttling a disk that cannot keep up) are added up per second;
 * once they pass STALL_BUDGET_MS in a second, or a write fails, the file goes
 * through the thread pool for ASYNC_AFTER_SLOW_MS. A slow disk therefore
 * holds the loop for at most that budget plus one write, then is tried again
 * directly only after that pause. A few slow writes (a new file's first
 * pages, the supervisor preempted on a busy machine) stay under the budget.
 */
import { writeSync, writevSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** A write slower than this was not a page-cache copy: the disk may be behind. */
export const SLOW_WRITE_MS = 2;
/** Time in slow writes per second (STALL_WINDOW_MS) after which the file goes through the thread pool. */
export const STALL_BUDGET_MS = 10;
const STALL_WINDOW_MS = 1000;
/** How long a file that was slow (or failed) is written through the thread pool only. */
export const ASYNC_AFTER_SLOW_MS = 2000;

/**
 * statfs f_type of file systems whose writes can wait on a network or on
 * another process: NFS, SMB, CIFS, SMB2, FUSE, Ceph, 9p, AFS, OCFS2.
 */
const REMOTE_FILE_SYSTEMS = new Set([0x6969, 0x517b, 0xff534d42, 0xfe534d42, 0x65735546, 0x00c36400, 0x01021997, 0x5346414f, 0x7461636f]);

export class DirectWrites {
  private fit = false;
  private asyncUntil = 0;
  private windowStart = 0;
  private slowMsInWindow = 0;
  /** Writes done directly, and how many of them were slow or failed (for tests and diagnostics). */
  readonly counts = { direct: 0, slow: 0 };

  constructor(
    private readonly enabled: boolean,
    /** Slow writes stay direct (RotatingFileOptions.directAlways); only a failed one goes to the thread pool. */
    private readonly always = false,
  ) {}

  /**
   * A newly opened file qualifies when it is a regular file (a FIFO or a
   * terminal blocks for as long as its reader wants) on a local file system
   * (`fileSystemType` is statfs's f_type; null when unknown).
   */
  opened(isRegularFile: boolean, fileSystemType: number | null): void {
    this.fit = this.enabled && isRegularFile && fileSystemType !== null && !REMOTE_FILE_SYSTEMS.has(fileSystemType);
  }

  closed(): void {
    this.fit = false;
  }

  /** True when the open file may be written now from the event loop. */
  get allowed(): boolean {
    return this.fit && (this.asyncUntil === 0 || performance.now() >= this.asyncUntil);
  }

  /**
   * Writes `chunks` at the file's end, timed: slow writes past the budget, or a failed one, send the file
   * to the thread pool for a while. Throws what the write throws.
   */
  write(fd: number, chunks: readonly Buffer[]): number {
    const start = performance.now();
    let written: number;
    try {
      written = chunks.length === 1 ? writeSync(fd, chunks[0]!) : writevSync(fd, chunks);
    } catch (error) {
      this.goAsync();
      throw error;
    }
    this.counts.direct += 1;
    const end = performance.now();
    if (end - start > SLOW_WRITE_MS) this.countSlow(start, end - start);
    return written;
  }

  /** As write(), but a failure returns 0: the caller queues the chunks for the thread pool, which reports the error. */
  tryWrite(fd: number, chunks: readonly Buffer[]): number {
    try {
      return this.write(fd, chunks);
    } catch {
      return 0;
    }
  }

  private countSlow(at: number, ms: number): void {
    this.counts.slow += 1;
    if (at - this.windowStart >= STALL_WINDOW_MS) {
      this.windowStart = at;
      this.slowMsInWindow = 0;
    }
    this.slowMsInWindow += ms;
    if (this.slowMsInWindow > STALL_BUDGET_MS && !this.always) this.goAsync();
  }

  private goAsync(): void {
    this.asyncUntil = performance.now() + ASYNC_AFTER_SLOW_MS;
    this.slowMsInWindow = 0;
  }
}
