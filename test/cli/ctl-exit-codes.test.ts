import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * `drover ctl`'s exit codes, one row per situation of docs/ctl.md's table,
 * against a real daemon. `supervisorctl` is what supervisorctl 4.2.5 exits
 * with in the same situation (run by hand against supervisord with the
 * same programs); a row where drover differs on purpose says why.
 */
interface Row {
  situation: string;
  args: string[];
  supervisorctl: number | null;
  drover: number;
  /** Why drover's code is not supervisorctl's; null when they agree or supervisorctl has no such verb. */
  differs?: string;
  /** Runs first, for a state the row needs (a process made FATAL, a broken config). */
  before?: () => Promise<unknown>;
  after?: () => void;
}

const FAILING = 'sh -c "sleep 0.2; exit 1"';
const CONFIG = `programs:
  ok:
    command: sleep 1000
    startsecs: 0
  idle:
    command: sleep 1000
    autostart: false
  idle2:
    command: sleep 1000
    autostart: false
    startsecs: 0
  victim:
    command: sleep 1000
    startsecs: 0
  slow:
    command: sleep 1000
    startsecs: 60
  flaky:
    command: ${FAILING}
    startsecs: 1
    startretries: 1000
  broken:
    command: ${FAILING}
    startsecs: 1
    startretries: 0
    autostart: false
  multi:
    command: sleep 1000
    numprocs: 2
    startsecs: 0
  release:
    type: oneshot
    command: sh -c "sleep 0.2; exit 0"
  badrelease:
    type: oneshot
    command: sh -c "sleep 0.2; exit 3"
    startretries: 0
    autostart: false
`;

let h: DaemonHarness;
const ctl = (...args: string[]) => h.runToEnd(['ctl', ...args]);
const configFile = () => path.join(h.dir, 'programs.yaml');
let goodConfig = '';
const breakConfig = () => {
  goodConfig = readFileSync(configFile(), 'utf8');
  writeFileSync(configFile(), `${goodConfig}  bad:\n    numprocs: many\n`);
};
const mendConfig = () => writeFileSync(configFile(), goodConfig);

