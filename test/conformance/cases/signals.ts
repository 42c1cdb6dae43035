import type { ConformanceCase } from '../harness/case-types.js';
import { allReached, reached, states, waitUntil } from '../harness/observe.js';
import { readRecorded, recordersUp, signalsReceived } from '../harness/signal-log.js';
import { recorder, signalFile } from './fixture-commands.js';

/** How long a signal that should not arrive is given to arrive anyway. */
const STRAY_SIGNAL_WINDOW_MS = 1000;

/** `signal`: which processes a signal reaches. */
export const signalCases: ConformanceCase[] = [
  {
    name: 'signal-hup-main-pid-only',
    covers: 'signal HUP: the main pid gets it, its grandchildren do not (with stopasgroup true); it stays RUNNING',
    config: { programs: { a: { command: recorder('--children 2'), stopasgroup: true, killasgroup: true } } },
    async observe(side) {
      await reached(side, 'a', 'RUNNING');
      await recordersUp(signalFile(side), 3);
      const sent = await side.ctl('signal', 'HUP', 'a');
      await waitUntil(() => readRecorded(signalFile(side)).filter((r) => r.events.includes('HUP')).length === 3, STRAY_SIGNAL_WINDOW_MS);
      return { 'signal HUP a exit': String(sent.code), signals: signalsReceived(signalFile(side)), ...states(side, 'a') };
    },
  },
  {
    name: 'signal-numprocs-pattern',
    covers: 'signal USR1 w:* reaches the main pid of every process of the program',
    config: { programs: { w: { command: recorder(), numprocs: 2, process_name: '%(program_name)s_%(process_num)02d' } } },
    async observe(side) {
      await allReached(side, ['w_00', 'w_01'], 'RUNNING');
      await recordersUp(signalFile(side), 2);
      const sent = await side.ctl('signal', 'USR1', 'w:*');
      await waitUntil(() => readRecorded(signalFile(side)).every((r) => r.events.includes('USR1')), 5000);
      return { 'signal USR1 w:* exit': String(sent.code), signals: signalsReceived(signalFile(side)) };
    },
  },
];
