import { isAlive } from '../../helpers/wait-for.js';
import type { ConformanceCase } from '../harness/case-types.js';
import { allReached, ctlCode, orderOf, pidOf, reached, sequenceOf, status, statusNames, waitUntil } from '../harness/observe.js';
import { readRecorded, recordersUp, signalsReceived, survivors } from '../harness/signal-log.js';
import { recorder, signalFile, SLEEPER } from './fixture-commands.js';

const reversed = (order = '') => order.split(' ').reverse().join(' ');

/** Where drover differs on purpose: each case shows the documented difference, and nothing else. */
export const differenceCases: ConformanceCase[] = [
  {
    name: 'stopasgroup-default',
    covers: 'no stopasgroup in either file: supervisord leaves the grandchildren, drover stops them',
    config: { programs: { a: { command: recorder('--children 2 --linger 0.3') } }, nativeDefaults: true },
    async observe(side) {
      await reached(side, 'a', 'RUNNING');
      await recordersUp(signalFile(side), 3);
      await side.ctl('stop', 'a');
      await reached(side, 'a', 'STOPPED');
      return { signals: signalsReceived(signalFile(side)), 'left running': await survivors(signalFile(side)) };
    },
    difference: {
      id: 'stopasgroup-default',
      expectDrover: (sv) => ({ signals: (sv.signals ?? '').replace(/(child\d): -/g, '$1: TERM'), 'left running': 'none' }),
    },
  },
  {
    name: 'main-exit-stops-group',
    covers: 'the main process exits on its own: supervisord leaves its grandchildren, drover stops them',
    config: { programs: { a: { command: recorder('--children 2 --exit-after 2 0'), autorestart: false } } },
    async observe(side) {
      await recordersUp(signalFile(side), 3);
      await reached(side, 'a', 'EXITED');
      return { 'states a': sequenceOf(side, 'a').join(' '), 'left running': await survivors(signalFile(side)) };
    },
    difference: { id: 'group-stopped-on-exit', expectDrover: (sv) => ({ ...sv, 'left running': 'none' }) },
  },
  {
    name: 'stop-all-order',
    covers: 'stop all: supervisorctl stops in ascending priority, drover in reverse (dependents first)',
    config: { programs: { a: { command: SLEEPER, priority: 1 }, b: { command: SLEEPER, priority: 2 }, c: { command: SLEEPER, priority: 3 } } },
    async observe(side) {
      await allReached(side, ['a', 'b', 'c'], 'RUNNING');
      const stopped = await side.ctl('stop', 'all');
      return { 'stop all exit': String(stopped.code), 'stop order': orderOf(side, 'STOPPING') };
    },
    difference: { id: 'stop-all-reverse-priority', expectDrover: (sv) => ({ ...sv, 'stop order': reversed(sv['stop order']) }) },
  },
  {
    name: 'sighup-applies-diff',
    covers: 'SIGHUP after a change to b: supervisord restarts a and b, drover restarts b only',
    config: { programs: { a: { command: SLEEPER }, b: { command: SLEEPER } } },
    async observe(side) {
      await allReached(side, ['a', 'b'], 'RUNNING');
      const before = { a: pidOf(side, 'a'), b: pidOf(side, 'b') };
      side.writeConfig({ programs: { a: { command: SLEEPER }, b: { command: '{fixtures}/exit-with.sh 0 999' } } });
      side.signalSupervisor('SIGHUP');
      await reached(side, 'b', 'RUNNING', 15_000, 2);
      await waitUntil(() => sequenceOf(side, 'a').at(-1) === 'RUNNING', 5000);
      return {
        'a kept its pid': pidOf(side, 'a') === before.a ? 'yes' : 'no',
        'b kept its pid': pidOf(side, 'b') === before.b ? 'yes' : 'no',
      };
    },
    difference: { id: 'sighup-applies-diff', expectDrover: (sv) => ({ ...sv, 'a kept its pid': 'yes' }) },
  },
  {
    name: 'leftovers-after-crash',
    covers: 'the supervisor is SIGKILLed and started again: supervisord leaves the old program running and starts a second copy, drover adopts the old one',
    config: { programs: { a: { command: recorder() } } },
    async observe(side) {
      await reached(side, 'a', 'RUNNING');
      await recordersUp(signalFile(side), 1);
      const old = readRecorded(signalFile(side))[0]!;
      await side.crashSupervisor();
      const survivedCrash = isAlive(old.pid);
      await side.start();
      await reached(side, 'a', 'RUNNING', 15_000, 2);
      const running = readRecorded(signalFile(side)).filter((recorded) => isAlive(recorded.pid)).length;
      return {
        'old program alive after the crash': survivedCrash ? 'yes' : 'no',
        'a is the old program after the new start': pidOf(side, 'a') === old.pid ? 'yes' : 'no',
        'copies of a running': String(running),
        'a after the new start': (await status(side, 'a'))['status a']!,
      };
    },
    difference: {
      id: 'programs-adopted',
      expectDrover: (sv) => ({ ...sv, 'a is the old program after the new start': 'yes', 'copies of a running': '1' }),
    },
  },
  {
    name: 'bare-name-in-group',
    covers: 'stop a, a being in group g: supervisorctl wants g:a and refuses; drover stops it',
    config: { programs: { a: { command: SLEEPER }, b: { command: SLEEPER } }, groups: { g: ['a', 'b'] } },
    async observe(side) {
      await allReached(side, ['a', 'b'], 'RUNNING');
      return { ...(await ctlCode(side, 'stop', 'a')), ...(await status(side)) };
    },
    difference: {
      id: 'bare-names',
      expectDrover: (sv) => ({ ...sv, 'stop a exit': '0', status: 'a STOPPED, b RUNNING', 'status exit': '3' }),
    },
  },
  {
    name: 'one-process-name',
    covers: 'status lists a one-process program x outside any group: supervisorctl as x, drover as x:x; status x:x works in both',
    config: { programs: { x: { command: SLEEPER }, y: { command: SLEEPER, numprocs: 2, process_name: '%(program_name)s_%(process_num)02d' } } },
    async observe(side) {
      await allReached(side, ['x', 'y_00', 'y_01'], 'RUNNING');
      return { ...(await statusNames(side)), ...(await statusNames(side, 'x:x')) };
    },
    difference: {
      id: 'one-process-name',
      expectDrover: (sv) => ({
        ...sv,
        'status names': 'x:x RUNNING, y:y_00 RUNNING, y:y_01 RUNNING',
        'status x:x names': 'x:x RUNNING',
      }),
    },
  },
];
