import type { ProgramConfig } from '../config/runtime.js';
import type { ProcessStatus } from '../api/supervisor-api.js';
import { isDone } from './oneshot.js';
import { isLive } from './process-state.js';
import type { ProcessState } from '../api/process-state.js';

/**
 * What describeProcess reads of a process. Declared here rather than taken
 * from ManagedProcess, which calls describeProcess: neither file imports the other's.
 */
export interface DescribedProcess {
  readonly name: string;
  readonly program: Pick<ProgramConfig, 'name' | 'readiness' | 'oneshot' | 'exitcodes'>;
  readonly processName: string;
  readonly group: string;
  readonly num: number;
  readonly machine: { readonly state: ProcessState; readonly description: string };
  readonly state: ProcessState;
  readonly pid: number | null;
  readonly child: unknown;
  readonly startedAt: number | null;
  readonly restarts: number;
  readonly exitCode: number | null;
  readonly exitSignal: string | null;
  readonly lastExitAt: number | null;
  readonly ready: boolean;
  readonly scaledToZero: boolean;
}

/** A process tree's figures, as the engine's usage lookup reports them. */
export type UsageFigures = Pick<ProcessStatus, 'cpuPercent' | 'rssBytes' | 'cpuSeconds'>;

const NO_FIGURES: UsageFigures = { cpuPercent: null, rssBytes: null, cpuSeconds: null };

/**
 * The snapshot of one process every client sees (ctl, view, API, events).
 * Figures come from a usage lookup (a /proc scan), which events do not pay for: null there.
 */
export function describeProcess(proc: DescribedProcess, figures: UsageFigures = NO_FIGURES, now = Date.now()): ProcessStatus {
  const state = proc.machine.state;
  return {
    name: proc.name,
    program: proc.program.name,
    processName: proc.processName,
    group: proc.group,
    num: proc.num,
    state,
    pid: proc.pid,
    description: proc.machine.description,
    restarts: proc.restarts,
    exitCode: proc.exitCode,
    exitSignal: proc.exitSignal,
    uptimeMs: isLive(state) && proc.startedAt !== null ? Math.max(0, now - proc.startedAt) : 0,
    startedAt: proc.startedAt,
    lastExitAt: proc.lastExitAt,
    ready: proc.program.readiness === null ? null : proc.ready && proc.child !== null,
    cpuPercent: figures.cpuPercent,
    rssBytes: figures.rssBytes,
    cpuSeconds: figures.cpuSeconds,
    scaledToZero: proc.scaledToZero,
    done: isDone(proc),
  };
}

/** A described process with its tree's figures from the engine's usage lookup; unchanged when the lookup has none. */
export function withFigures(status: ProcessStatus, figures: UsageFigures | undefined): ProcessStatus {
  if (!figures) return status;
  return { ...status, cpuPercent: figures.cpuPercent, rssBytes: figures.rssBytes, cpuSeconds: figures.cpuSeconds };
}
