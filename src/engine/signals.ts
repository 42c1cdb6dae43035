import { constants } from 'node:os';

/**
 * The one module that sends signals. Process groups first: every child runs in
 * its own session and group (pgid = pid), so signalling `-pid` reaches what it forked.
 */

const SIGNALS = constants.signals as Record<string, number>;

/** `TERM`, `SIGTERM` or `15` → `SIGTERM`; null when it is not a signal. */
export function normalizeSignal(signal: string | number): NodeJS.Signals | null {
  if (typeof signal === 'number' || /^\d+$/.test(signal)) {
    const num = Number(signal);
    const name = Object.keys(SIGNALS).find((key) => SIGNALS[key] === num);
    return (name as NodeJS.Signals | undefined) ?? null;
  }
  const name = (signal.toUpperCase().startsWith('SIG') ? signal.toUpperCase() : `SIG${signal.toUpperCase()}`);
  return name in SIGNALS ? (name as NodeJS.Signals) : null;
}

/** Sends a signal; a process that is already gone is not an error. */
export function sendSignal(pid: number, signal: NodeJS.Signals, toGroup: boolean): boolean {
  try {
    process.kill(toGroup ? -pid : pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** True when the process group still has members. */
export function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
