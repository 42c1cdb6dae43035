import type { ManagedProcess } from './managed-process.js';
import { readProcStat } from './proc-fs.js';
import { describeSelf, removeRecord, writeRecord } from './state-file.js';

/**
 * Keeps the state file in step with the live children. Writes are coalesced:
 * starting 1,000 processes in one pass costs one write, not 1,000.
 */
export class StateRecorder {
  private scheduled = false;
  private readonly self = describeSelf();
  private readonly startTimes = new Map<number, number>();

  constructor(
    private readonly file: string,
    private readonly processes: () => Iterable<ManagedProcess>,
    private readonly onError: (message: string) => void,
  ) {}

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writeNow();
    });
  }

  writeNow(): void {
    const processes = [];
    const live = new Set<number>();
    for (const proc of this.processes()) {
      const pid = proc.pid;
      if (pid === null) continue;
      live.add(pid);
      let startTime = this.startTimes.get(pid);
      if (startTime === undefined) {
        startTime = readProcStat(pid)?.startTime;
        if (startTime === undefined) continue; // already gone
        this.startTimes.set(pid, startTime);
      }
      processes.push({ name: proc.name, pid, startTime });
    }
    for (const pid of this.startTimes.keys()) if (!live.has(pid)) this.startTimes.delete(pid);
    try {
      writeRecord(this.file, { supervisor: this.self, processes });
    } catch (err) {
      this.onError(`cannot write state file ${this.file}: ${(err as Error).message}`);
    }
  }

  remove(): void {
    removeRecord(this.file);
  }
}
