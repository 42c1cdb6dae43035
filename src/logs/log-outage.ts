/**
 * One log file's outage (full disk, missing folder, …): while it lasts, bytes
 * are dropped without touching the disk, and the disk is tried again at most
 * once per retry interval, so a full disk costs no busy loop. The first error
 * of an outage and its end are each reported once, not once per chunk.
 */
import { LogFileError, type LogFileOperation, type LogFileRecovery } from './log-errors.js';

export class LogOutage {
  private failing = false;
  private retryAt = 0;
  /** The file's dropped-byte count when the outage began. */
  private droppedBefore = 0;

  constructor(
    private readonly path: string,
    private readonly retryIntervalMs: number,
    private readonly reportError: (error: LogFileError) => void,
    private readonly reportRecovery: (recovery: LogFileRecovery) => void,
  ) {}

  /** True while writes are dropped without trying the disk. */
  get holdsWrites(): boolean {
    return this.failing && Date.now() < this.retryAt;
  }

  /** Lets the next write try the disk at once (reopen); an outage in progress stays one outage. */
  retryNow(): void {
    this.retryAt = 0;
  }

  failed(operation: LogFileOperation, error: unknown, droppedBytes: number): void {
    this.retryAt = Date.now() + this.retryIntervalMs;
    if (this.failing) return;
    this.failing = true;
    this.droppedBefore = droppedBytes;
    this.reportError(new LogFileError(this.path, operation, error));
  }

  /** A write reached the disk; ends the outage, if any. */
  succeeded(droppedBytes: number): void {
    if (!this.failing) return;
    this.failing = false;
    this.reportRecovery({ path: this.path, droppedBytes: droppedBytes - this.droppedBefore });
  }
}
