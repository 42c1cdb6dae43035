import type { ConformanceCase } from '../harness/case-types.js';
import { reached, sequenceOf, states, waitUntil } from '../harness/observe.js';

/** Long enough for supervisord's one-second ticks to show a restart that should not happen. */
const NO_RESTART_WINDOW_MS = 1500;

/** exitcodes and autorestart: what follows an exit from RUNNING. */
export const restartingCases: ConformanceCase[] = [
  {
    name: 'exitcodes-expected-exit',
    covers: 'exitcodes 0,3 with autorestart unexpected: exit 3 is EXITED and not restarted',
    config: { programs: { a: { command: '{fixtures}/exit-with.sh 3 2', exitcodes: [0, 3], autorestart: 'unexpected' } } },
    async observe(side) {
      await reached(side, 'a', 'EXITED');
      await waitUntil(() => sequenceOf(side, 'a').length > 3, NO_RESTART_WINDOW_MS);
      return { ...states(side, 'a'), 'last exit a': String(await side.lastExit('a')) };
    },
  },
  {
    name: 'exitcodes-unexpected-exit',
    covers: 'autorestart unexpected: exit 4 (not in exitcodes) goes RUNNING, EXITED, STARTING, RUNNING',
    config: { programs: { a: { command: '{fixtures}/exit-once.sh {dir}/ran 4 2', exitcodes: [0], autorestart: 'unexpected' } } },
    async observe(side) {
      await reached(side, 'a', 'RUNNING', 10_000, 2);
      return states(side, 'a');
    },
  },
  {
    name: 'autorestart-true-expected-exit',
    covers: 'autorestart true: even exit 0 restarts, RUNNING, EXITED, STARTING, RUNNING',
    config: { programs: { a: { command: '{fixtures}/exit-once.sh {dir}/ran 0 2', autorestart: true } } },
    async observe(side) {
      await reached(side, 'a', 'RUNNING', 10_000, 2);
      return states(side, 'a');
    },
  },
  {
    name: 'autorestart-false-unexpected-exit',
    covers: 'autorestart false: exit 4 is EXITED and stays so',
    config: { programs: { a: { command: '{fixtures}/exit-with.sh 4 2', autorestart: false } } },
    async observe(side) {
      await reached(side, 'a', 'EXITED');
      await waitUntil(() => sequenceOf(side, 'a').length > 3, NO_RESTART_WINDOW_MS);
      return { ...states(side, 'a'), 'last exit a': String(await side.lastExit('a')) };
    },
  },
];
