import type { ConformanceCase } from '../harness/case-types.js';
import type { ConfigSpec } from '../harness/case-types.js';
import { actionNames, allReached, ctlCode, orderOf, status, statusNames } from '../harness/observe.js';
import { SLEEPER } from './fixture-commands.js';

const NUMBERED = '%(program_name)s_%(process_num)02d';

/** `[group:grp]` holding a one-process program and a two-process one, beside an ungrouped two-process program. */
const GROUPED: ConfigSpec = {
  programs: {
    ga: { command: SLEEPER },
    gb: { command: SLEEPER, numprocs: 2, process_name: NUMBERED },
    y: { command: SLEEPER, numprocs: 2, process_name: NUMBERED },
  },
  groups: { grp: ['ga', 'gb'] },
};
const GROUPED_PROCESSES = ['ga', 'gb_00', 'gb_01', 'y_00', 'y_01'];

/** numprocs and process_name templates, priority, groups. */
export const nameCases: ConformanceCase[] = [
  {
    name: 'numprocs-process-name',
    covers: 'numprocs with process_name templates and numprocs_start give the same process names',
    config: {
      programs: {
        w: { command: SLEEPER, numprocs: 3, numprocs_start: 1, process_name: '%(program_name)s_%(process_num)02d' },
        v: { command: SLEEPER, numprocs: 2, process_name: '%(program_name)s-%(process_num)d' },
      },
    },
    async observe(side) {
      await allReached(side, ['w_01', 'w_02', 'w_03', 'v-0', 'v-1'], 'RUNNING');
      return { ...(await status(side)), ...(await status(side, 'w:*')) };
    },
  },
  {
    name: 'priority-start-order',
    covers: 'programs start in priority order, lowest first',
    config: { programs: { a: { command: SLEEPER, priority: 30 }, b: { command: SLEEPER, priority: 10 }, c: { command: SLEEPER, priority: 20 } } },
    async observe(side) {
      await allReached(side, ['a', 'b', 'c'], 'RUNNING');
      return { 'start order': orderOf(side, 'STARTING') };
    },
  },
  {
    name: 'group-stop-start',
    covers: 'a [group:g] / groups: entry: stop g:* and start g:* act on its programs only',
    config: { programs: { a: { command: SLEEPER }, b: { command: SLEEPER }, x: { command: SLEEPER } }, groups: { g: ['a', 'b'] } },
    async observe(side) {
      await allReached(side, ['a', 'b', 'x'], 'RUNNING');
      const stopped = await side.ctl('stop', 'g:*');
      const afterStop = await status(side);
      const started = await side.ctl('start', 'g:*');
      return {
        'stop g:* exit': String(stopped.code),
        'after stop': afterStop.status!,
        'start g:* exit': String(started.code),
        ...(await status(side, 'g:*')),
      };
    },
  },
  {
    name: 'group-member-by-group-name',
    covers: 'supervisorctl names a grouped process GROUP:NAME (g:a); drover takes that form too',
    config: { programs: { a: { command: SLEEPER }, b: { command: SLEEPER } }, groups: { g: ['a', 'b'] } },
    async observe(side) {
      await allReached(side, ['a', 'b'], 'RUNNING');
      const stopped = await side.ctl('stop', 'g:a');
      return { 'stop g:a exit': String(stopped.code), ...(await status(side)) };
    },
  },
  {
    name: 'group-process-names',
    covers: 'status names a grouped process GROUP:PROCESS (grp:gb_00) and an ungrouped one PROGRAM:PROCESS (y:y_00)',
    config: GROUPED,
    async observe(side) {
      await allReached(side, GROUPED_PROCESSES, 'RUNNING');
      return { ...(await statusNames(side)), ...(await statusNames(side, 'grp:*')), ...(await statusNames(side, 'grp:gb_01', 'y:y_00')) };
    },
  },
  {
    name: 'group-names-in-actions',
    covers: 'restart grp:ga, stop grp:*, start grp:, tail grp:ga: the same exit codes, and the lines name grp:ga, grp:gb_00 …',
    config: GROUPED,
    async observe(side) {
      await allReached(side, GROUPED_PROCESSES, 'RUNNING');
      return {
        ...(await actionNames(side, 'restart', 'grp:ga')),
        ...(await actionNames(side, 'stop', 'grp:*')),
        ...(await statusNames(side)),
        ...(await actionNames(side, 'start', 'grp:')),
        ...(await actionNames(side, 'stop', 'y:*')),
        ...(await ctlCode(side, 'tail', 'grp:ga')),
      };
    },
  },
];
