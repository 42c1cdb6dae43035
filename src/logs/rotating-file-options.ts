/** What a RotatingFile is given, and what it counts. */
import type { LogFileError, LogFileRecovery } from './log-errors.js';

export interface RotatingFileOptions {
  /** Write a fast local file from the event loop (see direct-writes.ts); false: always through the thread pool. */
  directWrites?: boolean;
  /**
   * Never move a fit file to the thread pool for being slow (direct-writes.ts): bytes read are then in the
   * file before the next read, however long the disk takes. For programs that outlive a killed supervisor,
   * whose output not yet written dies with it.
   */
  directAlways?: boolean;
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
  /** Writes made from the event loop (direct-writes.ts), and how many of those were slow or failed. */
  directWrites: number;
  slowDirectWrites: number;
}

export const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;
export const DEFAULT_FILE_MODE = 0o640;
