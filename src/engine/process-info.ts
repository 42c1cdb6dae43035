import type { ProcessInfo } from './events.js';
import type { ManagedProcess } from './managed-process.js';
import { isDone } from './oneshot.js';

/** The snapshot of one process every client sees (ctl, view, API, events). */
export function describeProcess(proc: ManagedProcess): ProcessInfo {
  return {
    name: proc.name,
    program: proc.program.name,
    processName: proc.processName,
    group: proc.group,
    num: proc.num,
    state: proc.machine.state,
    pid: proc.pid,
    description: proc.machine.description,
    startedAt: proc.startedAt,
    restarts: proc.restarts,
    exitCode: proc.exitCode,
    exitSignal: proc.exitSignal,
    lastExitAt: proc.lastExitAt,
    ready: proc.program.readiness === null ? null : proc.ready && proc.child !== null,
    scaledToZero: proc.scaledToZero,
    done: isDone(proc),
  };
}
