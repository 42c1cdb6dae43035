import type { ActionResult } from '../api/supervisor-api.js';
import type { ManagedProcess } from './managed-process.js';

/** Starts still to be tried after the failed ones in a row (Infinity with `startretries: infinite`). */
function retriesLeft(proc: ManagedProcess): number {
  return proc.program.startretries + 1 - proc.machine.failedStarts;
}

const isRetrying = (proc: ManagedProcess) => proc.state === 'BACKOFF' && retriesLeft(proc) > 0;

/**
 * Resolves once a start has settled: RUNNING, ended as expected, or failed
 * (FATAL, or BACKOFF: as supervisorctl does, a start answers at its first
 * failed attempt instead of after minutes of backoff, and says that retries
 * go on). With `throughRetries`, a BACKOFF is waited out until RUNNING or
 * FATAL: a rolling reload wants the new worker's final word. `pending` says
 * whether the process still waits for its dependencies.
 */
export function settleStart(proc: ManagedProcess, pending: (proc: ManagedProcess) => boolean, options: { throughRetries?: boolean } = {}): Promise<ActionResult> {
  // A start asked for during a stop passes through STOPPED on its way to STARTING: that STOPPED settles nothing.
  const startQueued = (p: ManagedProcess) => p.state === 'STOPPED' && p.machine.startAfterStop;
  const settled = (p: ManagedProcess) =>
    (['RUNNING', 'FATAL', 'EXITED', 'STOPPED'].includes(p.state) && !pending(p) && !startQueued(p)) || (isRetrying(p) && (!options.throughRetries || retriesLeft(p) === Infinity));
  return proc.waitUntil(settled).then(() => {
    const ok = proc.state === 'RUNNING' || (proc.state === 'EXITED' && proc.exitCode !== null && proc.program.exitcodes.includes(proc.exitCode));
    return { name: proc.name, ok, state: proc.state, message: `${proc.machine.description}${describeRetries(proc)}` };
  });
}

function describeRetries(proc: ManagedProcess): string {
  if (!isRetrying(proc)) return '';
  const left = retriesLeft(proc);
  if (left === Infinity) return '; no retry limit';
  return `; ${left} ${left === 1 ? 'retry' : 'retries'} left`;
}
