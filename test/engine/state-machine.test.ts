import { describe, expect, it } from 'vitest';
import type { ProcessState } from '../../src/api/process-state.js';
import { backoffDelayMs, MAX_BACKOFF_MS, type RestartPolicy } from '../../src/engine/restart-policy.js';
import { initialMachine, transition, type Effect, type Machine, type MachineEvent } from '../../src/engine/state-machine.js';

const policy: RestartPolicy = { startsecsMs: 1000, startretries: 3, autorestart: 'unexpected', exitcodes: [0], stopsignal: 'TERM', stopwaitsecsMs: 10_000 };

function machine(state: ProcessState, extra: Partial<Machine> = {}): Machine {
  return { ...initialMachine(), state, ...extra };
}

const spawn: Effect = { kind: 'spawn' };
const stopSignal: Effect = { kind: 'sendStopSignal' };
const stopTimer: Effect = { kind: 'startTimer', timer: 'stopTimeout', ms: 10_000 };
const cancelStartsecs: Effect = { kind: 'cancelTimer', timer: 'startsecs' };
const autorestart: Effect = { kind: 'next', event: { kind: 'autorestart' } };
const giveUp = (why: string): Effect => ({ kind: 'next', event: { kind: 'giveUp', why } });

interface Row {
  name: string;
  from: Machine;
  event: MachineEvent;
  policy?: Partial<RestartPolicy>;
  to: ProcessState;
  effects: Effect[];
  failedStarts?: number;
  startAfterStop?: boolean;
  description?: RegExp;
}

