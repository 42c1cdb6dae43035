import { readStatText, splitStat } from '../stats/proc-scan.js';

/**
 * Reads of /proc, the engine's only source of truth about processes it did not
 * spawn in this run (survivors of a killed supervisor). Linux only.
 */

export interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  session: number;
  /** Start time in clock ticks since boot: with the pid, it identifies a process uniquely. */
  startTime: number;
}

export function readProcStat(pid: number): ProcStat | null {
  const text = readStatText(pid);
  const stat = text === null ? null : splitStat(text);
  if (!stat) return null;
  const num = (field: number) => Number(stat.fields[field - 3]);
  return { pid, ppid: num(4), pgrp: num(5), session: num(6), startTime: num(22) };
}

/** True when `pid` is alive and is the same process that started at `startTime`. */
export function isSameProcess(pid: number, startTime: number): boolean {
  const stat = readProcStat(pid);
  return stat !== null && stat.startTime === startTime;
}

/**
 * True when the kernel no longer has `pid` as a child of `parentPid`: no
 * /proc entry at all, or the pid now names a process with another parent (it
 * was reused). A zombie of `parentPid` is not gone: its parent will reap it
 * and report the exit.
 */
export function isChildGone(pid: number, parentPid: number): boolean {
  const text = readStatText(pid);
  if (text === null) return true;
  // Read here rather than with splitStat, which hides zombies: field 4 (ppid) follows the state.
  const ppid = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
  return ppid !== parentPid;
}