const ROWS: Row[] = [
  { situation: 'status: everything listed RUNNING', args: ['status', 'ok'], supervisorctl: 0, drover: 0 },
  { situation: 'status: STARTING counts as running', args: ['status', 'slow'], supervisorctl: 0, drover: 0 },
  { situation: 'status: BACKOFF counts as running', args: ['status', 'flaky'], supervisorctl: 0, drover: 0 },
  { situation: 'status: something listed STOPPED', args: ['status', 'ok', 'idle'], supervisorctl: 3, drover: 3 },
  { situation: 'status: a name that matches nothing', args: ['status', 'nosuch'], supervisorctl: 4, drover: 4 },
  { situation: 'status: a known and an unknown name', args: ['status', 'ok', 'nosuch'], supervisorctl: 4, drover: 4 },
  { situation: 'start: a name that matches nothing', args: ['start', 'nosuch'], supervisorctl: 1, drover: 1 },
  { situation: 'start: already running', args: ['start', 'ok'], supervisorctl: 0, drover: 0 },
  { situation: 'start: a stopped process', args: ['start', 'idle2'], supervisorctl: 0, drover: 0 },
  { situation: 'start: the start fails', args: ['start', 'broken'], supervisorctl: 7, drover: 7 },
  { situation: 'status: something listed FATAL', args: ['status', 'broken'], supervisorctl: 3, drover: 3 },
  // supervisorctl's figures for one-shots: supervisord with startsecs=0 and autorestart=false, its nearest equivalent.
  {
    situation: 'status: a one-shot that is done',
    args: ['status', 'ok', 'release'],
    supervisorctl: 3,
    drover: 0,
    differs: 'a type: oneshot program that exited as expected is done, not stopped; supervisord has no one-shot and counts every EXITED as stopped',
  },
  { situation: 'start: a one-shot runs again and is done', args: ['start', 'release'], supervisorctl: 0, drover: 0 },
  {
    situation: 'start: a one-shot fails',
    args: ['start', 'badrelease'],
    supervisorctl: 0,
    drover: 7,
    differs: 'drover waits for a one-shot to finish, as systemctl start does; supervisorctl answers once it is spawned',
  },
  { situation: 'restart: a name that matches nothing', args: ['restart', 'nosuch'], supervisorctl: 1, drover: 1 },
  { situation: 'restart: the start fails', args: ['restart', 'broken'], supervisorctl: 7, drover: 7 },
  { situation: 'stop: a name that matches nothing', args: ['stop', 'nosuch'], supervisorctl: 1, drover: 1 },
  { situation: 'stop: already stopped', args: ['stop', 'idle'], supervisorctl: 0, drover: 0 },
  { situation: 'stop: a running process', args: ['stop', 'victim'], supervisorctl: 0, drover: 0 },
  { situation: 'signal: a name that matches nothing', args: ['signal', 'HUP', 'nosuch'], supervisorctl: 1, drover: 1 },
  { situation: 'signal: a bad signal name', args: ['signal', 'BOGUS', 'ok'], supervisorctl: 1, drover: 1 },
  { situation: 'signal: a bad signal number', args: ['signal', '99', 'ok'], supervisorctl: 1, drover: 1 },
  { situation: 'signal: a stopped process', args: ['signal', 'HUP', 'idle'], supervisorctl: 7, drover: 7 },
  { situation: 'signal: a running process', args: ['signal', 'USR1', 'ok'], supervisorctl: 0, drover: 0 },
  { situation: "pid: the supervisor's", args: ['pid'], supervisorctl: 0, drover: 0 },
  { situation: 'pid: a running process', args: ['pid', 'ok'], supervisorctl: 0, drover: 0 },
  { situation: 'pid: a stopped process', args: ['pid', 'idle'], supervisorctl: 7, drover: 7 },
  { situation: 'pid: a name that matches nothing', args: ['pid', 'nosuch'], supervisorctl: 1, drover: 1 },
  { situation: 'pid all, some stopped', args: ['pid', 'all'], supervisorctl: 0, drover: 0 },
  { situation: 'tail: a process', args: ['tail', 'ok'], supervisorctl: 0, drover: 0 },
  { situation: 'tail: a name that matches nothing', args: ['tail', 'nosuch'], supervisorctl: 1, drover: 1 },
  {
    situation: 'tail -f: a name that matches nothing',
    args: ['tail', '-f', 'nosuch'],
    supervisorctl: 0,
    drover: 1,
    differs: 'supervisorctl prints the 404 it got and exits 0; drover fails as plain tail does',
  },
  {
    situation: 'tail: a name that matches several processes',
    args: ['tail', 'multi'],
    supervisorctl: 1,
    drover: 0,
    differs: "drover prints every matched process's lines, each after its name, as docker compose logs does",
  },
  { situation: 'reread', args: ['reread'], supervisorctl: 0, drover: 0 },
  { situation: 'update', args: ['update'], supervisorctl: 0, drover: 0 },
  { situation: 'update: a program that does not exist', args: ['update', 'nosuch'], supervisorctl: 1, drover: 1 },
  { situation: 'reread: the config is broken', args: ['reread'], supervisorctl: 1, drover: 1, before: () => Promise.resolve(breakConfig()), after: mendConfig },
  { situation: 'update: the config is broken', args: ['update'], supervisorctl: 1, drover: 1, before: () => Promise.resolve(breakConfig()), after: mendConfig },
  { situation: 'bad usage: start with no name', args: ['start'], supervisorctl: 2, drover: 2 },
  { situation: 'bad usage: stop with no name', args: ['stop'], supervisorctl: 1, drover: 2, differs: 'every usage mistake is 2 (LSB: invalid arguments)' },
  { situation: 'bad usage: an unknown verb', args: ['frobnicate'], supervisorctl: 1, drover: 2, differs: 'every usage mistake is 2 (LSB: invalid arguments)' },
  { situation: 'scale (drover only): an unknown program', args: ['scale', 'nosuch', '2'], supervisorctl: null, drover: 2 },
  { situation: 'scale (drover only): below 0', args: ['scale', 'ok', '-5'], supervisorctl: null, drover: 2 },
  { situation: 'reload (drover only): a name that matches nothing', args: ['reload', 'nosuch'], supervisorctl: null, drover: 2 },
  { situation: 'shutdown', args: ['shutdown'], supervisorctl: 0, drover: 0 },
  { situation: 'status: no supervisor answers', args: ['status'], supervisorctl: 4, drover: 4 },
  {
    situation: 'start: no supervisor answers',
    args: ['start', 'ok'],
    supervisorctl: 7,
    drover: 4,
    differs: 'drover says 4 for every verb; supervisorctl says 7 when the socket file is missing and 4 when it refuses',
  },
];

beforeAll(async () => {
  h = new DaemonHarness();
  h.writeConfig(CONFIG);
  const started = await h.startDaemon();
  expect(started.code, started.stderr).toBe(0);
  await waitFor('ok RUNNING, slow STARTING, flaky backing off', async () => {
    const list = JSON.parse((await ctl('status', '--json')).stdout) as { name: string; state: string; restarts: number }[];
    const of = (name: string) => list.find((p) => p.name === name);
    return (
      of('ok:ok')?.state === 'RUNNING' &&
      of('release:release')?.state === 'EXITED' &&
      of('slow:slow')?.state === 'STARTING' &&
      of('victim:victim')?.state === 'RUNNING' &&
      of('flaky:flaky')!.restarts >= 1
    );
  });
  await h.rememberPrograms();
});
afterAll(async () => {
  await h.cleanup();
});

describe("drover ctl's exit codes are supervisorctl's (docs/ctl.md)", () => {
  for (const row of ROWS) {
    it(`${row.situation}: ${row.drover}`, async () => {
      if (row.supervisorctl !== null && row.differs === undefined) expect(row.drover, 'the table says drover agrees with supervisorctl').toBe(row.supervisorctl);
      await row.before?.();
      try {
        const result = await ctl(...row.args);
        expect(result.code, `drover ctl ${row.args.join(' ')}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`).toBe(row.drover);
      } finally {
        row.after?.();
      }
    });
  }
});
