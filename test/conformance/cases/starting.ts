import type { ConformanceCase } from '../harness/case-types.js';
import { reached, states } from '../harness/observe.js';

/**
 * A failed start needs an exit well inside startsecs on both sides even on a
 * loaded machine: supervisord decides at its next one-second tick, and a
 * tick that comes late turns an early exit into RUNNING, then EXITED.
 */
const FAILING_STARTSECS = 3;

/** startsecs and startretries: which states a starting process goes through. */
export const startingCases: ConformanceCase[] = [
  {
    name: 'startsecs-0-instant-exit',
    covers: 'startsecs 0: a program that exits at once was RUNNING, then EXITED (not a failed start)',
    config: { programs: { a: { command: '{fixtures}/exit-with.sh 0', startsecs: 0, autorestart: false } } },
    async observe(side) {
      await reached(side, 'a', 'EXITED');
      return { ...states(side, 'a'), 'last exit a': String(await side.lastExit('a')) };
    },
  },
  {
    name: 'startsecs-0-slow-exit',
    covers: 'startsecs 0: RUNNING at once; an exit after 0.5 s is then EXITED, not a failed start',
    config: { programs: { a: { command: '{fixtures}/exit-with.sh 5 0.5', startsecs: 0, autorestart: false } } },
    async observe(side) {
      await reached(side, 'a', 'EXITED');
      return { ...states(side, 'a'), 'last exit a': String(await side.lastExit('a')) };
    },
  },
  {
    name: 'instant-exit-retries-0',
    covers: 'startretries 0: a program that exits at once goes STARTING, BACKOFF, FATAL',
    config: { programs: { a: { command: '{fixtures}/exit-with.sh 7', startsecs: FAILING_STARTSECS, startretries: 0 } } },
    async observe(side) {
      await reached(side, 'a', 'FATAL', 8000);
      return { ...states(side, 'a'), 'last exit a': String(await side.lastExit('a')) };
    },
  },
  {
    name: 'startsecs-1-slow-exit',
    covers: 'startsecs 1: a program that exits after 2 s was RUNNING, then EXITED with its status',
    config: { programs: { a: { command: '{fixtures}/exit-with.sh 3 2', startsecs: 1, autorestart: false } } },
    async observe(side) {
      await reached(side, 'a', 'EXITED');
      return { ...states(side, 'a'), 'last exit a': String(await side.lastExit('a')) };
    },
  },
  {
    name: 'early-exit-retries-1',
    covers: 'startretries 1: exiting after 0.3 s (before startsecs) twice gives BACKOFF twice, then FATAL',
    config: { programs: { a: { command: '{fixtures}/exit-with.sh 2 0.3', startsecs: FAILING_STARTSECS, startretries: 1 } } },
    async observe(side) {
      await reached(side, 'a', 'FATAL', 10_000);
      return states(side, 'a');
    },
  },
  {
    name: 'startretries-1-instant-exit',
    covers: 'startretries 1: an instant exit twice, then FATAL',
    config: { programs: { a: { command: '{fixtures}/exit-with.sh 1', startsecs: FAILING_STARTSECS, startretries: 1 } } },
    async observe(side) {
      await reached(side, 'a', 'FATAL', 10_000);
      return states(side, 'a');
    },
  },
  {
    name: 'startretries-3',
    covers: 'startretries 3: four failed starts (backoff 1, 2, 3 s), then FATAL',
    config: { programs: { a: { command: '{fixtures}/exit-with.sh 1 0.1', startsecs: FAILING_STARTSECS, startretries: 3 } } },
    async observe(side) {
      await reached(side, 'a', 'FATAL', 15_000);
      return states(side, 'a');
    },
  },
  {
    name: 'missing-directory',
    covers: 'a directory that does not exist: a failed start, STARTING, BACKOFF, FATAL',
    config: { programs: { a: { command: '{fixtures}/exit-with.sh 0 100', directory: '{dir}/absent', startsecs: FAILING_STARTSECS, startretries: 0 } } },
    async observe(side) {
      await reached(side, 'a', 'FATAL', 8000);
      return states(side, 'a');
    },
  },
  {
    name: 'command-not-found',
    covers: 'a command that does not exist: STARTING, BACKOFF, FATAL',
    config: { programs: { a: { command: '{dir}/no-such-program', startsecs: FAILING_STARTSECS, startretries: 0 } } },
    async observe(side) {
      await reached(side, 'a', 'FATAL', 8000);
      return states(side, 'a');
    },
  },
];
