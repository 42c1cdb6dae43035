import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/cli-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { freePort } from '../helpers/free-port.js';
import { getOnNewConnection } from '../helpers/prefork.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * `drover import` end to end: a real supervisord.conf (with an include and a
 * group, every [program:x] option set) is imported by the built CLI, checked,
 * run by a real `drover --daemon`, and looked at through `drover ctl`.
 */

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

interface Status {
  name: string;
  group: string;
  state: string;
  pid: number | null;
}

const statusJson = async (): Promise<Status[]> => {
  const result = await h.runToEnd(['ctl', 'status', '--json', '-c', 'programs.yaml']);
  return JSON.parse(result.stdout) as Status[];
};

/** The variables a process started with, from /proc. */
const environOf = (pid: number) =>
  Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
const cmdlineOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
const umaskOf = (pid: number) => /Umask:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];

const SUPERVISORD_CONF = (user: string) => `; written as supervisord users write it
[unix_http_server]
file=%(here)s/run/drover.sock   ; where ctl talks to the supervisor
chmod=0700

[supervisord]
logfile=%(here)s/logs/supervisord.log
pidfile=%(here)s/run/drover.pid
environment=GREETING="hello, world"
nodaemon=false

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:sleeper]
command=sh -c "echo up %(program_name)s_%(process_num)d; exec sleep 1000"
process_name=%(program_name)s_%(process_num)02d
numprocs=2
numprocs_start=1
directory=%(here)s/work
environment=WORKER="%(process_num)d",WHERE="%(here)s"
user=${user}
umask=027
autostart=true
autorestart=unexpected
exitcodes=0,2
startsecs=0
startretries=2
stopsignal=INT
stopwaitsecs=5
stopasgroup=true
killasgroup=true
priority=10
redirect_stderr=true
stdout_logfile=%(here)s/logs/%(program_name)s_%(process_num)02d.log
stdout_logfile_maxbytes=1MB
stdout_logfile_backups=2
stderr_logfile=NONE
stderr_logfile_maxbytes=0
stderr_logfile_backups=0
stdout_events_enabled=true
serverurl=AUTO

[program:idle]
command=sleep 1001
autostart=no
autorestart=false

[eventlistener:memmon]
command=memmon -a 200MB
events=TICK_60

[group:pack]
programs=sleeper,idle
priority=5

[include]
files = conf.d/*.conf
`;

const INCLUDED = `[program:extra]
command = sleep 1002 ; from an included file
startsecs = 0
stdout_logfile = %(here)s/extra.log
`;

