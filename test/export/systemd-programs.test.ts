import { describe, expect, it } from 'vitest';
import { exportConfig } from '../../src/export/export-config.js';
import { lines, useConfigDir } from '../config/temp-config.js';
import { parseUnitFiles, single, testContext, verifyUnits } from './unit-files.js';

const t = useConfigDir();
const PER_PROGRAM = { kind: 'systemd', perProgram: true, socketActivation: false } as const;

const CONFIG = lines(
  'programs:',
  '  queue:',
  '    command: [sh, -c, "exec sleep 100 # $HOME %(process_num)02d"]',
  '    numprocs: 2',
  '    numprocs_start: 1',
  '    environment: { QUEUE: default, RATE: "50%%" }',
  '    user: www-data',
  '    umask: "022"',
  '    autorestart: unexpected',
  '    exitcodes: [0, 3]',
  '    stopsignal: INT',
  '    stopwaitsecs: 30s',
  '    startsecs: 2',
  '    startretries: 4',
  '    max_memory: 512MiB',
  '    stdout_logfile: "%(here)s/logs/%(program_name)s-%(process_num)02d.log"',
  '    depends_on: [web]',
  '  web:',
  '    type: prefork',
  '    command: asgi-server main:app --fd {fd}',
  '    bind: 127.0.0.1:8000',
  '    workers: 2',
  '  cron:',
  '    command: [sleep, "100"]',
  '    autostart: false',
  '    autorestart: false',
  '    exitcodes: [2]',
  '    redirect_stderr: true',
);

async function exportUnits(yaml = CONFIG) {
  const config = await t.config(yaml);
  const { text, warnings } = await exportConfig(PER_PROGRAM, config, testContext());
  return { text, warnings, files: parseUnitFiles(text) };
}

