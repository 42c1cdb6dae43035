import { readFileSync } from 'node:fs';
import { listPids } from '../stats/proc-scan.js';

export { listPids };

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
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state); field N is fields[N - 3].
  const num = (field: number) => Number(fields[field - 3]);
  if (fields[0] === 'Z') return null; // a zombie is already dead; only its parent can reap it
  return { pid, ppid: num(4), pgrp: num(5), session: num(6), startTime: num(22) };
}


/** True when `pid` is alive and is the same process that started at `startTime`. */
export function isSameProcess(pid: number, startTime: number): boolean {
  const stat = readProcStat(pid);
  return stat !== null && stat.startTime === startTime;
}
