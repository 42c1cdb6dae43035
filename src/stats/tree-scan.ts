import { existsSync, readdirSync } from 'node:fs';
import { HeldProcFiles } from './held-proc-files.js';
import { beginScan, entryOf, linkChild, readProcText, scanProcesses, splitStat, type ProcEntry, type ProcessScan } from './proc-scan.js';

/**
 * A scan of the supervised trees only, walked down from their roots through
 * /proc/PID/task/TID/children, instead of a stat read for every process on
 * the host: a `ctl status` of 200 programs on a host of 700 processes read 700
 * stat files, and opening /proc files is most of a scan's time. The result
 * has the shape of a full scan restricted to those trees, so the tree figures
 * are computed exactly as from a full one.
 */

/** Takes a scan that holds at least the trees of `rootPids`; release() lets go of what it keeps between scans. */
export type TreeScanner = ((rootPids: readonly number[]) => ProcessScan) & { release?: () => void };

/** How a walk reads a process's /proc files: afresh each time, or through files kept open (HeldProcFiles). */
export interface ProcFileReader {
  stat(pid: number): string | null;
  children(pid: number, tid: number): string | null;
}

const freshReads: ProcFileReader = {
  stat: (pid) => readProcText(`/proc/${pid}/stat`),
  children: (pid, tid) => readProcText(`/proc/${pid}/task/${tid}/children`),
};

/** The tree walk where the kernel has children files (CONFIG_PROC_CHILDREN), through files it keeps open; else the full scan. */
export function scannerFor(childrenFiles: boolean): TreeScanner {
  return childrenFiles ? heldTreeScanner(new HeldProcFiles()) : () => scanProcesses();
}

/** scanTrees through `files`, closing after each scan what it no longer reads. */
export function heldTreeScanner(files: HeldProcFiles): TreeScanner {
  const scanner: TreeScanner = (rootPids) => {
    try {
      return scanTrees(rootPids, files);
    } finally {
      files.endScan();
    }
  };
  scanner.release = () => files.close();
  return scanner;
}

/** A scanner for this kernel: what a sampler uses (each its own, as it holds files). */
export function pickScanner(): TreeScanner {
  return scannerFor(hasChildrenFiles());
}

/** Whether this kernel lists a task's children in /proc/PID/task/TID/children. */
export function hasChildrenFiles(): boolean {
  return existsSync(`/proc/self/task/${process.pid}/children`);
}

/** The processes of each root's tree, and who forked whom among them; a root that is gone is absent. */
export function scanTrees(rootPids: readonly number[], files: ProcFileReader = freshReads): ProcessScan {
  const { scan, bytesPerPage } = beginScan();
  const { byPid, childrenOf } = scan;
  // The array grows while it is walked: the breadth-first queue. A pid reused
  // during the walk could loop the links, so each pid is queued once.
  const queue = [...new Set(rootPids)];
  const queued = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    const pid = queue[i] as number;
    const found = readProcess(pid, bytesPerPage, files);
    if (!found) continue;
    byPid.set(pid, found.entry);
    for (const child of found.children) {
      if (queued.has(child)) continue;
      queued.add(child);
      queue.push(child);
    }
  }
  // Links only between processes read: one gone mid-walk, or a zombie, is in neither map, as in a full scan.
  for (const entry of byPid.values()) if (byPid.has(entry.ppid)) linkChild(childrenOf, entry.ppid, entry.pid);
  return scan;
}

/** A process's entry and the pids its threads forked; null when it is gone or a zombie. */
function readProcess(pid: number, bytesPerPage: number, files: ProcFileReader): { entry: ProcEntry; children: number[] } | null {
  const text = files.stat(pid);
  const stat = text === null ? null : splitStat(text);
  const entry = stat && entryOf(pid, stat, bytesPerPage);
  if (!stat || !entry) return null;
  // Field 20, num_threads: a child is listed under the thread that forked it, and most programs have one.
  const threads = Number(stat.fields[17]);
  const tids = threads === 1 ? [pid] : listTasks(pid);
  const children: number[] = [];
  for (const tid of tids) {
    const list = files.children(pid, tid);
    // "812 813 ": pids, each followed by a space.
    if (list) for (const child of list.split(' ')) if (child.trim() !== '') children.push(Number(child));
  }
  return { entry, children };
}

function listTasks(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return []; // exited since its stat was read
  }
}
