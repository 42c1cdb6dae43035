import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { clockTicksPerSecond, pageSize } from './system-constants.js';

/**
 * One pass over /proc: every live process with the figures stats need, and
 * who forked whom. A sample reads each /proc/PID/stat exactly once, however
 * many trees it measures afterwards. Linux only.
 */

/** One process as /proc/PID/stat shows it. */
export interface ProcEntry {
  pid: number;
  ppid: number;
  /** The kernel's name for it (at most 15 characters), what `ps -o comm` shows. */
  comm: string;
  /** CPU time so far, user + system, in clock ticks (all threads of the process). */
  ticks: number;
  /**
   * CPU time of the children it has waited for (cutime + cstime), in clock
   * ticks: what a child used stays counted in its parent after it exits.
   */
  childTicks: number;
  /** Start time in clock ticks since boot: with the pid, it identifies a process uniquely. */
  startTime: number;
  rssBytes: number;
}

export interface ProcessScan {
  /** performance.now() when the scan began: elapsed time between two scans. */
  at: number;
  /** Clock ticks since boot when the scan began, to tell processes born after it. */
  uptimeTicks: number;
  /** The unit of `ticks`, `startTime` and `uptimeTicks`. */
  ticksPerSecond: number;
  byPid: Map<number, ProcEntry>;
  /** Parent pid → its children's pids (only parents that have some). */
  childrenOf: Map<number, number[]>;
}

export function scanProcesses(): ProcessScan {
  const { scan, bytesPerPage } = beginScan();
  for (const pid of listPids()) {
    const entry = readEntry(pid, bytesPerPage);
    if (!entry) continue;
    scan.byPid.set(pid, entry);
    linkChild(scan.childrenOf, entry.ppid, pid);
  }
  return scan;
}

/**
 * An empty scan about to be filled. The clock is read before any process: one
 * missed because it was born during the pass then has a start time after
 * uptimeTicks, so the next sample counts all its CPU time instead of none.
 */
export function beginScan(): { scan: ProcessScan; bytesPerPage: number } {
  const ticksPerSecond = clockTicksPerSecond();
  const at = performance.now();
  const uptimeTicks = readUptimeTicks(ticksPerSecond);
  return { scan: { at, uptimeTicks, ticksPerSecond, byPid: new Map(), childrenOf: new Map() }, bytesPerPage: pageSize() };
}

/** Notes `pid` among `ppid`'s children. */
export function linkChild(childrenOf: Map<number, number[]>, ppid: number, pid: number): void {
  const siblings = childrenOf.get(ppid);
  if (siblings) siblings.push(pid);
  else childrenOf.set(ppid, [pid]);
}

/**
 * The command name and the fields after it (fields[0] is field 3, the state;
 * field N is fields[N - 3]); null for a zombie or a dead entry (only its
 * parent can reap it) or text that is not a stat line. The name may hold
 * spaces and parentheses, so the fields start after the last ')'.
 */
export function splitStat(text: string): { comm: string; fields: string[] } | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const fields = text.slice(close + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return null;
  return { comm: text.slice(open + 1, close), fields };
}

/**
 * Parses the text of /proc/PID/stat; null for a zombie (already dead: only its
 * parent can reap it) or text that is not a stat line.
 */
export function parseProcStat(pid: number, text: string, bytesPerPage: number): ProcEntry | null {
  const stat = splitStat(text);
  return stat ? entryOf(pid, stat, bytesPerPage) : null;
}

/** The entry of a stat line already split; null when a figure is not a number. */
export function entryOf(pid: number, { comm, fields }: { comm: string; fields: string[] }, bytesPerPage: number): ProcEntry | null {
  const num = (field: number) => Number(fields[field - 3]);
  const entry: ProcEntry = {
    pid,
    ppid: num(4),
    comm,
    ticks: num(14) + num(15),
    childTicks: num(16) + num(17),
    startTime: num(22),
    rssBytes: num(24) * bytesPerPage,
  };
  const numbers = [entry.ppid, entry.ticks, entry.childTicks, entry.startTime, entry.rssBytes];
  return numbers.every(Number.isFinite) ? entry : null;
}

/**
 * One reusable buffer for every stat file: readFileSync (fstat, a fresh Buffer per
 * file) made a 1,000-process scan take 50-100 ms; open/read/close into this takes ~20.
 * A stat line is well under 1 KiB (the command name is at most 15 bytes).
 */
const statBuffer = Buffer.allocUnsafe(4096);

/** The text of /proc/PID/stat now, read into the shared buffer; null when the process is gone. */
export function readStatText(pid: number): string | null {
  return readProcText(`/proc/${pid}/stat`);
}

/**
 * The whole text of a small /proc file (a stat line, a children list), read
 * through the shared buffer; null when it cannot be opened or read (the
 * process is gone).
 */
export function readProcText(path: string): string | null {
  const fd = openProcFile(path);
  if (fd === null) return null;
  try {
    return readOpenProcFile(fd);
  } finally {
    closeSync(fd);
  }
}

/** A /proc file opened for reading; null when it cannot be (the process exited since it was found). */
export function openProcFile(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch {
    return null;
  }
}

/**
 * The whole text of an open /proc file, read from its start (a file kept open
 * shows the figures of now); null when it cannot be read (the process is
 * gone). A children list may outgrow the buffer: it is read on.
 */
export function readOpenProcFile(fd: number): string | null {
  let text = '';
  try {
    // /proc files fill a read as far as they can: only a full buffer may have more behind it.
    let length = statBuffer.length;
    for (let offset = 0; length === statBuffer.length; offset += length) {
      length = readSync(fd, statBuffer, 0, statBuffer.length, offset);
      text += statBuffer.toString('latin1', 0, length);
    }
  } catch {
    return null;
  }
  return text;
}

/** One process's entry now (null when it is gone). */
export function readEntry(pid: number, bytesPerPage: number = pageSize()): ProcEntry | null {
  const text = readStatText(pid);
  return text === null ? null : parseProcStat(pid, text, bytesPerPage);
}

/** Clock ticks since boot, now. */
export function readUptimeTicks(ticksPerSecond: number): number {
  // "350735.47 234388.90": seconds since boot (with centiseconds), then idle time.
  const seconds = Number(readFileSync('/proc/uptime', 'latin1').split(' ')[0]);
  if (!Number.isFinite(seconds)) throw new Error('unreadable /proc/uptime');
  // The epsilon keeps 350735.47 * 100 = 35073546.999… from flooring a tick short.
  return Math.floor(seconds * ticksPerSecond + 1e-6);
}

/** Every pid in /proc (processes only: threads live under /proc/PID/task). */
export function listPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (Number.isInteger(pid) && pid > 0) pids.push(pid);
  }
  return pids;
}
