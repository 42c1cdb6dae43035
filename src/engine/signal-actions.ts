import { EngineError } from './errors.js';
import type { ActionResult } from '../api/supervisor-api.js';
import type { ManagedProcess } from './managed-process.js';
import { normalizeSignal } from './signals.js';

/** `HUP`, `SIGHUP` or `1` as the signal to send; BAD_SIGNAL names what is not one. */
export function knownSignal(signal: string): NodeJS.Signals {
  const normalized = normalizeSignal(signal);
  if (!normalized) throw new EngineError('BAD_SIGNAL', `unknown signal: ${signal}`);
  return normalized;
}

/** `signal` on one process: to its main pid, or to its whole process group when asked. */
export function signalProcess(proc: ManagedProcess, signal: NodeJS.Signals, toGroup: boolean): ActionResult {
  const sent = proc.signal(signal, toGroup);
  const message = !sent ? 'not running' : toGroup ? `sent ${signal} to its process group` : `sent ${signal}`;
  return { name: proc.name, ok: sent, state: proc.state, message };
}

/**
 * Whether a reload of this process is its program's `reload_signal`
 * (systemd's ExecReload) rather than a restart. Only a RUNNING process is
 * signalled: one still STARTING may not handle the signal yet (HUP's default
 * is to die), and one that runs nothing has nothing to reload, so both
 * restart as a reload without reload_signal does.
 */
export function reloadsBySignal(proc: ManagedProcess): boolean {
  // A prefork program reloads by rolling its workers; the config refuses reload_signal there.
  return proc.program.reloadSignal !== null && proc.program.prefork === null && proc.state === 'RUNNING';
}

/** The reload_signal to the main pid: the program reloads itself and keeps its pid, state and restart count. */
export function sendReloadSignal(proc: ManagedProcess): ActionResult {
  const signal = normalizeSignal(proc.program.reloadSignal ?? '');
  if (signal === null) return { name: proc.name, ok: false, state: proc.state, message: `reload_signal ${proc.program.reloadSignal} is not a signal` };
  return signalProcess(proc, signal, false);
}
