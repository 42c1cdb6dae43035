/**
 * The open log files, one RotatingFile per path, so that
 * - USR1 (external logrotate) reopens every file with one call, and
 * - two streams pointing at the same path (stdout and stderr both set to
 *   one file, or a shared explicit path) share one queue and one rotation
 *   instead of two writers renaming the file under each other.
 */
import { resolve } from 'node:path';
import type { LogFileError } from './log-errors.js';
import { RotatingFile } from './rotating-file.js';
import type { RotatingFileOptions } from './rotating-file-options.js';

export interface RotationLimits {
  maxBytes: number;
  backups: number;
}

export type LogRegistryOptions = Omit<RotatingFileOptions, 'maxBytes' | 'backups' | 'onError'> & {
  onError?: (error: LogFileError) => void;
};

interface Entry {
  file: RotatingFile;
  users: number;
}

export class LogRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: LogRegistryOptions = {}) {}

  /**
   * The file at `path`, opened lazily on its first byte. Every acquire needs
   * a matching release. Acquiring a shared path with other limits applies the
   * newer limits (a config reload changed them).
   */
  acquire(path: string, limits: RotationLimits): RotatingFile {
    const key = resolve(path);
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.users += 1;
      entry.file.setLimits(limits);
      return entry.file;
    }
    const file = new RotatingFile(key, { ...this.options, ...limits });
    this.entries.set(key, { file, users: 1 });
    return file;
  }

  /** Drops one use of the file; the last release flushes and closes it. */
  async release(file: RotatingFile): Promise<void> {
    const entry = this.entries.get(file.path);
    if (entry === undefined || entry.file !== file) return;
    entry.users -= 1;
    if (entry.users > 0) return;
    this.entries.delete(file.path);
    await file.close();
  }

  /** USR1: reopen every file at its path. */
  async reopenAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => entry.file.reopen()));
  }

  /** Shutdown: flush and close every file regardless of users. */
  async closeAll(): Promise<void> {
    const files = [...this.entries.values()].map((entry) => entry.file);
    this.entries.clear();
    await Promise.all(files.map((file) => file.close()));
  }

  /** Paths currently held, for diagnostics and tests. */
  get paths(): string[] {
    return [...this.entries.keys()];
  }
}
