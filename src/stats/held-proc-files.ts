import { closeSync, readFileSync } from 'node:fs';
import { openProcFile, readOpenProcFile, readProcText } from './proc-scan.js';

/**
 * The /proc files of a tree walk (a process's stat and its main thread's
 * children list), kept open from one scan to the next and read again at
 * offset 0. Opening and closing a /proc file is most of what reading it
 * costs: for 200 programs a fresh walk spent ~6 ms, one through open files
 * ~2.5 ms, on the path of every `ctl status` and of every sample a view asks for.
 *
 * An open /proc/PID file stays bound to the process it was opened for: once
 * that process is gone its stat read fails (ESRCH), and the pid may since name
 * another process, so the pid's files are closed and opened afresh. A
 * children file of a gone process reads empty rather than failing, so it is
 * trusted only after a successful stat read through the same held entry.
 *
 * What the last scan did not read (processes gone or no longer supervised) is
 * closed at its end, and everything once nobody has scanned for a while: an
 * idle daemon holds no files. At most a quarter of the open-file limit is
 * held, so holding never costs a spawn or a log file its descriptor.
 */

/** After this long without a scan every held file is closed. */
const IDLE_CLOSE_MS = 30_000;

interface HeldProcess {
  stat: number;
  /** The main thread's children list, opened on first use; null until then or when it could not be opened. */
  children: number | null;
}

export class HeldProcFiles {
  private readonly held = new Map<number, HeldProcess>();
  /** Pids whose held files this scan read: the others are closed at its end. */
  private readonly read = new Set<number>();
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    /** How many processes' files may be held at once (each holds up to two). */
    private readonly maxProcesses: number = Math.floor(openFileLimit() / 8),
    private readonly idleCloseMs: number = IDLE_CLOSE_MS,
  ) {}

  /** How many processes' files are held now. */
  get size(): number {
    return this.held.size;
  }

  /** The text of /proc/PID/stat now; null when the process is gone. */
  stat(pid: number): string | null {
    const held = this.held.get(pid);
    if (held) {
      const text = readOpenProcFile(held.stat);
      if (text !== null) {
        this.read.add(pid);
        return text;
      }
      this.drop(pid); // gone: the pid may name another process by now
    }
    const fd = openProcFile(`/proc/${pid}/stat`);
    if (fd === null) return null;
    const text = readOpenProcFile(fd);
    if (text === null || this.held.size >= this.maxProcesses) {
      closeSync(fd);
      return text;
    }
    this.held.set(pid, { stat: fd, children: null });
    this.read.add(pid);
    return text;
  }

  /** The children list of thread `tid` of `pid`, read after stat(pid) in the same scan; null when it cannot be read. */
  children(pid: number, tid: number): string | null {
    const held = this.held.get(pid);
    const path = `/proc/${pid}/task/${tid}/children`;
    // Only the main thread's list is held: other threads come and go, and few programs fork from them.
    if (!held || tid !== pid) return readProcText(path);
    held.children ??= openProcFile(path);
    return held.children === null ? null : readOpenProcFile(held.children);
  }

  /** Ends a scan: closes the files of the processes it did not read, and arms the idle close. */
  endScan(): void {
    for (const pid of this.held.keys()) if (!this.read.has(pid)) this.drop(pid);
    this.read.clear();
    if (this.idleTimer) this.idleTimer.refresh();
    else {
      this.idleTimer = setTimeout(() => this.close(), this.idleCloseMs);
      // Held files never keep the process alive.
      this.idleTimer.unref();
    }
  }

  /** Closes every held file; a later scan opens them again. */
  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (const pid of [...this.held.keys()]) this.drop(pid);
    this.read.clear();
  }

  private drop(pid: number): void {
    const held = this.held.get(pid);
    if (!held) return;
    this.held.delete(pid);
    closeSync(held.stat);
    if (held.children !== null) closeSync(held.children);
  }
}

/** The soft limit on open files (Node raises it to the hard one at start-up); 1024, the usual default, when unreadable. */
export function openFileLimit(): number {
  try {
    // "Max open files            1048576              1048576              files"
    const line = /^Max open files\s+(\d+|unlimited)\s/m.exec(readFileSync('/proc/self/limits', 'latin1'));
    if (line?.[1] === 'unlimited') return Number.MAX_SAFE_INTEGER;
    const soft = Number(line?.[1]);
    return Number.isSafeInteger(soft) && soft > 0 ? soft : 1024;
  } catch {
    return 1024;
  }
}
