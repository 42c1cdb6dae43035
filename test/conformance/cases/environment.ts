import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConformanceCase, Observation, Side } from '../harness/case-types.js';
import { reached, states, waitUntil } from '../harness/observe.js';
import { readLog, shown } from '../harness/log-files.js';

/** Waits for a program's whole report in its stdout log (its last line has `marker`). */
async function report(side: Side, file: string, marker: string): Promise<Observation> {
  await waitUntil(() => (readLog(side, file) ?? '').includes(marker), 10_000);
  return { [file]: shown(readLog(side, file)) };
}

/** The home directory /etc/passwd gives a user. */
function homeOf(user: string): string {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((line) => line.startsWith(`${user}:`));
  return entry?.split(':')[5] ?? '';
}

/** Only root can switch users: elsewhere the case checks that both refuse alike. */
const isRoot = process.getuid?.() === 0;

/** What a program starts with: environment, directory, umask, user, file descriptors. */
export const environmentCases: ConformanceCase[] = [
  {
    name: 'environment-variables',
    covers: 'environment, plus SUPERVISOR_ENABLED, SUPERVISOR_PROCESS_NAME and SUPERVISOR_GROUP_NAME',
    config: {
      programs: {
        e: {
          command: '{fixtures}/print-env.sh GREETING SUPERVISOR_ENABLED SUPERVISOR_PROCESS_NAME SUPERVISOR_GROUP_NAME',
          environment: { GREETING: 'hello world' },
          stdout_logfile: '{dir}/e.out',
        },
      },
      groups: { g: ['e'] },
    },
    observe: (side) => report(side, 'e.out', 'umask='),
  },
  {
    name: 'directory-and-umask',
    covers: 'directory and umask 027 apply to the program',
    config: { programs: { d: { command: '{fixtures}/print-env.sh', directory: '{dir}/work', umask: '027', stdout_logfile: '{dir}/d.out' } } },
    prepare: (side) => mkdirSync(path.join(side.dir, 'work')),
    observe: (side) => report(side, 'd.out', 'umask='),
  },
  {
    name: 'user-nobody',
    covers: "user nobody (the supervisor runs as root): the program runs as nobody, in nobody's group",
    config: {
      programs: { u: { command: 'sh -c "id -un; id -gn; echo home=$HOME; exec sleep 1000"', user: 'nobody', directory: '/', stdout_logfile: '{dir}/u.out' } },
    },
    async observe(side) {
      if (isRoot) return report(side, 'u.out', 'home=');
      await reached(side, 'u', 'FATAL', 20_000);
      return states(side, 'u');
    },
    ...(isRoot && {
      difference: {
        id: 'user-environment',
        expectDrover: (supervisord) => ({ 'u.out': (supervisord['u.out'] ?? '').replace(/home=[^\\]*/, `home=${homeOf('nobody')}`) }),
      },
    }),
  },
  {
    name: 'inherited-fds',
    covers: 'a program gets fds 0, 1 and 2 only, though the supervisor was started with fd 9 open',
    config: { programs: { f: { command: '{fixtures}/list-fds.py', stdout_logfile: '{dir}/f.out' } } },
    observe: (side) => report(side, 'f.out', '\n'),
  },
];
