import { ProcessState } from '../api/process-state.js';
import { backoffDelayMs, isExpectedExit, shouldRestartAfterExit, type RestartPolicy } from './restart-policy.js';

/**
 * The pure heart of the engine: every supervisord restart rule lives here, as
 * `transition(machine, event, policy) → { machine, effects }`. The code that owns
 * timers and child processes (ManagedProcess) only carries out the effects, so
 * this file can be tested exhaustively with a table and no real time.
 */

export interface Machine {
  state: ProcessState;
  /** Failed starts in a row; reset once a process reaches RUNNING or is started by hand. */
  failedStarts: number;
  /** Why the process is in this state, for people (spawn error, exit status, …). */
  description: string;
  /** True once a stop was asked for, so the exit that follows is not a crash. */
  stopRequested: boolean;
  /** Set when a start was asked for during a stop: the process starts again as soon as the stop completes. */
  startAfterStop: boolean;
}

export type MachineEvent =
  | { kind: 'start' }
  | { kind: 'stop' }
  | { kind: 'spawned'; pid: number }
  | { kind: 'spawnFailed'; reason: string }
  | { kind: 'startsecsElapsed' }
  /** A process with readyTimeoutMs said it is ready; `why` describes it. */
  | { kind: 'ready'; why: string }
  | { kind: 'exited'; code: number | null; signal: string | null }
  | { kind: 'backoffElapsed' }
  | { kind: 'stopTimeout' }
  /** Follow-up of the last failed start (see the `next` effect): BACKOFF → FATAL, `why` for the description. */
  | { kind: 'giveUp'; why: string }
  /** Follow-up of an exit that autorestart restarts: EXITED → STARTING. */
  | { kind: 'autorestart' };

export type TimerName = 'startsecs' | 'backoff' | 'stopTimeout';

export type Effect =
  | { kind: 'spawn' }
  | { kind: 'sendStopSignal' }
  | { kind: 'kill' }
  | { kind: 'startTimer'; timer: TimerName; ms: number }
  | { kind: 'cancelTimer'; timer: TimerName }
  /**
   * Apply `event` once the new state has been entered and announced.
   * supervisord passes through states on the way to others (BACKOFF before
   * FATAL, EXITED before an autorestart, STOPPED before a queued start), and
   * scripts and event listeners wait for them, so each is a state of its own.
   */
  | { kind: 'next'; event: MachineEvent };

export interface Transition {
  machine: Machine;
  effects: Effect[];
}

export function initialMachine(): Machine {
  return { state: 'STOPPED', failedStarts: 0, description: 'not started', stopRequested: false, startAfterStop: false };
}

export function describeExit(code: number | null, signal: string | null): string {
  return signal !== null ? `killed by SIG${signal.replace(/^SIG/, '')}` : `exit status ${code ?? 'unknown'}`;
}

const unchanged = (machine: Machine): Transition => ({ machine, effects: [] });