describe('drover import, round trip', () => {
  it('imports a supervisord.conf with every option; the result checks, runs, and answers ctl status', async () => {
    const user = userInfo().username;
    h.writeConfig(SUPERVISORD_CONF(user), 'supervisord.conf');
    mkdirSync(path.join(h.dir, 'conf.d'));
    h.writeConfig(INCLUDED, 'conf.d/extra.conf');
    mkdirSync(path.join(h.dir, 'work'));
    mkdirSync(path.join(h.dir, 'logs'));

    const imported = await h.runToEnd(['import', 'supervisord.conf']);
    expect(imported.code, imported.stderr).toBe(0);
    const warnings = imported.stderr.trim().split('\n');
    expect(
      warnings.every((line) => /^(supervisord\.conf|conf\.d\/extra\.conf):\d+: warning: /.test(line)),
      imported.stderr,
    ).toBe(true);
    // Each setting with no equivalent is listed at its own line.
    const lineOf = (text: string) =>
      `supervisord.conf:${
        SUPERVISORD_CONF(user)
          .split('\n')
          .findIndex((line) => line.startsWith(text)) + 1
      }`;
    const unmapped = ['chmod=0700', 'nodaemon=false', '[rpcinterface:supervisor]', 'stdout_events_enabled=true', 'serverurl=AUTO', '[eventlistener:memmon]', 'priority=5'];
    expect(warnings.map((line) => line.split(': warning: ')[0])).toEqual(unmapped.map(lineOf));
    expect(imported.stdout).toContain('# Not carried over as written (7):');
    writeFileSync(path.join(h.dir, 'programs.yaml'), `${imported.stdout}\n`);

    const checked = await h.runToEnd(['check', '-c', 'programs.yaml']);
    expect(checked.code, `${checked.stderr}\n${imported.stdout}`).toBe(0);
    expect(checked.stdout).toMatch(/OK, 3 programs, 4 processes, 1 group$/);

    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const list = await waitFor('the imported programs RUNNING', async () => {
      const all = await statusJson();
      const running = all.filter((p) => p.state === 'RUNNING').map((p) => p.name);
      return running.length === 3 ? all : null;
    });
    await h.rememberPrograms();
    // [group:pack] names its programs' processes pack:…, as supervisorctl lists them.
    expect(list.map((p) => [p.name, p.group, p.state])).toEqual([
      ['pack:sleeper_01', 'pack', 'RUNNING'],
      ['pack:sleeper_02', 'pack', 'RUNNING'],
      ['pack:idle', 'pack', 'STOPPED'],
      ['extra:extra', 'extra', 'RUNNING'],
    ]);

    const sleeper = list[0]!.pid!;
    expect(cmdlineOf(sleeper)).toEqual(['sleep', '1000']);
    expect(environOf(sleeper)).toMatchObject({ GREETING: 'hello, world', WORKER: '1', WHERE: h.dir });
    expect(environOf(list[1]!.pid!)).toMatchObject({ WORKER: '2' });
    expect(readlinkSync(`/proc/${sleeper}/cwd`)).toBe(path.join(h.dir, 'work'));
    expect(umaskOf(sleeper)).toBe('0027');
    expect(cmdlineOf(list[3]!.pid!)).toEqual(['sleep', '1002']);
    const log = path.join(h.dir, 'logs', 'sleeper_02.log');
    await waitFor('sleeper_02 to write its log', () => existsSync(log) && readFileSync(log, 'utf8').includes('up sleeper_2'));

    const shutdown = await h.runToEnd(['ctl', 'shutdown', '-c', 'programs.yaml']);
    expect(shutdown.code, shutdown.stderr).toBe(0);
    await waitFor('the imported programs to stop', () => list.every((p) => p.pid === null || !isAlive(p.pid)));
  });

  it('with --prefork, an [fcgi-program:x] runs as prefork workers that get the socket as stdin', async () => {
    const port = await freePort();
    h.writeConfig(
      `[unix_http_server]\nfile=%(here)s/run/drover.sock\n[supervisord]\npidfile=%(here)s/run/drover.pid\nchildlogdir=%(here)s/logs\n` +
        `[fcgi-program:site]\ncommand=${process.execPath} ${path.join(FIXTURES, 'serve-on-stdin.mjs')}\nsocket=tcp://127.0.0.1:${port}\nnumprocs=2\nstartsecs=0\n`,
      'supervisord.conf',
    );
    const imported = await h.runToEnd(['import', '--prefork', 'supervisord.conf']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toBe('');
    writeFileSync(path.join(h.dir, 'programs.yaml'), imported.stdout);
    expect((await h.runToEnd(['check', '-c', 'programs.yaml'])).code).toBe(0);

    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const workers = await waitFor('2 workers RUNNING', async () => {
      const all = await statusJson();
      return all.length === 2 && all.every((p) => p.state === 'RUNNING') ? all : null;
    });
    await h.rememberPrograms();
    expect(workers.map((p) => p.name)).toEqual(['site:site_00', 'site:site_01']);
    const answer = await waitFor('an answer on the shared port', () => getOnNewConnection(port).catch(() => null));
    expect(answer).toMatch(/^served on stdin by (\d+)\n$/);
    expect(workers.map((p) => p.pid)).toContain(Number(/by (\d+)/.exec(answer)![1]));
    expect((await h.runToEnd(['ctl', 'shutdown', '-c', 'programs.yaml'])).code).toBe(0);
  });
});

describe('drover import, exit codes and messages', () => {
  it('exits 1 naming the file when it cannot be read or is neither format', async () => {
    const missing = await h.runToEnd(['import', 'nope.conf']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('drover import: nope.conf:1: cannot read the file to import: no such file or directory (ENOENT)\n');
    h.writeConfig('just some text\n', 'notes.txt');
    const neither = await h.runToEnd(['import', 'notes.txt']);
    expect(neither.code).toBe(1);
    expect(neither.stderr).toMatch(/^drover import: notes\.txt:1: not a supervisord config \(no \[section\] headers.*\) and not a Procfile/);
    expect(neither.stdout).toBe('');
  });

  it('exits 1 with every bad line of a config that does not parse', async () => {
    h.writeConfig('[program:a]\ncommand=x\nwhat\n[program:b]\nalso bad\n', 'supervisord.conf');
    const result = await h.runToEnd(['import', 'supervisord.conf']);
    expect(result.code).toBe(1);
    expect(
      result.stderr
        .trim()
        .split('\n')
        .map((line) => line.split(': expected')[0]),
    ).toEqual(['drover import: supervisord.conf:3', 'drover import: supervisord.conf:5']);
  });

  it('imports a Procfile, warnings on stderr, exit 0', async () => {
    h.writeConfig('web: gunicorn app:app -w 3\nworker: sleep 1000\noops\n', 'Procfile');
    const result = await h.runToEnd(['import', 'Procfile', '--prefork']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Procfile:3: warning: expected a Procfile line "name: command", got "oops"; skipped\n');
    expect(result.stdout).toContain('    type: prefork\n    command: gunicorn -w 1 app:app\n');
  });

  it('with --prefork, warns that the gunicorn.conf.py server hooks would run once per worker', async () => {
    h.writeConfig('def on_starting(server):\n    start_scheduler()\n', 'gunicorn.conf.py');
    h.writeConfig('web: gunicorn -w 4 app:app\n', 'Procfile');
    const result = await h.runToEnd(['import', 'Procfile', '--prefork']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^Procfile:1: warning: gunicorn\.conf\.py defines gunicorn server hooks \(on_starting\) that run once per gunicorn master; .*hooks: on_starting: COMMAND.*separate program\n$/,
    );
  });

  it('exits 2 for usage errors', async () => {
    expect((await h.runToEnd(['import'])).code).toBe(2);
    expect((await h.runToEnd(['import', 'a', 'b'])).code).toBe(2);
    const misplaced = await h.runToEnd(['check', '--prefork']);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/--prefork is an option of drover import only/);
  });
});
