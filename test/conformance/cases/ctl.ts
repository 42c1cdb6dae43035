import type { ConformanceCase } from '../harness/case-types.js';
import { ctlCode, reached, sequenceOf, status } from '../harness/observe.js';
import { SLEEPER } from './fixture-commands.js';

/** Exit codes of supervisorctl and `drover ctl` for the same commands: scripts must work with either. */
export const ctlCases: ConformanceCase[] = [
  {
    name: 'status-starting-and-backoff',
    covers: 'status exits 0 while a process is STARTING or BACKOFF: both count as running',
    config: {
      programs: {
        s: { command: SLEEPER, startsecs: 60 },
        b: { command: '{fixtures}/exit-with.sh 1 0.1', startsecs: 3, startretries: 5 },
      },
    },
    async observe(side) {
      await reached(side, 's', 'STARTING');
      const starting = await status(side, 's');
      // The third backoff lasts 3 s: status lands inside it even on a slow machine.
      await reached(side, 'b', 'BACKOFF', 15_000, 3);
      return { ...starting, ...(await ctlCode(side, 'status', 'b')) };
    },
  },
  {
    name: 'unknown-names',
    covers: 'an unknown name: status exits 4; start, stop, signal and pid exit 1; so does a bad signal name',
    config: { programs: { a: { command: SLEEPER } } },
    async observe(side) {
      await reached(side, 'a', 'RUNNING');
      return {
        ...(await ctlCode(side, 'status', 'zz')),
        ...(await ctlCode(side, 'start', 'zz')),
        ...(await ctlCode(side, 'stop', 'zz')),
        ...(await ctlCode(side, 'signal', 'HUP', 'zz')),
        ...(await ctlCode(side, 'signal', 'BOGUS', 'a')),
        ...(await ctlCode(side, 'pid', 'zz')),
      };
    },
  },
  {
    name: 'start-failing-returns-at-first-failure',
    covers: 'start of a program that fails returns 7 at its first failed attempt, while retries go on',
    // The attempt fails after 2 s, and the next one cannot fail before 1 s of backoff and 2 s more:
    // 3 s in which to count the failures, however slowly the ctl process ends.
    config: { programs: { a: { command: '{fixtures}/exit-with.sh 1 2', autostart: false, startsecs: 3, startretries: 3 } } },
    async observe(side) {
      const started = await side.ctl('start', 'a');
      // supervisorctl answers at the first failure it sees; its one-second ticks can let a second
      // attempt start (and fail) first, so the question is only whether start waited for FATAL.
      const fatal = sequenceOf(side, 'a').includes('FATAL');
      return { 'start a exit': String(started.code), 'start returned while retries went on': fatal ? 'no' : 'yes' };
    },
  },
  {
    name: 'stopped-process-commands',
    covers: 'on a STOPPED process: signal and pid exit 7, stop exits 0; start twice exits 0 both times',
    config: { programs: { a: { command: SLEEPER, autostart: false } } },
    async observe(side) {
      return {
        ...(await ctlCode(side, 'signal', 'HUP', 'a')),
        ...(await ctlCode(side, 'pid', 'a')),
        ...(await ctlCode(side, 'stop', 'a')),
        ...(await ctlCode(side, 'start', 'a')),
        'start a again exit': String((await side.ctl('start', 'a')).code),
        ...(await status(side, 'a')),
      };
    },
  },
  {
    name: 'status-exit-codes',
    covers: 'status exits 0 when all run, 3 when one is EXITED or FATAL',
    config: {
      programs: {
        a: { command: SLEEPER },
        e: { command: '{fixtures}/exit-with.sh 0 1.5', autorestart: false },
      },
    },
    async observe(side) {
      await reached(side, 'a', 'RUNNING');
      const running = await status(side, 'a');
      await reached(side, 'e', 'EXITED');
      return { ...running, ...(await status(side)) };
    },
  },
];