const rows: Row[] = [
  // start from every resting state
  { name: 'STOPPED start', from: machine('STOPPED'), event: { kind: 'start' }, to: 'STARTING', effects: [spawn] },
  { name: 'EXITED start', from: machine('EXITED'), event: { kind: 'start' }, to: 'STARTING', effects: [spawn] },
  { name: 'FATAL start resets retries', from: machine('FATAL', { failedStarts: 4 }), event: { kind: 'start' }, to: 'STARTING', effects: [spawn], failedStarts: 0 },
  {
    name: 'BACKOFF start cancels the wait',
    from: machine('BACKOFF', { failedStarts: 2 }),
    event: { kind: 'start' },
    to: 'STARTING',
    effects: [{ kind: 'cancelTimer', timer: 'backoff' }, spawn],
    failedStarts: 0,
  },
  { name: 'RUNNING start is a no-op', from: machine('RUNNING'), event: { kind: 'start' }, to: 'RUNNING', effects: [] },
  { name: 'STARTING start is a no-op', from: machine('STARTING'), event: { kind: 'start' }, to: 'STARTING', effects: [] },
  { name: 'STOPPING start queues a start', from: machine('STOPPING'), event: { kind: 'start' }, to: 'STOPPING', effects: [], startAfterStop: true },
  // spawn outcomes
  {
    name: 'spawned waits startsecs',
    from: machine('STARTING'),
    event: { kind: 'spawned', pid: 42 },
    to: 'STARTING',
    effects: [{ kind: 'startTimer', timer: 'startsecs', ms: 1000 }],
  },
  {
    name: 'spawned with startsecs 0 is RUNNING at once',
    from: machine('STARTING', { failedStarts: 2 }),
    event: { kind: 'spawned', pid: 42 },
    policy: { startsecsMs: 0 },
    to: 'RUNNING',
    effects: [],
    failedStarts: 0,
  },
  { name: 'startsecs elapsed → RUNNING', from: machine('STARTING', { failedStarts: 2 }), event: { kind: 'startsecsElapsed' }, to: 'RUNNING', effects: [], failedStarts: 0 },
  // processes that say when they are ready (prefork workers)
  {
    name: 'spawned with readyTimeout waits for ready, even with startsecs 0',
    from: machine('STARTING'),
    event: { kind: 'spawned', pid: 42 },
    policy: { startsecsMs: 0, readyTimeoutMs: 5000 },
    to: 'STARTING',
    effects: [{ kind: 'startTimer', timer: 'startsecs', ms: 5000 }],
    description: /waiting up to 5000ms for it to be ready/,
  },
  {
    name: 'ready → RUNNING',
    from: machine('STARTING', { failedStarts: 2 }),
    event: { kind: 'ready', why: 'ready after 80ms' },
    policy: { readyTimeoutMs: 5000 },
    to: 'RUNNING',
    effects: [cancelStartsecs],
    failedStarts: 0,
    description: /ready after 80ms/,
  },
  {
    name: 'not ready in time → killed, still STARTING',
    from: machine('STARTING'),
    event: { kind: 'startsecsElapsed' },
    policy: { readyTimeoutMs: 5000 },
    to: 'STARTING',
    effects: [{ kind: 'kill' }],
    description: /not ready within 5000ms/,
  },
  { name: 'ready without readyTimeout is ignored', from: machine('STARTING'), event: { kind: 'ready', why: 'x' }, to: 'STARTING', effects: [] },
  {
    name: 'spawn failure → BACKOFF naming the cause',
    from: machine('STARTING'),
    event: { kind: 'spawnFailed', reason: 'command not found: nope is not in PATH' },
    to: 'BACKOFF',
    effects: [cancelStartsecs, { kind: 'startTimer', timer: 'backoff', ms: 1000 }],
    failedStarts: 1,
    description: /spawn failed: command not found: nope/,
  },
  {
    name: 'early exit → BACKOFF, delay grows',
    from: machine('STARTING', { failedStarts: 1 }),
    event: { kind: 'exited', code: 1, signal: null },
    to: 'BACKOFF',
    effects: [cancelStartsecs, { kind: 'startTimer', timer: 'backoff', ms: 2000 }],
    failedStarts: 2,
    description: /exited too quickly \(exit status 1\)/,
  },
  // supervisord goes through BACKOFF even on the last failure, then gives up: STARTING → BACKOFF → FATAL.
  {
    name: 'early exit past startretries → BACKOFF, then give up',
    from: machine('STARTING', { failedStarts: 3 }),
    event: { kind: 'exited', code: 1, signal: null },
    to: 'BACKOFF',
    effects: [cancelStartsecs, giveUp('exited too quickly (exit status 1); gave up after 4 failed starts')],
    failedStarts: 4,
    description: /exited too quickly \(exit status 1\); no retries left/,
  },
  {
    name: 'startretries 0: first failure is BACKOFF, then give up',
    from: machine('STARTING'),
    event: { kind: 'exited', code: 0, signal: null },
    policy: { startretries: 0 },
    to: 'BACKOFF',
    effects: [cancelStartsecs, giveUp('exited too quickly (exit status 0); gave up after 1 failed start')],
    failedStarts: 1,
  },
  {
    name: 'spawn failure past startretries → BACKOFF, then give up',
    from: machine('STARTING'),
    event: { kind: 'spawnFailed', reason: 'directory /x does not exist' },
    policy: { startretries: 0 },
    to: 'BACKOFF',
    effects: [cancelStartsecs, giveUp('spawn failed: directory /x does not exist; gave up after 1 failed start')],
    failedStarts: 1,
  },
  {
    name: 'give up → FATAL',
    from: machine('BACKOFF', { failedStarts: 4 }),
    event: { kind: 'giveUp', why: 'exited too quickly (exit status 1); gave up after 4 failed starts' },
    to: 'FATAL',
    effects: [],
    failedStarts: 4,
    description: /^exited too quickly \(exit status 1\); gave up after 4 failed starts$/,
  },
  { name: 'give up after a stop changes nothing', from: machine('STOPPED'), event: { kind: 'giveUp', why: 'x' }, to: 'STOPPED', effects: [] },
  {
    name: 'infinite retries never FATAL',
    from: machine('STARTING', { failedStarts: 500 }),
    event: { kind: 'exited', code: 1, signal: null },
    policy: { startretries: Infinity },
    to: 'BACKOFF',
    effects: [cancelStartsecs, { kind: 'startTimer', timer: 'backoff', ms: MAX_BACKOFF_MS }],
    failedStarts: 501,
  },
  {
    name: 'backoff elapsed → STARTING keeps the count',
    from: machine('BACKOFF', { failedStarts: 2 }),
    event: { kind: 'backoffElapsed' },
    to: 'STARTING',
    effects: [spawn],
    failedStarts: 2,
    description: /^attempt 3 of 4$/,
  },
  // exits while running
  // supervisord shows EXITED before an autorestart: RUNNING → EXITED → STARTING.
  {
    name: 'unexpected exit code: EXITED, then autorestart',
    from: machine('RUNNING'),
    event: { kind: 'exited', code: 3, signal: null },
    to: 'EXITED',
    effects: [autorestart],
    description: /^exit status 3; not expected$/,
  },
  {
    name: 'expected exit code stays EXITED',
    from: machine('RUNNING'),
    event: { kind: 'exited', code: 0, signal: null },
    to: 'EXITED',
    effects: [],
    description: /^exit status 0; expected$/,
  },
  {
    name: 'death by signal is unexpected',
    from: machine('RUNNING'),
    event: { kind: 'exited', code: null, signal: 'SIGKILL' },
    to: 'EXITED',
    effects: [autorestart],
    description: /^killed by SIGKILL; not expected$/,
  },
  {
    name: 'autorestart false: EXITED',
    from: machine('RUNNING'),
    event: { kind: 'exited', code: 3, signal: null },
    policy: { autorestart: false },
    to: 'EXITED',
    effects: [],
    description: /exit status 3; not expected/,
  },
  {
    name: 'autorestart true: restarts on expected exit',
    from: machine('RUNNING'),
    event: { kind: 'exited', code: 0, signal: null },
    policy: { autorestart: true },
    to: 'EXITED',
    effects: [autorestart],
    description: /exit status 0; expected/,
  },
  { name: 'custom exitcodes', from: machine('RUNNING'), event: { kind: 'exited', code: 2, signal: null }, policy: { exitcodes: [0, 2] }, to: 'EXITED', effects: [] },
  {
    name: 'autorestart from EXITED starts with fresh retries',
    from: machine('EXITED', { failedStarts: 2 }),
    event: { kind: 'autorestart' },
    to: 'STARTING',
    effects: [spawn],
    failedStarts: 0,
    description: /^autorestart$/,
  },
  { name: 'autorestart after a stop changes nothing', from: machine('STOPPED'), event: { kind: 'autorestart' }, to: 'STOPPED', effects: [] },
  // one-shots (type: oneshot): STARTING while they run, as systemd's "activating"; done at an expected exit
  {
    name: 'oneshot spawned stays STARTING, no startsecs',
    from: machine('STARTING'),
    event: { kind: 'spawned', pid: 42 },
    policy: { oneshot: true },
    to: 'STARTING',
    effects: [],
    description: /^pid 42, running once$/,
  },
  {
    name: 'oneshot expected exit → EXITED, done, retries reset',
    from: machine('STARTING', { failedStarts: 2 }),
    event: { kind: 'exited', code: 0, signal: null },
    policy: { oneshot: true },
    to: 'EXITED',
    effects: [cancelStartsecs],
    failedStarts: 0,
    description: /^done \(exit status 0\)$/,
  },
  {
    name: 'oneshot exit code listed in exitcodes is done',
    from: machine('STARTING'),
    event: { kind: 'exited', code: 2, signal: null },
    policy: { oneshot: true, exitcodes: [0, 2] },
    to: 'EXITED',
    effects: [cancelStartsecs],
  },
  {
    name: 'oneshot unexpected exit → BACKOFF, a failed start',
    from: machine('STARTING'),
    event: { kind: 'exited', code: 3, signal: null },
    policy: { oneshot: true },
    to: 'BACKOFF',
    effects: [cancelStartsecs, { kind: 'startTimer', timer: 'backoff', ms: 1000 }],
    failedStarts: 1,
    description: /^failed \(exit status 3\); retrying in 1s$/,
  },
  {
    name: 'oneshot killed by a signal fails',
    from: machine('STARTING'),
    event: { kind: 'exited', code: null, signal: 'SIGKILL' },
    policy: { oneshot: true, startretries: 0 },
    to: 'BACKOFF',
    effects: [cancelStartsecs, giveUp('failed (killed by SIGKILL); gave up after 1 failed start')],
    failedStarts: 1,
  },
  { name: 'oneshot done then started again runs again', from: machine('EXITED'), event: { kind: 'start' }, policy: { oneshot: true }, to: 'STARTING', effects: [spawn] },
  // stopping
  {
    name: 'RUNNING stop',
    from: machine('RUNNING'),
    event: { kind: 'stop' },
    to: 'STOPPING',
    effects: [cancelStartsecs, stopSignal, stopTimer],
    description: /^stopping with SIGTERM, SIGKILL after 10s$/,
  },
  { name: 'STARTING stop', from: machine('STARTING'), event: { kind: 'stop' }, to: 'STOPPING', effects: [cancelStartsecs, stopSignal, stopTimer] },
  { name: 'BACKOFF stop', from: machine('BACKOFF'), event: { kind: 'stop' }, to: 'STOPPED', effects: [{ kind: 'cancelTimer', timer: 'backoff' }] },
  { name: 'STOPPED stop is a no-op', from: machine('STOPPED'), event: { kind: 'stop' }, to: 'STOPPED', effects: [] },
  { name: 'FATAL stop is a no-op', from: machine('FATAL'), event: { kind: 'stop' }, to: 'FATAL', effects: [] },
  {
    name: 'STOPPING stop cancels a queued start',
    from: machine('STOPPING', { startAfterStop: true }),
    event: { kind: 'stop' },
    to: 'STOPPING',
    effects: [],
    startAfterStop: false,
  },
  {
    name: 'stop timeout kills',
    from: machine('STOPPING'),
    event: { kind: 'stopTimeout' },
    to: 'STOPPING',
    effects: [{ kind: 'kill' }],
    description: /did not stop within 10000ms/,
  },
  {
    name: 'exit while STOPPING → STOPPED, never a crash',
    from: machine('STOPPING', { stopRequested: true }),
    event: { kind: 'exited', code: null, signal: 'SIGTERM' },
    to: 'STOPPED',
    effects: [{ kind: 'cancelTimer', timer: 'stopTimeout' }],
  },
  // A start asked for during a stop goes STOPPING → STOPPED → STARTING, as supervisorctl's stop then start.
  {
    name: 'queued start: exit while STOPPING is STOPPED, then starts again',
    from: machine('STOPPING', { startAfterStop: true }),
    event: { kind: 'exited', code: 0, signal: null },
    to: 'STOPPED',
    effects: [
      { kind: 'cancelTimer', timer: 'stopTimeout' },
      { kind: 'next', event: { kind: 'start' } },
    ],
  },
  // late or stray events change nothing
  { name: 'stray startsecs in RUNNING', from: machine('RUNNING'), event: { kind: 'startsecsElapsed' }, to: 'RUNNING', effects: [] },
  { name: 'stray backoff in STOPPED', from: machine('STOPPED'), event: { kind: 'backoffElapsed' }, to: 'STOPPED', effects: [] },
  { name: 'stray stop timeout in STOPPED', from: machine('STOPPED'), event: { kind: 'stopTimeout' }, to: 'STOPPED', effects: [] },
  { name: 'stray exit in STOPPED', from: machine('STOPPED'), event: { kind: 'exited', code: 0, signal: null }, to: 'STOPPED', effects: [] },
  { name: 'spawned while STOPPING is ignored', from: machine('STOPPING'), event: { kind: 'spawned', pid: 7 }, to: 'STOPPING', effects: [] },
  { name: 'spawn failure outside STARTING is ignored', from: machine('STOPPED'), event: { kind: 'spawnFailed', reason: 'x' }, to: 'STOPPED', effects: [] },
];

