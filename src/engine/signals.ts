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
  const name = signal.toUpperCase().startsWith('SIG') ? signal.toUpperCase() : `SIG${signal.toUpperCase()}`;
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

/**
 * SIGKILL to each process group, for when the user will not wait for an
 * orderly stop. A group that is gone, or that refuses (EPERM: a member now
 * runs as another user), must not spare the groups after it.
 */
export function killGroups(pids: Iterable<number>): void {
  for (const pid of pids) {
    try {
      sendSignal(pid, 'SIGKILL', true);
    } catch {
      // EPERM: nothing more this supervisor can do for that group.
    }
  }
}

/** Stop signals not to follow with SIGCONT: it would undo the stopping ones, and adds nothing to CONT or KILL. */
const JOB_CONTROL = new Set<NodeJS.Signals>(['SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGCONT', 'SIGKILL']);

/** The signals a stop sends, in order (see sendStopSignal); drover-spawner sends them for an armed child. */
export function stopSignalSequence(signal: NodeJS.Signals): NodeJS.Signals[] {
  return JOB_CONTROL.has(signal) ? [signal] : [signal, 'SIGCONT'];
}

/**
 * Sends a program's stop signal, then SIGCONT (as systemd does). A process
 * stopped by SIGSTOP or a terminal's SIGTSTP keeps a caught signal pending
 * until it is continued: without the SIGCONT its stop would wait out
 * stopwaitsecs and end in SIGKILL, never shutting down gracefully.
 */
export function sendStopSignal(pid: number, signal: NodeJS.Signals, toGroup: boolean): boolean {
  const [first, ...rest] = stopSignalSequence(signal);
  const sent = sendSignal(pid, first!, toGroup);
  if (sent) for (const follow of rest) sendSignal(pid, follow, toGroup);
  return sent;
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
