import { describe, expect, it } from 'vitest';
import { lines, useImportDir } from './import-fixture.js';

const t = useImportDir();

describe('[program:x]: every option drover knows', () => {
  it('maps each to its programs.yaml name and form', async () => {
    const options = await t.program(
      lines(
        '[program:tasks]',
        'command=rq worker "default queue" --url=%(ENV_REDIS_URL)s',
        'process_name=%(program_name)s_%(process_num)02d',
        'numprocs=4',
        'numprocs_start=1',
        'directory=/srv/app',
        'environment=QUEUE="default",WORKER_ID="%(process_num)d"',
        'user=www-data',
        'umask=022',
        'autostart=false',
        'autorestart=unexpected',
        'exitcodes=0,2',
        'startsecs=5',
        'startretries=10',
        'stopsignal=QUIT',
        'stopwaitsecs=30',
        'stopasgroup=true',
        'killasgroup=true',
        'priority=100',
        'redirect_stderr=false',
        'stdout_logfile=/var/log/%(program_name)s-%(process_num)d.log',
        'stdout_logfile_maxbytes=10MB',
        'stdout_logfile_backups=3',
        'stderr_logfile=NONE',
        'stderr_logfile_maxbytes=1024',
        'stderr_logfile_backups=0',
      ),
      'tasks',
    );
    expect(options).toEqual({
      command: 'rq worker "default queue" --url=${REDIS_URL}',
      process_name: '%(program_name)s_%(process_num)02d',
      numprocs: 4,
      numprocs_start: 1,
      directory: '/srv/app',
      environment: { QUEUE: 'default', WORKER_ID: '%(process_num)d' },
      user: 'www-data',
      umask: '022',
      autostart: false,
      autorestart: 'unexpected',
      exitcodes: [0, 2],
      startsecs: 5,
      startretries: 10,
      stopsignal: 'QUIT',
      stopwaitsecs: 30,
      stopasgroup: true,
      killasgroup: true,
      priority: 100,
      redirect_stderr: false,
      stdout_logfile: '/var/log/%(program_name)s-%(process_num)d.log',
      stdout_logfile_maxbytes: '10MB',
      stdout_logfile_backups: 3,
      stderr_logfile: 'none',
      stderr_logfile_maxbytes: 1024,
      stderr_logfile_backups: 0,
    });
  });

  it.each([
    ['autostart=yes', { autostart: true }],
    ['autostart=Off', { autostart: false }],
    ['autostart=1', { autostart: true }],
    ['autorestart=true', { autorestart: true }],
    ['autorestart=FALSE', { autorestart: false }],
    ['autorestart=unexpected', { autorestart: 'unexpected' }],
    ['stopsignal=sigterm', { stopsignal: 'TERM' }],
    ['stopsignal=9', { stopsignal: 'KILL' }],
    ['stopsignal=usr2', { stopsignal: 'USR2' }],
    ['exitcodes=0', { exitcodes: [0] }],
    ['exitcodes=0, 1 ,2', { exitcodes: [0, 1, 2] }],
    ['stdout_logfile_maxbytes=1GB', { stdout_logfile_maxbytes: '1GB' }],
    ['stdout_logfile_maxbytes=0', { stdout_logfile_maxbytes: 0 }],
    ['stdout_logfile=AUTO', { stdout_logfile: 'auto' }],
    ['stdout_logfile=off', { stdout_logfile: 'none' }],
    ['umask=0o27', { umask: '027' }],
    ['directory=~/app', { directory: '${HOME}/app' }],
    ['startsecs=%(ENV_START)s', { startsecs: '${START}' }],
  ])('%s', async (line, expected) => {
    const options = await t.program(lines('[program:a]', 'command=sleep 1', line), 'a');
    expect(options).toEqual({ command: 'sleep 1', ...expected });
  });

  it('expands %(here)s to the folder of the file the section is in', async () => {
    const options = await t.program(lines('[program:a]', 'command=%(here)s/bin/run', 'directory=%(here)s', 'stdout_logfile=%(here)s/a.log'), 'a');
    expect(options).toMatchObject({ command: `${t.dir}/bin/run`, directory: t.dir, stdout_logfile: `${t.dir}/a.log` });
  });

  it('keeps literal $ and % as supervisord passed them', async () => {
    const options = await t.program(lines('[program:a]', 'command=sh -c "echo ${HOME} costs $$5 at 100%%"', 'environment=A="x${Y}%%"'), 'a');
    expect(options).toEqual({ command: 'sh -c "echo $${HOME} costs $$$5 at 100%%"', environment: { A: 'x$${Y}%%' } });
  });

  it('writes a command with shell syntax as a list of the arguments supervisord passed', async () => {
    const { config, warnings } = await t.supervisord(lines('[program:a]', 'command=python app.py > out.log'));
    expect(config.programs[0]!.options.command).toEqual(['python', 'app.py', '>', 'out.log']);
    expect(warnings).toEqual([
      'supervisord.conf:2: the command holds ">", which supervisord passed to "python" as a plain argument, not to a shell; it is written as a list so that drover does the same (to use a shell, write: sh -c "…")',
    ]);
  });

  it('gives %(ENV_X)s in command and log files the program environment first, then [supervisord] environment', async () => {
    const options = await t.program(
      lines(
        '[supervisord]',
        'environment=REGION="eu",LEVEL="info"',
        '[program:a]',
        'command=run --region=%(ENV_REGION)s --level=%(ENV_LEVEL)s --home=%(ENV_HOME)s',
        'environment=LEVEL="debug"',
      ),
      'a',
    );
    expect(options).toEqual({
      command: 'run --region=eu --level=debug --home=${HOME}',
      environment: { REGION: 'eu', LEVEL: 'debug' },
    });
  });
});