describe('drover export systemd --per-program', () => {
  it('writes a template unit per program, a socket per prefork program and a target', async () => {
    const { files } = await exportUnits();
    expect([...files.keys()]).toEqual(['queue@.service', 'web@.service', 'web.socket', 'cron@.service', 'drover.target']);
  });

  it('maps the process settings of a plain program', async () => {
    const queue = (await exportUnits()).files.get('queue@.service');
    expect(single(queue, 'Unit', 'Description')).toBe(`queue process %i (drover program from ${t.dir}/programs.yaml)`);
    expect(single(queue, 'Unit', 'PartOf')).toBe('drover.target');
    expect(single(queue, 'Unit', 'Wants')).toBe('web@0.service web@1.service');
    expect(single(queue, 'Unit', 'After')).toBe('network.target web@0.service web@1.service');
    // 5 starts (the first and 4 retries) of 1 s backoff + 2 s startsecs each.
    expect(single(queue, 'Unit', 'StartLimitBurst')).toBe('5');
    expect(single(queue, 'Unit', 'StartLimitIntervalSec')).toBe('15');
    expect(single(queue, 'Service', 'Type')).toBe('simple');
    expect(single(queue, 'Service', 'ExecStart')).toMatch(/^\/(usr\/)?bin\/sh -c "exec sleep 100 # \$\$HOME %i"$/);
    expect(queue?.Service?.Environment).toEqual(['"PATH=/usr/local/bin:/usr/bin:/bin"', '"QUEUE=default"', '"RATE=50%%"']);
    expect(single(queue, 'Service', 'User')).toBe('www-data');
    expect(single(queue, 'Service', 'WorkingDirectory')).toBe(t.dir);
    expect(single(queue, 'Service', 'UMask')).toBe('0022');
    expect(single(queue, 'Service', 'Restart')).toBe('on-failure');
    expect(single(queue, 'Service', 'RestartSec')).toBe('1');
    expect(single(queue, 'Service', 'SuccessExitStatus')).toBe('3');
    expect(single(queue, 'Service', 'RestartForceExitStatus')).toBe('SIGHUP SIGINT SIGTERM SIGPIPE');
    expect(single(queue, 'Service', 'KillSignal')).toBe('SIGINT');
    expect(single(queue, 'Service', 'KillMode')).toBe('control-group');
    expect(single(queue, 'Service', 'TimeoutStopSec')).toBe('30');
    expect(single(queue, 'Service', 'MemoryMax')).toBe(String(512 * 1024 * 1024));
    expect(single(queue, 'Service', 'StandardOutput')).toBe(`append:${t.dir}/logs/queue-%i.log`);
    expect(single(queue, 'Service', 'StandardError')).toBe('journal');
  });

  it('maps a prefork program to instances sharing the socket unit, fd 3 onwards', async () => {
    const { files, warnings } = await exportUnits();
    const web = files.get('web@.service');
    expect(single(web, 'Unit', 'Requires')).toBe('web.socket');
    expect(single(web, 'Unit', 'After')).toBe('network.target web.socket');
    expect(single(web, 'Service', 'Sockets')).toBe('web.socket');
    // asgi-server is installed nowhere: found through env when the unit starts.
    expect(single(web, 'Service', 'ExecStart')).toBe('/usr/bin/env asgi-server main:app --fd 3');
    expect(warnings).toContainEqual(
      expect.stringMatching(/programs\.yaml:18:3: programs\.web\.command: command not found: asgi-server is not in PATH here, so ExecStart= runs it through \/usr\/bin\/env/),
    );
    expect(single(web, 'Service', 'Restart')).toBe('always');
    const socket = files.get('web.socket');
    expect(socket?.Socket?.ListenStream).toEqual(['127.0.0.1:8000']);
    expect(single(socket, 'Socket', 'Service')).toBe('web@0.service');
    expect(single(socket, 'Unit', 'PartOf')).toBe('drover.target');
  });

  it('restarts an exit 0 that exitcodes leaves out, and maps redirect_stderr and autorestart: false', async () => {
    const cron = (await exportUnits()).files.get('cron@.service');
    expect(single(cron, 'Service', 'Restart')).toBe('no');
    expect(single(cron, 'Service', 'ExecStart')).toMatch(/^\/(usr\/)?bin\/sleep 100$/);
    expect(single(cron, 'Service', 'StandardError')).toBe('inherit');
    const unexpected = (await exportUnits(lines('programs:', '  a:', '    command: sleep 1', '    exitcodes: [2]'))).files.get('a@.service');
    expect(single(unexpected, 'Service', 'SuccessExitStatus')).toBe('2');
    expect(single(unexpected, 'Service', 'RestartForceExitStatus')).toBe('0 SIGHUP SIGINT SIGTERM SIGPIPE');
  });

  it('starts every instance of the autostart programs from the target, and says how to start the others', async () => {
    const { text, files } = await exportUnits();
    const target = files.get('drover.target');
    expect(single(target, 'Unit', 'Wants')).toBe('queue@01.service queue@02.service web.socket web@0.service web@1.service');
    expect(single(target, 'Install', 'WantedBy')).toBe('multi-user.target');
    expect(text).toMatch(/# cron has autostart: false, so the target does not start it: systemctl start cron@0\.service/);
  });

  it('runs an app: program in drover’s worker runtime, which takes the sockets systemd passes', async () => {
    t.write('server.mjs', 'export default (req, res) => res.end("hi");\n');
    const { files } = await exportUnits(
      lines('programs:', '  site:', '    type: prefork', '    app: server.mjs', '    bind: 127.0.0.1:8100', '    graceful_timeout: 7s', '    max_requests: 50'),
    );
    const site = files.get('site@.service');
    expect(single(site, 'Service', 'ExecStart')).toBe(`${process.execPath} /opt/drover/dist/worker-runtime/worker-main.js ${t.dir}/server.mjs`);
    expect(site?.Service?.Environment).toEqual(['"PATH=/usr/local/bin:/usr/bin:/bin"', '"DROVER_GRACEFUL_TIMEOUT_MS=7000"', '"DROVER_MAX_REQUESTS=50"']);
  });

  it('says what does not carry over, placed at the program', async () => {
    const { warnings } = await exportUnits(
      lines(
        'programs:',
        '  w:',
        '    command: sleep 1',
        '    watch: ["*.py"]',
        '    cron_restart: "0 4 * * *"',
        '    readiness: { tcp: "127.0.0.1:9" }',
        '    max_cpu: 90',
        '    priority: 5',
        '    process_name: "%(program_name)s_%(process_num)02d"',
        '    numprocs: 2',
        '    environment: { A: "%(process_num)d", B: "%(process_num)02d" }',
        'groups:',
        '  g: [w]',
      ),
    );
    const at = (option: string) => expect.stringMatching(new RegExp(`programs\\.yaml:2:3: programs\\.w\\.${option}: not carried over`));
    expect(warnings).toEqual(
      expect.arrayContaining([
        at('watch'),
        at('cron_restart'),
        at('readiness'),
        at('max_cpu'),
        at('priority'),
        expect.stringMatching(/programs\.w: its templates write %\(process_num\) in more than one way/),
        expect.stringMatching(/programs\.yaml: groups: not carried over \(they name programs for drover ctl\); one target starts every program/),
      ]),
    );
  });

  it('passes systemd-analyze verify', async () => {
    const { text } = await exportUnits();
    expect(verifyUnits(text)).toEqual({ status: 0, problems: [] });
  });
});
