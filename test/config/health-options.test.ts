import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, useConfigDir } from './temp-config.js';

const t = useConfigDir();
const MB = 1024 * 1024;

/** A plain program `web` with the given extra option lines (indented 4). */
function web(...options: string[]): string {
  return lines('programs:', '  web:', '    command: node app.js', ...options.map((line) => `    ${line}`));
}

/** A prefork program `site` with the given extra option lines. */
function site(...options: string[]): string {
  return lines('programs:', '  site:', '    type: prefork', '    command: x', '    bind: 127.0.0.1:8000', ...options.map((line) => `    ${line}`));
}

async function program(yaml: string) {
  const config = await t.config(yaml);
  return config.programs[0]!;
}

describe('watch', () => {
  it('takes a single path or glob, resolved against the config folder', async () => {
    expect((await program(web('watch: src/**/*.js'))).watch).toEqual({
      paths: [path.join(t.dir, 'src/**/*.js')],
      ignore: [],
      debounceMs: 500,
      action: 'restart',
    });
  });

  it('takes a list, keeping absolute paths and glob characters', async () => {
    const { watch } = await program(web('watch: [app.py, /etc/app/conf.d, "templates/[a-z]?.html"]'));
    expect(watch!.paths).toEqual([path.join(t.dir, 'app.py'), '/etc/app/conf.d', path.join(t.dir, 'templates/[a-z]?.html')]);
  });

  it('takes a mapping: bare ignore names match at any depth, ignore paths resolve', async () => {
    const { watch } = await program(web('watch:', '  paths: [src, lib]', '  ignore: [node_modules, "*.log", build/out, ./tmp]', '  debounce: 2s', '  action: reload'));
    expect(watch).toEqual({
      paths: [path.join(t.dir, 'src'), path.join(t.dir, 'lib')],
      ignore: [path.join(t.dir, '**/node_modules'), path.join(t.dir, '**/*.log'), path.join(t.dir, 'build/out'), path.join(t.dir, 'tmp')],
      debounceMs: 2000,
      action: 'reload',
    });
  });

  it('reloads a prefork program by default, and takes a debounce of 0', async () => {
    const { watch } = await program(site('watch: { paths: app, debounce: 0 }'));
    expect(watch).toEqual({ paths: [path.join(t.dir, 'app')], ignore: [], debounceMs: 0, action: 'reload' });
  });

  it('is null when not written', async () => {
    expect((await program(web())).watch).toBeNull();
  });

  it('reports problems at the nested key or value', async () => {
    expect(await t.errors(web('watch:', '  paths: [src, 3]', '  ignroe: [tmp]', '  debounce: -1', '  action: bounce', '  ignore: []'))).toEqual([
      'programs.yaml:5:20: programs.web.watch.paths[1]: expected a path or glob such as src/**/*.js, got 3',
      'programs.yaml:6:7: programs.web.watch.ignroe: unknown option "ignroe"; did you mean "ignore"?',
      'programs.yaml:7:17: programs.web.watch.debounce: expected a duration like 500ms, 30s or a number of seconds, got -1',
      'programs.yaml:8:15: programs.web.watch.action: expected restart or reload, got "bounce"',
      'programs.yaml:9:15: programs.web.watch.ignore: expected a name, path or glob such as *.log or tmp/, or a list of them, got a list with no items',
    ]);
  });

  it('suggests the closest action and requires paths', async () => {
    expect(await t.errors(web('watch: { action: restat }'))).toEqual([
      'programs.yaml:4:5: programs.web.watch.paths: this option is required: expected a path or glob such as src/**/*.js, or a list of them, got nothing',
      'programs.yaml:4:22: programs.web.watch.action: expected restart or reload, got "restat"; did you mean "restart"?',
    ]);
  });

  it('rejects an empty list and a number', async () => {
    expect(await t.errors(lines('programs:', '  a:', '    command: x', '    watch: []', '  b:', '    command: x', '    watch: 5'))).toEqual([
      'programs.yaml:4:12: programs.a.watch: expected a path or glob such as src/**/*.js, or a list of them, got a list with no items',
      'programs.yaml:7:12: programs.b.watch: expected a path or glob such as src/**/*.js, a list of them, or a mapping with paths:, got 5',
    ]);
  });
});