describe('[program:x]: warnings, each at its line', () => {
  it('lists options with no equivalent, unknown options and refused values, and drops them', async () => {
    const { config, warnings } = await t.supervisord(
      lines(
        '[program:a]',
        'command=sleep 1',
        'stdout_events_enabled=true',
        'stdout_events_enabled=false',
        'stderr_capture_maxbytes=1MB',
        'stdout_syslog=true',
        'serverurl=AUTO',
        'autostart=maybe',
        'numprocs=0',
        'colour=blue',
        'priority=-1',
        'stderr_logfile=syslog',
        'directory=relative/dir',
        'stopsignal=NOPE',
      ),
    );
    expect(config.programs[0]!.options).toEqual({ command: 'sleep 1', priority: 0, directory: 'relative/dir' });
    expect(warnings).toEqual([
      'supervisord.conf:5: stderr_capture_maxbytes=1MB has no equivalent: capture mode feeds supervisord events, which drover does not have; not imported',
      'supervisord.conf:6: stdout_syslog=true has no equivalent: drover writes output to log files and its ring buffer, not to syslog; not imported',
      'supervisord.conf:7: serverurl=AUTO has no equivalent: drover sets no SUPERVISOR_SERVER_URL for its programs; drover ctl finds the socket from the config; not imported',
      'supervisord.conf:8: autostart: expected true or false (yes/no, on/off, 1/0), got "maybe" (supervisord refuses it too); not imported',
      'supervisord.conf:9: numprocs: expected a whole number ≥ 1, got "0" (supervisord refuses it too); not imported',
      'supervisord.conf:10: unknown option "colour" (supervisord ignores it too); not imported',
      "supervisord.conf:11: priority -1 is below 0, drover's lowest; written as 0 (start order among negative priorities is lost)",
      "supervisord.conf:12: stderr_logfile=syslog has no equivalent: drover writes output to log files and its ring buffer, not to syslog; drover's default (auto) is used",
      'supervisord.conf:13: "relative/dir" is relative: supervisord resolved it against the folder it was started from, drover resolves it against the folder of programs.yaml',
      'supervisord.conf:14: stopsignal: expected a signal name such as TERM, INT, QUIT, HUP or KILL, got "NOPE" (supervisord refuses it too); not imported',
    ]);
  });

  it('skips a program without a command, or with one that cannot be split, saying so', async () => {
    const { config, warnings } = await t.supervisord(lines('[program:a]', 'numprocs=1', '[program:b]', 'command=echo "open', '[program:c]', 'command=x'));
    expect(config.programs.map((p) => p.name)).toEqual(['c']);
    expect(warnings).toEqual([
      'supervisord.conf:1: [program:a] has no command (supervisord refuses it too); not imported',
      'supervisord.conf:4: [program:b] not imported: the command cannot be split into words: a quote is not closed',
    ]);
  });

  it('refuses %(process_num)d where supervisord has no such expansion', async () => {
    const { config, warnings } = await t.supervisord(lines('[program:a]', 'command=x', 'directory=/srv/%(process_num)d'));
    expect(config.programs[0]!.options).toEqual({ command: 'x' });
    expect(warnings).toEqual([
      'supervisord.conf:3: directory: %(process_num)d is expanded per process only in command, process_name, environment and log files (supervisord refuses it here too); not imported',
    ]);
  });
});