/** `why` says what started it: a request, autorestart, or a retry after backoff. */
function beginStart(machine: Machine, resetRetries: boolean, why = 'starting'): Transition {
  return {
    machine: {
      ...machine,
      state: 'STARTING',
      failedStarts: resetRetries ? 0 : machine.failedStarts,
      description: why,
      stopRequested: false,
      startAfterStop: false,
    },
    effects: [{ kind: 'spawn' }],
  };
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * A start that did not last startsecs: BACKOFF, then a retry after a delay,
 * or, past startretries, straight on to FATAL (supervisord shows that last
 * BACKOFF too).
 */
function failStart(machine: Machine, policy: RestartPolicy, why: string): Transition {
  const failedStarts = machine.failedStarts + 1;
  if (failedStarts > policy.startretries) {
    return {
      machine: { ...machine, state: 'BACKOFF', failedStarts, description: `${why}; no retries left` },
      effects: [
        { kind: 'cancelTimer', timer: 'startsecs' },
        { kind: 'next', event: { kind: 'giveUp', why: `${why}; gave up after ${plural(failedStarts, 'failed start')}` } },
      ],
    };
  }
  const delay = backoffDelayMs(failedStarts);
  return {
    machine: { ...machine, state: 'BACKOFF', failedStarts, description: `${why}; retrying in ${delay / 1000}s` },
    effects: [
      { kind: 'cancelTimer', timer: 'startsecs' },
      { kind: 'startTimer', timer: 'backoff', ms: delay },
    ],
  };
}

function beginStop(machine: Machine, policy: RestartPolicy): Transition {
  const signal = `SIG${policy.stopsignal.toUpperCase().replace(/^SIG/, '')}`;
  const description = `stopping with ${signal}, SIGKILL after ${policy.stopwaitsecsMs / 1000}s`;
  return {
    machine: { ...machine, state: 'STOPPING', description, stopRequested: true, startAfterStop: false },
    effects: [{ kind: 'cancelTimer', timer: 'startsecs' }, { kind: 'sendStopSignal' }, { kind: 'startTimer', timer: 'stopTimeout', ms: policy.stopwaitsecsMs }],
  };
}

function onStart(machine: Machine): Transition {
  switch (machine.state) {
    case 'STOPPED':
    case 'EXITED':
    case 'FATAL':
      return beginStart(machine, true);
    case 'BACKOFF': {
      const started = beginStart(machine, true);
      return { ...started, effects: [{ kind: 'cancelTimer', timer: 'backoff' }, ...started.effects] };
    }
    case 'STARTING':
    case 'RUNNING':
      return unchanged(machine);
    case 'STOPPING':
      // A start asked for during a stop is honoured once the old process is gone.
      return unchanged({ ...machine, startAfterStop: true });
  }
}

function onExited(machine: Machine, policy: RestartPolicy, code: number | null, signal: string | null): Transition {
  const how = describeExit(code, signal);
  switch (machine.state) {
    case 'STOPPING': {
      const effects: Effect[] = [{ kind: 'cancelTimer', timer: 'stopTimeout' }];
      // A start asked for during the stop: STOPPED first, as supervisorctl's stop then start.
      if (machine.startAfterStop) effects.push({ kind: 'next', event: { kind: 'start' } });
      return { machine: { ...machine, state: 'STOPPED', description: `stopped (${how})`, stopRequested: false }, effects };
    }
    case 'STARTING':
      if (policy.oneshot) return finishOneshot(machine, policy, code, signal);
      return failStart(machine, policy, `exited too quickly (${how})`);
    case 'RUNNING': {
      const expected = isExpectedExit(policy, code, signal) ? 'expected' : 'not expected';
      const exited: Machine = { ...machine, state: 'EXITED', description: `${how}; ${expected}` };
      if (!shouldRestartAfterExit(policy, code, signal)) return unchanged(exited);
      return { machine: exited, effects: [{ kind: 'next', event: { kind: 'autorestart' } }] };
    }
    default:
      // An exit we already accounted for (e.g. a late notification): nothing to do.
      return unchanged(machine);
  }
}

/** A one-shot's run ended: done when the exit is expected, else a failed start, retried per startretries. */
function finishOneshot(machine: Machine, policy: RestartPolicy, code: number | null, signal: string | null): Transition {
  const how = describeExit(code, signal);
  if (!isExpectedExit(policy, code, signal)) return failStart(machine, policy, `failed (${how})`);
  return { machine: { ...machine, state: 'EXITED', failedStarts: 0, description: `done (${how})` }, effects: [{ kind: 'cancelTimer', timer: 'startsecs' }] };
}

export function transition(machine: Machine, event: MachineEvent, policy: RestartPolicy): Transition {
  switch (event.kind) {
    case 'start':
      return onStart(machine);
    case 'stop':
      switch (machine.state) {
        case 'STARTING':
        case 'RUNNING':
          return beginStop(machine, policy);
        case 'BACKOFF':
          return {
            machine: { ...machine, state: 'STOPPED', description: 'stopped while backing off' },
            effects: [{ kind: 'cancelTimer', timer: 'backoff' }],
          };
        case 'STOPPING':
          return unchanged({ ...machine, startAfterStop: false });
        default:
          return unchanged(machine);
      }
    case 'spawned':
      if (machine.state !== 'STARTING') return unchanged(machine);
      if (policy.oneshot) return unchanged({ ...machine, description: `pid ${event.pid}, running once` });
      if (policy.readyTimeoutMs !== undefined) {
        return {
          machine: { ...machine, description: `pid ${event.pid}, waiting up to ${policy.readyTimeoutMs}ms for it to be ready` },
          effects: [{ kind: 'startTimer', timer: 'startsecs', ms: policy.readyTimeoutMs }],
        };
      }
      if (policy.startsecsMs <= 0) {
        return { machine: { ...machine, state: 'RUNNING', failedStarts: 0, description: `pid ${event.pid}` }, effects: [] };
      }
      return {
        machine: { ...machine, description: `pid ${event.pid}, waiting ${policy.startsecsMs}ms to call it started` },
        effects: [{ kind: 'startTimer', timer: 'startsecs', ms: policy.startsecsMs }],
      };
    case 'spawnFailed':
      if (machine.state !== 'STARTING') return unchanged(machine);
      return failStart(machine, policy, `spawn failed: ${event.reason}`);
    case 'startsecsElapsed':
      if (machine.state !== 'STARTING') return unchanged(machine);
      if (policy.readyTimeoutMs !== undefined) {
        // Not ready in time: kill it; its exit in STARTING is a failed start.
        return { machine: { ...machine, description: `not ready within ${policy.readyTimeoutMs}ms: killing it` }, effects: [{ kind: 'kill' }] };
      }
      return {
        machine: { ...machine, state: 'RUNNING', failedStarts: 0, description: `up for ${policy.startsecsMs}ms` },
        effects: [],
      };
    case 'ready':
      if (machine.state !== 'STARTING' || policy.readyTimeoutMs === undefined) return unchanged(machine);
      return { machine: { ...machine, state: 'RUNNING', failedStarts: 0, description: event.why }, effects: [{ kind: 'cancelTimer', timer: 'startsecs' }] };
    case 'exited':
      return onExited(machine, policy, event.code, event.signal);
    case 'backoffElapsed': {
      if (machine.state !== 'BACKOFF') return unchanged(machine);
      const attempts = policy.startretries + 1;
      return beginStart(machine, false, `attempt ${machine.failedStarts + 1}${Number.isFinite(attempts) ? ` of ${attempts}` : ''}`);
    }
    case 'giveUp':
      return machine.state === 'BACKOFF' ? { machine: { ...machine, state: 'FATAL', description: event.why }, effects: [] } : unchanged(machine);
    case 'autorestart':
      return machine.state === 'EXITED' ? beginStart(machine, true, 'autorestart') : unchanged(machine);
    case 'stopTimeout':
      if (machine.state !== 'STOPPING') return unchanged(machine);
      return {
        machine: { ...machine, description: `did not stop within ${policy.stopwaitsecsMs}ms; killing` },
        effects: [{ kind: 'kill' }],
      };
  }
}