describe('readiness and liveness', () => {
  it('apply every default around the one check', async () => {
    const { readiness, liveness, source } = await program(web('readiness:', '  http: http://127.0.0.1:8000/health', 'liveness:', '  tcp: :8000'));
    const file = source.file;
    expect(readiness).toEqual({
      check: { kind: 'http', url: 'http://127.0.0.1:8000/health' },
      source: { file, line: 4, column: 5 },
      initialDelayMs: 0,
      periodMs: 1000,
      timeoutMs: 1000,
      successThreshold: 1,
      failureThreshold: 3,
      startTimeoutMs: 60_000,
    });
    expect(liveness).toEqual({
      check: { kind: 'tcp', host: '127.0.0.1', port: 8000 },
      source: { file, line: 6, column: 5 },
      initialDelayMs: 0,
      periodMs: 10_000,
      timeoutMs: 1000,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it('take every setting', async () => {
    const { readiness } = await program(
      web(
        'readiness:',
        '  exec: pg_isready -h "db host"',
        '  initial_delay: 2s',
        '  period: 500ms',
        '  timeout: 3',
        '  success_threshold: 2',
        '  failure_threshold: 10',
        '  start_timeout: 2m',
      ),
    );
    expect(readiness).toMatchObject({
      check: { kind: 'exec', argv: ['pg_isready', '-h', 'db host'] },
      initialDelayMs: 2000,
      periodMs: 500,
      timeoutMs: 3000,
      successThreshold: 2,
      failureThreshold: 10,
      startTimeoutMs: 120_000,
    });
  });

  it.each([
    ['http: https://example.com', { kind: 'http', url: 'https://example.com' }],
    ['http: http://127.0.0.1:80%(process_num)02d/ready', { kind: 'http', url: 'http://127.0.0.1:80%(process_num)02d/ready' }],
    ['tcp: db.internal:5432', { kind: 'tcp', host: 'db.internal', port: 5432 }],
    ['tcp: "[::1]:6379"', { kind: 'tcp', host: '::1', port: 6379 }],
    ['exec: [redis-cli, ping]', { kind: 'exec', argv: ['redis-cli', 'ping'] }],
    ['log: "listening on \\\\d+"', { kind: 'log', pattern: 'listening on \\d+' }],
  ])('read the check %s', async (check, expected) => {
    expect((await program(web('liveness:', `  ${check}`))).liveness!.check).toEqual(expected);
  });

  it('are null when not written', async () => {
    const { readiness, liveness } = await program(web());
    expect([readiness, liveness]).toEqual([null, null]);
  });

  it('report a bad URL at its value', async () => {
    expect(await t.errors(web('readiness:', '  http: localhost:8000/health'))).toEqual([
      'programs.yaml:5:13: programs.web.readiness.http: expected an http:// or https:// URL such as http://127.0.0.1:8000/health, got "localhost:8000/health"',
    ]);
  });

  it('report two checks at the second, and none at the probe', async () => {
    expect(await t.errors(web('readiness:', '  http: http://127.0.0.1:8000/', '  tcp: :8000', 'liveness: { period: 5s }'))).toEqual([
      'programs.yaml:6:7: programs.web.readiness.tcp: expected exactly one check (http: URL, tcp: host:port, exec: command or log: REGEX), got http and tcp: a probe runs one check; use exec: for anything more',
      'programs.yaml:7:5: programs.web.liveness: expected exactly one check (http: URL, tcp: host:port, exec: command or log: REGEX), got none',
    ]);
  });

  it('report bad values and unknown settings at their own position', async () => {
    expect(
      await t.errors(
        web(
          'readiness:',
          '  tcp: "localhost:99999"',
          '  period: 0',
          '  sucess_threshold: 2',
          'liveness:',
          '  log: "("',
          '  start_timeout: 5s',
          '  failure_threshold: 0',
          '  exec: "a | b"',
        ),
      ),
    ).toEqual([
      'programs.yaml:5:12: programs.web.readiness.tcp: expected host:port, [::1]:port or :port with a port from 1 to 65535, got "localhost:99999"',
      'programs.yaml:6:15: programs.web.readiness.period: expected a duration above 0 like 500ms, 30s or a number of seconds, got 0',
      'programs.yaml:7:7: programs.web.readiness.sucess_threshold: unknown option "sucess_threshold"; did you mean "success_threshold"?',
      'programs.yaml:9:12: programs.web.liveness.log: expected a regular expression matched against each line of output, got "(" (Invalid regular expression: /(/: Unterminated group)',
      'programs.yaml:10:7: programs.web.liveness.start_timeout: unknown option "start_timeout"',
      'programs.yaml:11:26: programs.web.liveness.failure_threshold: expected a whole number ≥ 1, got 0',
      'programs.yaml:12:7: programs.web.liveness.exec: expected exactly one check (http: URL, tcp: host:port, exec: command or log: REGEX), got log and exec: a probe runs one check; use exec: for anything more',
      `programs.yaml:12:13: programs.web.liveness.exec: found the shell operator "|", but drover runs commands without a shell; to use one, write: sh -c 'a | b'`,
    ]);
  });

  it('check templates in the URL and the command', async () => {
    expect(await t.errors(web('readiness:', '  http: http://127.0.0.1:80%(proces_num)02d/', 'liveness:', '  exec: [check, "%(nope)s"]'))).toEqual([
      'programs.yaml:5:13: programs.web.readiness.http: expected a template key (program_name, process_num, group_name, host_node_name, here, numprocs or ENV_<NAME>), got %(proces_num)s; did you mean %(process_num)s?',
      'programs.yaml:7:21: programs.web.liveness.exec[1]: expected a template key (program_name, process_num, group_name, host_node_name, here, numprocs or ENV_<NAME>), got %(nope)s',
    ]);
  });

  it('are rejected on prefork programs, at the key', async () => {
    const message = (option: string) =>
      `${option} is not available for type: prefork programs: the workers share one port, so an http or tcp probe cannot tell them apart; for command: workers use ready_when: { log: REGEX }; app: workers are checked by the built-in runtime's own heartbeat (timeout:)`;
    expect(await t.errors(site('readiness: { tcp: ":8000" }', 'liveness:', '  http: http://127.0.0.1:8000/'))).toEqual([
      `programs.yaml:6:5: programs.site.readiness: ${message('readiness')}`,
      `programs.yaml:7:5: programs.site.liveness: ${message('liveness')}`,
    ]);
  });
});

describe('resource limits', () => {
  it('are null when not written', async () => {
    const { maxMemoryBytes, maxCpu } = await program(web());
    expect([maxMemoryBytes, maxCpu]).toEqual([null, null]);
  });

  it('read max_memory as bytes and max_cpu as percent of one core with a 60s window', async () => {
    const { maxMemoryBytes, maxCpu } = await program(web('max_memory: 512MB', 'max_cpu: 250%'));
    expect([maxMemoryBytes, maxCpu]).toEqual([512 * MB, { percent: 250, windowMs: 60_000 }]);
  });

  it('take max_cpu as a number, with a window', async () => {
    expect((await program(web('max_cpu: 90', 'max_cpu_window: 5m'))).maxCpu).toEqual({ percent: 90, windowMs: 300_000 });
  });

  it('take values from ${VAR} as numbers', async () => {
    const config = await t.config(web('max_cpu: ${CPU}', 'max_memory: ${MEM}', 'readiness:', '  tcp: :80', '  success_threshold: ${OK}'), { CPU: '75', MEM: '1048576', OK: '2' });
    const [only] = config.programs;
    expect([only!.maxCpu!.percent, only!.maxMemoryBytes, only!.readiness!.successThreshold]).toEqual([75, MB, 2]);
  });

  it('reject zero and nonsense, and a window without max_cpu', async () => {
    expect(await t.errors(lines('programs:', '  a:', '    command: x', '    max_memory: 0', '    max_cpu: lots', '  b:', '    command: x', '    max_cpu_window: 30s'))).toEqual([
      'programs.yaml:4:17: programs.a.max_memory: expected a size above 0 like 512MB or 2GiB, got 0',
      'programs.yaml:5:14: programs.a.max_cpu: expected a percentage of one core above 0 like 90% or 250% (two and a half cores), got "lots"',
      'programs.yaml:8:5: programs.b.max_cpu_window: max_cpu_window is the time max_cpu is averaged over: expected max_cpu as well, got no max_cpu (nothing is limited)',
    ]);
  });
});

describe('cron_restart', () => {
  it('is null when not written, and parsed when written', async () => {
    expect((await program(web())).cronRestart).toBeNull();
    expect((await program(web('cron_restart: "30 4 * * mon-fri"'))).cronRestart).toMatchObject({
      expression: '30 4 * * mon-fri',
      minutes: [30],
      hours: [4],
      daysOfWeek: [1, 2, 3, 4, 5],
      dayOfMonthRestricted: false,
      dayOfWeekRestricted: true,
    });
  });

  it('reports a bad expression at its value', async () => {
    expect(await t.errors(lines('programs:', '  a:', '    command: x', '    cron_restart: "61 4 * * *"', '  b:', '    command: x', '    cron_restart: 0 0 30 2 *'))).toEqual([
      'programs.yaml:4:19: programs.a.cron_restart: the minute field "61" is out of range 0-59',
      'programs.yaml:7:19: programs.b.cron_restart: day 30 never occurs in February',
    ]);
  });
});

describe('supervisor.watch_config', () => {
  it('defaults to false and takes a boolean', async () => {
    expect((await t.config(web())).supervisor.watchConfig).toBe(false);
    expect((await t.config(`supervisor:\n  watch_config: true\n${web()}`)).supervisor.watchConfig).toBe(true);
    expect((await t.config(`supervisor:\n  watch_config: \${W}\n${web()}`, { W: 'true' })).supervisor.watchConfig).toBe(true);
  });

  it('rejects a non-boolean at its value', async () => {
    expect(await t.errors(`supervisor:\n  watch_config: yes\n${web()}`)).toEqual(['programs.yaml:2:17: supervisor.watch_config: expected true or false, got "yes"']);
  });
});
