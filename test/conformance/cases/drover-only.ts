import type { ConformanceCase } from '../harness/case-types.js';
import { allReached, pidOf, reached, sequenceOf, waitUntil } from '../harness/observe.js';
import { readRecorded, recordersUp, signalsReceived } from '../harness/signal-log.js';
import { recorder, signalFile, SLEEPER } from './fixture-commands.js';

/** drover features supervisord lacks, held to what the docs promise. */
export const droverOnlyCases: ConformanceCase[] = [
  {
    name: 'scale-to-zero-and-back',
    covers: 'scale w 0 keeps w listed; start w brings it back',
    config: { programs: { w: { command: SLEEPER, numprocs: 2, process_name: '%(program_name)s_%(process_num)02d' } } },
    async observe(side) {
      await allReached(side, ['w_00', 'w_01'], 'RUNNING');
      const scaled = await side.ctl('scale', 'w', '0');
      const listed = await side.ctl('status', 'w');
      const started = await side.ctl('start', 'w');
      const running = await waitUntil(async () => (await side.ctl('status', 'w')).out.includes('RUNNING'), 10_000);
      return {
        'scale w 0 exit': String(scaled.code),
        'status w after scale 0 names w': /\bw\b/.test(listed.out) && !/no process matches/.test(listed.out) ? 'yes' : 'no',
        'start w exit': String(started.code),
        'w running after start': running ? 'yes' : 'no',
      };
    },
    droverOnly: {
      why: "scale is drover's (supervisord has numprocs only)",
      expect: { 'scale w 0 exit': '0', 'status w after scale 0 names w': 'yes', 'start w exit': '0', 'w running after start': 'yes' },
    },
  },
  {
    name: 'signal-group-flag',
    covers: 'signal --group HUP: the whole process group gets it, when asked',
    config: { programs: { a: { command: recorder('--children 2') } } },
    async observe(side) {
      await reached(side, 'a', 'RUNNING');
      await recordersUp(signalFile(side), 3);
      const sent = await side.ctl('signal', '--group', 'HUP', 'a');
      await waitUntil(() => readRecorded(signalFile(side)).every((r) => r.events.includes('HUP')), 5000);
      return { 'signal --group HUP a exit': String(sent.code), signals: signalsReceived(signalFile(side)) };
    },
    droverOnly: {
      why: "signal --group is drover's (supervisorctl signals the main pid only)",
      expect: { 'signal --group HUP a exit': '0', signals: 'child1: HUP; child2: HUP; main: HUP' },
    },
  },
  {
    name: 'reload-signal',
    covers: 'reload_signal HUP: reload sends HUP to the main pid only, and the program stays RUNNING',
    config: { programs: { a: { command: recorder('--children 1'), reload_signal: 'HUP' } } },
    async observe(side) {
      await reached(side, 'a', 'RUNNING');
      await recordersUp(signalFile(side), 2);
      const pid = pidOf(side, 'a');
      const reloaded = await side.ctl('reload', 'a');
      await waitUntil(() => readRecorded(signalFile(side)).some((r) => r.events.length > 0), 5000);
      return {
        'reload a exit': String(reloaded.code),
        signals: signalsReceived(signalFile(side)),
        'a kept its pid': pidOf(side, 'a') === pid ? 'yes' : 'no',
        'states a': sequenceOf(side, 'a').join(' '),
      };
    },
    droverOnly: {
      why: "reload_signal is drover's (systemd's ExecReload)",
      expect: { 'reload a exit': '0', signals: 'child1: -; main: HUP', 'a kept its pid': 'yes', 'states a': 'STARTING RUNNING' },
    },
  },
];
