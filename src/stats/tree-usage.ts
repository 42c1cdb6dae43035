import type { ProcessUsage } from '../api/supervisor-api.js';
import type { ProcEntry, ProcessScan } from './proc-scan.js';
import { treeOf } from './process-tree.js';

/**
 * CPU and memory of one process tree between two scans. Pure: the sampler
 * owns the timer and the scans, this only does the arithmetic.
 */

export interface StatsRoot {
  /** The process's name, `group:process`. */
  name: string;
  pid: number;
}

/** Usage of `root`'s tree as of `current`; null when the root is not alive in it. */
export function measureTree(root: StatsRoot, current: ProcessScan, previous: ProcessScan): ProcessUsage | null {
  const pids = treeOf(current, root.pid);
  if (pids.length === 0) return null;
  let ticks = 0;
  let rssBytes = 0;
  // Only the current tree counts: a descendant that exited since the previous
  // scan is simply absent, never a negative contribution.
  for (const pid of pids) {
    const entry = current.byPid.get(pid);
    if (!entry) continue;
    ticks += ticksSince(entry, previous);
    rssBytes += entry.rssBytes;
  }
  return { name: root.name, pid: root.pid, cpuPercent: cpuPercentOf(ticks, current, previous), rssBytes, pids };
}

/** What one scan tells of a tree without a previous one to compare with. */
export interface TreeTotals {
  rssBytes: number;
  /**
   * CPU time the tree has used so far, in seconds: its live processes' own
   * time plus what they collected from children they reaped, so a child
   * exiting does not make it drop (one reparented out of the tree does).
   */
  cpuSeconds: number;
  pids: number[];
}

/** RSS, CPU time so far and pids of `root`'s tree in one scan; null when the root is not alive in it. */
export function measureTotals(root: StatsRoot, scan: ProcessScan): TreeTotals | null {
  const pids = treeOf(scan, root.pid);
  if (pids.length === 0) return null;
  let rssBytes = 0;
  let ticks = 0;
  for (const pid of pids) {
    const entry = scan.byPid.get(pid);
    rssBytes += entry?.rssBytes ?? 0;
    ticks += entry === undefined ? 0 : entry.ticks + entry.childTicks;
  }
  return { rssBytes, cpuSeconds: ticks / scan.ticksPerSecond, pids };
}

/** CPU ticks `entry` used since `previous` was taken. */
export function ticksSince(entry: ProcEntry, previous: ProcessScan): number {
  const before = previous.byPid.get(entry.pid);
  // (pid, start time) names one process: the same pid with another start time was reused.
  if (before && before.startTime === entry.startTime) return Math.max(0, entry.ticks - before.ticks);
  // Born after the previous scan: all of its CPU time falls in this interval.
  if (entry.startTime >= previous.uptimeTicks) return entry.ticks;
  // Older but unseen (the scan missed it): without a baseline its lifetime total
  // would show as one giant burst, so it counts from the next sample on.
  return 0;
}

function cpuPercentOf(ticks: number, current: ProcessScan, previous: ProcessScan): number {
  const elapsedSeconds = (current.at - previous.at) / 1000;
  if (elapsedSeconds <= 0) return 0;
  return Math.max(0, (ticks * 100) / (current.ticksPerSecond * elapsedSeconds));
}