describe('transition', () => {
  it.each(rows)('$name', (row) => {
    const result = transition(row.from, row.event, { ...policy, ...row.policy });
    expect(result.machine.state).toBe(row.to);
    expect(result.effects).toEqual(row.effects);
    if (row.failedStarts !== undefined) expect(result.machine.failedStarts).toBe(row.failedStarts);
    if (row.startAfterStop !== undefined) expect(result.machine.startAfterStop).toBe(row.startAfterStop);
    if (row.description) expect(result.machine.description).toMatch(row.description);
  });

  /** Applies `event` and every follow-up it asks for, as ManagedProcess does; returns the states entered. */
  function run(start: Machine, event: MachineEvent, p: RestartPolicy): { machine: Machine; states: ProcessState[]; effects: Effect[] } {
    let m = start;
    const states: ProcessState[] = [];
    const effects: Effect[] = [];
    const queue = [event];
    while (queue.length > 0) {
      const step = transition(m, queue.shift()!, p);
      if (step.machine.state !== m.state) states.push(step.machine.state);
      m = step.machine;
      for (const effect of step.effects) {
        if (effect.kind === 'next') queue.push(effect.event);
        else effects.push(effect);
      }
    }
    return { machine: m, states, effects };
  }

  it.each([0, 1, 2])('walks fast exits with startretries %i as supervisord does: BACKOFF after every attempt, then FATAL', (startretries) => {
    const p = { ...policy, startretries };
    const first = run(initialMachine(), { kind: 'start' }, p);
    const states = first.states;
    let m = first.machine;
    const delays: number[] = [];
    for (let attempt = 0; attempt < 10 && m.state !== 'FATAL'; attempt++) {
      const failed = run(m, { kind: 'exited', code: 1, signal: null }, p);
      states.push(...failed.states);
      for (const e of failed.effects) if (e.kind === 'startTimer') delays.push(e.ms);
      m = failed.machine;
      if (m.state === 'BACKOFF') {
        const retried = run(m, { kind: 'backoffElapsed' }, p);
        states.push(...retried.states);
        m = retried.machine;
      }
    }
    const attempt = ['STARTING', 'BACKOFF'];
    expect(states).toEqual([...Array.from({ length: startretries + 1 }, () => attempt).flat(), 'FATAL']);
    expect(delays).toEqual([1000, 2000].slice(0, startretries));
  });

  it('walks an exit after RUNNING through EXITED to STARTING, and a start queued during a stop through STOPPED', () => {
    const running = machine('RUNNING', { failedStarts: 0 });
    expect(run(running, { kind: 'exited', code: 3, signal: null }, policy).states).toEqual(['EXITED', 'STARTING']);
    const stopping = run(run(running, { kind: 'stop' }, policy).machine, { kind: 'start' }, policy).machine;
    expect(run(stopping, { kind: 'exited', code: null, signal: 'SIGTERM' }, policy).states).toEqual(['STOPPED', 'STARTING']);
  });
});

describe('backoffDelayMs', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [30, 30_000],
    [1000, MAX_BACKOFF_MS],
  ])('after %i failed starts waits %i ms', (failures, ms) => {
    expect(backoffDelayMs(failures)).toBe(ms);
  });
});
