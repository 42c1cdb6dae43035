import type { ConformanceCase, ProgramSpec } from '../harness/case-types.js';
import { reached, states } from '../harness/observe.js';

/**
 * A failed start needs an exit well inside startsecs on both sides even on a
 * loaded machine: supervisord decides at its next one-second tick, and a
 * tick that comes late turns an early exit into RUNNING, then EXITED.
 */
const FAILING_STARTSECS = 3;

/**
 * Every starting case runs one program, `a`, until it settles in `until`, and
 * shows the states it went through; `lastExit` adds how it last exited.
 */
function startingCase(c: { name: string; covers: string; a: ProgramSpec; until: 'EXITED' | 'FATAL'; withinMs?: number; lastExit?: boolean }): ConformanceCase {
  return {
    name: c.name,
    covers: c.covers,
    config: { programs: { a: c.a } },
    async observe(side) {
      await reached(side, 'a', c.until, c.withinMs);
      if (!c.lastExit) return states(side, 'a');
      return { ...states(side, 'a'), 'last exit a': String(await side.lastExit('a')) };
    },
  };
}

/** startsecs and startretries: which states a starting process goes through. */
export const startingCases: ConformanceCase[] = [
  startingCase({
    name: 'startsecs-0-instant-exit',
    covers: 'startsecs 0: a program that exits at once was RUNNING, then EXITED (not a failed start)',
    a: { command: '{fixtures}/exit-with.sh 0', startsecs: 0, autorestart: false },
    until: 'EXITED',
    lastExit: true,
  }),
  startingCase({
    name: 'startsecs-0-slow-exit',
    covers: 'startsecs 0: RUNNING at once; an exit after 0.5 s is then EXITED, not a failed start',
    a: { command: '{fixtures}/exit-with.sh 5 0.5', startsecs: 0, autorestart: false },
    until: 'EXITED',
    lastExit: true,
  }),
  startingCase({
    name: 'instant-exit-retries-0',
    covers: 'startretries 0: a program that exits at once goes STARTING, BACKOFF, FATAL',
    a: { command: '{fixtures}/exit-with.sh 7', startsecs: FAILING_STARTSECS, startretries: 0 },
    until: 'FATAL',
    withinMs: 8000,
    lastExit: true,
  }),
  startingCase({
    name: 'startsecs-1-slow-exit',
    covers: 'startsecs 1: a program that exits after 2 s was RUNNING, then EXITED with its status',
    a: { command: '{fixtures}/exit-with.sh 3 2', startsecs: 1, autorestart: false },
    until: 'EXITED',
    lastExit: true,
  }),
  startingCase({
    name: 'early-exit-retries-1',
    covers: 'startretries 1: exiting after 0.3 s (before startsecs) twice gives BACKOFF twice, then FATAL',
    a: { command: '{fixtures}/exit-with.sh 2 0.3', startsecs: FAILING_STARTSECS, startretries: 1 },
    until: 'FATAL',
    withinMs: 10_000,
  }),
  startingCase({
    name: 'startretries-1-instant-exit',
    covers: 'startretries 1: an instant exit twice, then FATAL',
    a: { command: '{fixtures}/exit-with.sh 1', startsecs: FAILING_STARTSECS, startretries: 1 },
    until: 'FATAL',
    withinMs: 10_000,
  }),
  startingCase({
    name: 'startretries-3',
    covers: 'startretries 3: four failed starts (backoff 1, 2, 3 s), then FATAL',
    a: { command: '{fixtures}/exit-with.sh 1 0.1', startsecs: FAILING_STARTSECS, startretries: 3 },
    until: 'FATAL',
    withinMs: 15_000,
  }),
  startingCase({
    name: 'missing-directory',
    covers: 'a directory that does not exist: a failed start, STARTING, BACKOFF, FATAL',
    a: { command: '{fixtures}/exit-with.sh 0 100', directory: '{dir}/absent', startsecs: FAILING_STARTSECS, startretries: 0 },
    until: 'FATAL',
    withinMs: 8000,
  }),
  startingCase({
    name: 'command-not-found',
    covers: 'a command that does not exist: STARTING, BACKOFF, FATAL',
    a: { command: '{dir}/no-such-program', startsecs: FAILING_STARTSECS, startretries: 0 },
    until: 'FATAL',
    withinMs: 8000,
  }),
];
