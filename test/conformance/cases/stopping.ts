import type { ConformanceCase, Side } from '../harness/case-types.js';
import { allReached, orderOf, reached, states } from '../harness/observe.js';
import { recordersUp, signalsReceived, survivors } from '../harness/signal-log.js';
import { recorder, signalFile, SLEEPER } from './fixture-commands.js';

/** Stop a recorder program once it is up; say what each process received and what is left. */
async function stopAndObserve(side: Side, processes: number) {
  await reached(side, 'a', 'RUNNING');
  await recordersUp(signalFile(side), processes);
  const stopped = await side.ctl('stop', 'a');
  await reached(side, 'a', 'STOPPED');
  return {
    'stop a exit': String(stopped.code),
    ...states(side, 'a'),
    signals: signalsReceived(signalFile(side)),
    'left running': await survivors(signalFile(side)),
    'last exit a': String(await side.lastExit('a')),
  };
}

/** stopsignal, stopwaitsecs, stopasgroup, killasgroup, and the order of stopping. */
export const stoppingCases: ConformanceCase[] = [
  {
    name: 'stopsignal-int',
    covers: 'stopsignal INT: the main process gets SIGINT and ends of it; STOPPING, STOPPED',
    config: { programs: { a: { command: recorder(), stopsignal: 'INT' } } },
    observe: (side) => stopAndObserve(side, 1),
  },
  {
    name: 'stopwaitsecs-ignores-term',
    covers: 'a program that ignores SIGTERM gets SIGKILL after stopwaitsecs 1',
    config: { programs: { a: { command: recorder('--ignore TERM'), stopwaitsecs: 1 } } },
    observe: (side) => stopAndObserve(side, 1),
  },
  {
    name: 'stopasgroup-grandchildren',
    covers: 'stopasgroup true: the grandchildren get SIGTERM too, and nothing is left',
    // The main process takes 0.3 s to stop, so that the grandchildren's own record of SIGTERM
    // never races drover's SIGKILL to what is left of the group once the main process is gone.
    config: { programs: { a: { command: recorder('--children 2 --linger 0.3'), stopasgroup: true, killasgroup: true } } },
    observe: (side) => stopAndObserve(side, 3),
  },
  {
    name: 'grandchildren-finish-stopping',
    covers: 'stopasgroup: grandchildren that take 0.5 s to stop after SIGTERM are let finish, though the main process ends at once',
    config: { programs: { a: { command: recorder('--children 2 --child-linger 0.5'), stopasgroup: true, killasgroup: true, stopwaitsecs: 2 } } },
    async observe(side) {
      const observed = await stopAndObserve(side, 3);
      // Read again: stopAndObserve waited for the lingering grandchildren to end.
      return { ...observed, signals: signalsReceived(signalFile(side)) };
    },
  },
  {
    name: 'no-stopasgroup-leaves-grandchildren',
    covers: 'stopasgroup and killasgroup false: only the main pid is signalled; the grandchildren stay',
    config: { programs: { a: { command: recorder('--children 2'), stopasgroup: false, killasgroup: false } } },
    observe: (side) => stopAndObserve(side, 3),
  },
  {
    name: 'killasgroup-after-stopwaitsecs',
    covers: 'killasgroup alone: SIGTERM to the main pid, then SIGKILL to the whole group after stopwaitsecs',
    config: { programs: { a: { command: recorder('--children 2 --ignore TERM'), stopasgroup: false, killasgroup: true, stopwaitsecs: 1 } } },
    observe: (side) => stopAndObserve(side, 3),
  },
  {
    name: 'stop-all-one-priority-at-once',
    covers: 'stop all: programs of one priority are stopped together, not one stopwaitsecs after another',
    config: {
      programs: Object.fromEntries(['a', 'b', 'c'].map((name) => [name, { command: recorder('--ignore TERM'), stopwaitsecs: 1 }])),
    },
    async observe(side) {
      await allReached(side, ['a', 'b', 'c'], 'RUNNING');
      await recordersUp(signalFile(side), 3);
      const before = side.transitions().length;
      const stopped = await side.ctl('stop', 'all');
      await allReached(side, ['a', 'b', 'c'], 'STOPPED');
      const after = side.transitions().slice(before);
      const firstStopped = after.findIndex((t) => t.to === 'STOPPED');
      const stoppingFirst = after.slice(0, firstStopped).filter((t) => t.to === 'STOPPING').length;
      return { 'stop all exit': String(stopped.code), 'STOPPING before the first STOPPED': String(stoppingFirst) };
    },
  },
  {
    name: 'shutdown-reverse-priority',
    covers: 'SIGTERM to the supervisor stops programs in reverse priority order',
    config: { programs: { a: { command: SLEEPER, priority: 1 }, b: { command: SLEEPER, priority: 2 }, c: { command: SLEEPER, priority: 3 } } },
    async observe(side) {
      await allReached(side, ['a', 'b', 'c'], 'RUNNING');
      side.signalSupervisor('SIGTERM');
      await allReached(side, ['a', 'b', 'c'], 'STOPPED');
      return { 'stop order': orderOf(side, 'STOPPING') };
    },
  },
  {
    name: 'restart-signals-and-states',
    covers: 'restart: the old main and its grandchild get SIGTERM, a new main starts; STOPPING, STOPPED, STARTING, RUNNING',
    config: { programs: { a: { command: recorder('--children 1 --linger 0.3') } } },
    async observe(side) {
      await reached(side, 'a', 'RUNNING');
      await recordersUp(signalFile(side), 2);
      const restarted = await side.ctl('restart', 'a');
      await reached(side, 'a', 'RUNNING', 15_000, 2);
      await recordersUp(signalFile(side), 4);
      return {
        'restart a exit': String(restarted.code),
        ...states(side, 'a'),
        signals: signalsReceived(signalFile(side)),
      };
    },
  },
];