describe('[supervisord], [unix_http_server] and the other sections', () => {
  it('maps the socket, pidfile and log folder; gives programs the environment, directory and umask', async () => {
    const { config, warnings } = await t.supervisord(
      lines(
        '[unix_http_server]',
        'file=/run/supervisor.sock',
        'chmod=0770',
        '[supervisord]',
        'logfile=/var/log/supervisor/supervisord.log',
        'pidfile=/run/supervisord.pid',
        'environment=TZ="UTC"',
        'directory=/srv',
        'umask=002',
        'loglevel=debug',
        '[program:a]',
        'command=x',
        '[program:b]',
        'command=y',
        'directory=/opt/b',
        'umask=077',
        'environment=TZ="CET"',
      ),
    );
    expect(config.supervisor).toEqual({ socket: '/run/supervisor.sock', pidfile: '/run/supervisord.pid', logdir: '/var/log/supervisor' });
    expect(config.programs.map((p) => p.options)).toEqual([
      { command: 'x', environment: { TZ: 'UTC' }, directory: '/srv', umask: '002' },
      { command: 'y', directory: '/opt/b', umask: '077', environment: { TZ: 'CET' } },
    ]);
    expect(warnings).toEqual([
      "supervisord.conf:3: chmod=0770 has no equivalent: drover's control socket is always mode 0600 (its owner only); not imported",
      'supervisord.conf:10: loglevel=debug has no equivalent: drover logs state changes at one level; not imported',
    ]);
  });

  it('prefers childlogdir for the log folder and says where supervisord.log went', async () => {
    const { config, warnings } = await t.supervisord(lines('[supervisord]', 'logfile=/var/log/s.log', 'childlogdir=/var/log/children', '[program:a]', 'command=x'));
    expect(config.supervisor).toEqual({ logdir: '/var/log/children' });
    expect(warnings).toEqual([
      'supervisord.conf:2: drover writes its own log and the programs\' auto logs to one folder, supervisor.logdir: "/var/log/children" (from childlogdir); the logfile\'s folder "/var/log" is not used',
    ]);
  });

  it('lists eventlisteners, rpcinterfaces, the inet server, supervisorctl and unknown sections at their lines', async () => {
    const { config, warnings } = await t.supervisord(
      lines(
        '[inet_http_server]',
        'port=127.0.0.1:9001',
        '[supervisorctl]',
        'serverurl=unix:///tmp/supervisor.sock',
        '[rpcinterface:supervisor]',
        'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
        '[eventlistener:memmon]',
        'command=memmon -a 200MB',
        'events=TICK_60',
        '[program:a]',
        'command=x',
        '[custom]',
        'x=1',
      ),
    );
    expect(config.programs.map((p) => p.name)).toEqual(['a']);
    expect(warnings).toEqual([
      "supervisord.conf:1: [inet_http_server] has no equivalent: drover's control API listens on its unix socket only (supervisor.socket); there is no TCP port or web page; not imported",
      'supervisord.conf:4: serverurl=unix:///tmp/supervisor.sock has no equivalent: drover ctl finds the socket from programs.yaml (-c), $DROVER_SOCKET or --socket, and has no login or prompt; not imported',
      "supervisord.conf:5: [rpcinterface:supervisor] has no equivalent: drover's control API is built in; RPC interface plugins do not carry over; not imported",
      'supervisord.conf:7: [eventlistener:memmon] has no equivalent: drover has no event listeners; its control API streams state changes instead (drover ctl status --json polls them); not imported',
      'supervisord.conf:12: [custom] is not a section supervisord or drover knows; not imported',
    ]);
  });
});

describe('[group:x]', () => {
  it('becomes a groups: entry, and gives its programs %(group_name)s', async () => {
    const { config, warnings } = await t.supervisord(
      lines(
        '[group:backend]',
        'programs=web, worker,ghost',
        'priority=10',
        '[program:web]',
        'command=x',
        'directory=/srv/%(group_name)s',
        '[program:worker]',
        'command=y --group=%(group_name)s',
        '[program:solo]',
        'command=z',
        'directory=/srv/%(group_name)s',
      ),
    );
    expect(config.groups).toEqual({ backend: ['web', 'worker'] });
    expect(config.programs.map((p) => p.options)).toEqual([
      { command: 'x', directory: '/srv/backend' },
      { command: 'y --group=%(group_name)s' },
      { command: 'z', directory: '/srv/solo' },
    ]);
    expect(warnings).toEqual([
      'supervisord.conf:2: [group:backend] names "ghost", which is not an imported program; left out of the group',
      'supervisord.conf:3: priority=10 has no equivalent: drover orders programs, not groups: set priority on the programs of the group; not imported',
    ]);
  });
});
