import { closeSync, openSync, writeSync } from 'node:fs';
import { readProcStat } from './proc-fs.js';
import { describeSelf, removeRecord, writeRecord, type RecordedProcess } from './state-file.js';

/** Rewrite the journal once it holds this many lines per live process (plus slack). */
const COMPACT_FACTOR = 4;
const COMPACT_SLACK = 256;

/**
 * Keeps the state file in step with the live children: one appended line per
 * spawn and per exit, written before the event is acted on, so a supervisor
 * killed at any moment has recorded every child it had started.
 */
export class StateRecorder {
  private readonly self = describeSelf();
  private readonly live = new Map<number, RecordedProcess>();
  private fd: number | null = null;
  private lines = 0;

  constructor(
    private readonly file: string,
    private readonly onError: (message: string) => void,
  ) {}

  /** Starts a fresh journal for this supervisor. */
  begin(): void {
    this.compact();
  }

  recordSpawn(name: string, pid: number): void {
    const startTime = readProcStat(pid)?.startTime;
    if (startTime === undefined) return; // already gone: nothing to clean up later
    const entry = { name, pid, startTime };
    this.live.set(pid, entry);
    this.append(JSON.stringify(entry));
  }

  recordExit(pid: number): void {
    if (!this.live.delete(pid)) return;
    this.append(JSON.stringify({ exit: pid }));
    if (this.lines > this.live.size * COMPACT_FACTOR + COMPACT_SLACK) this.compact();
  }

  remove(): void {
    this.closeFd();
    removeRecord(this.file);
  }

  private append(line: string): void {
    try {
      this.fd ??= openSync(this.file, 'a', 0o600);
      writeSync(this.fd, `${line}\n`);
      this.lines++;
    } catch (err) {
      this.closeFd();
      this.onError(`cannot write state file ${this.file}: ${(err as Error).message}`);
    }
  }

  private compact(): void {
    this.closeFd();
    try {
      writeRecord(this.file, { supervisor: this.self, processes: [...this.live.values()] });
      this.lines = this.live.size + 1;
    } catch (err) {
      this.onError(`cannot write state file ${this.file}: ${(err as Error).message}`);
    }
  }

  private closeFd(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed or the disk went away: the next append reopens.
    }
    this.fd = null;
  }
}
