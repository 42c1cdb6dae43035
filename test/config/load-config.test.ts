import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { ProgramConfig } from '../../src/config/index.js';
import { NO_WATCH_OR_HEALTH } from '../helpers/engine-harness.js';
import { lines, useConfigDir } from './temp-config.js';

const t = useConfigDir();
const FIXTURES = fileURLToPath(new URL('../fixtures/config/', import.meta.url));
const MB = 1024 * 1024;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reading the file', () => {
  it('reports a missing file at 1:1 with the OS reason', async () => {
    const file = path.join(t.dir, 'nope.yaml');
    expect(await loadConfig(file, {})).toEqual({
      ok: false,
      errors: [{ file, line: 1, column: 1, path: '', message: 'cannot read the config file: no such file or directory (ENOENT)' }],
    });
  });

  it('reports a folder given as the config file', async () => {
    const result = await loadConfig(t.dir, {});
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual(['cannot read the config file: illegal operation on a directory (EISDIR)']);
  });

  it('makes the config path absolute and reads relative paths from its folder', async () => {
    const config = await t.config(lines('programs:', '  web:', '    command: x', '    directory: app'));
    expect(config.file).toBe(path.join(t.dir, 'programs.yaml'));
    expect(config.dir).toBe(t.dir);
    expect(config.programs[0]!.directory).toBe(path.join(t.dir, 'app'));
  });
});

describe('YAML syntax and shape', () => {
  it.each([
    [
      'a nested mapping on one line',
      lines('programs:', '  web:', '    command: x', '    numprocs: 2: 3'),
      'programs.yaml:4:15: Nested mappings are not allowed in compact mappings',
    ],
    ['a tab used as indentation', lines('programs:', '\tweb:', '    command: x'), 'programs.yaml:2:1: Tabs are not allowed as indentation'],
  ])('reports a syntax error with line and column: %s', async (_, yaml, error) => {
    expect(await t.errors(yaml)).toEqual([error]);
  });

  it('reports every syntax error at once', async () => {
    expect(await t.errors(lines('programs:', '  web:', '    command: x', '   bad: 1', 'foo: bar: baz'))).toEqual([
      'programs.yaml:4:1: All mapping items must start at the same column',
      'programs.yaml:5:6: Nested mappings are not allowed in compact mappings',
    ]);
  });

  it('accepts a valid file', async () => {
    await expect(t.config(lines('programs:', '  web:', '    command: x'))).resolves.toBeDefined();
  });

  it.each([
    ['an empty file', '', 'programs.yaml:1:1: the config file is empty: expected a mapping with a programs: section'],
    ['a file of comments', '# nothing yet\n', 'programs.yaml:1:1: the config file is empty: expected a mapping with a programs: section'],
    ['a list at the top', '- web\n- api\n', 'programs.yaml:1:1: expected a mapping with a programs: section at the top level, got a list'],
    ['a scalar at the top', 'hello\n', 'programs.yaml:1:1: expected a mapping with a programs: section at the top level, got "hello"'],
  ])('rejects %s', async (_, yaml, error) => {
    expect(await t.errors(yaml)).toEqual([error]);
  });
});

describe('defaults', () => {
  it('applies every default to a minimal program', async () => {
    const config = await t.config(lines('programs:', '  web:', '    command: node app.js'));
    const expected: ProgramConfig = {
      name: 'web',
      command: ['node', 'app.js'],
      processName: '%(program_name)s',
      processNameExplicit: false,
      numprocs: 1,
      numprocsStart: 0,
      directory: null,
      environment: {},
      user: null,
      umask: null,
      autostart: true,
      autorestart: 'unexpected',
      exitcodes: [0],
      startsecsMs: 1000,
      startretries: 3,
      stopsignal: 'TERM',
      reloadSignal: null,
      stopwaitsecsMs: 10_000,
      stopasgroup: true,
      killasgroup: true,
      priority: 999,
      dependsOn: [],
      redirectStderr: false,
      stdout: { target: { kind: 'auto' }, maxBytes: 50 * MB, backups: 10 },
      stderr: { target: { kind: 'auto' }, maxBytes: 50 * MB, backups: 10 },
      source: { file: path.join(t.dir, 'programs.yaml'), line: 2, column: 3 },
      oneshot: false,
      prefork: null,
      ...NO_WATCH_OR_HEALTH,
    };
    expect(config.programs).toEqual([expected]);
    expect(config.supervisor).toEqual({
      socket: path.join(t.dir, 'run/drover.sock'),
      pidfile: path.join(t.dir, 'run/drover.pid'),
      statefile: path.join(t.dir, 'run/drover.state.json'),
      logdir: path.join(t.dir, 'logs'),
      statsIntervalMs: 1000,
      watchConfig: false,
      keepPrograms: true,
      metrics: null,
    });
    expect(config.groups).toEqual({});
  });

  it('makes a type: oneshot program a one-shot that never autorestarts', async () => {
    const config = await t.config(lines('programs:', '  release:', '    type: oneshot', '    command: ./migrate', '    startretries: 0'));
    expect(config.programs[0]).toMatchObject({ oneshot: true, autorestart: false, startretries: 0, prefork: null });
  });

  it('names processes with a two-digit number when numprocs > 1', async () => {
    const config = await t.config(lines('programs:', '  worker:', '    command: x', '    numprocs: 3'));
    expect(config.programs[0]!.processName).toBe('%(program_name)s_%(process_num)02d');
  });

  it('forces killasgroup on when stopasgroup is on, as supervisord does', async () => {
    const config = await t.config(
      lines('programs:', '  a:', '    command: x', '    killasgroup: false', '  b:', '    command: x', '    stopasgroup: false', '    killasgroup: false'),
    );
    expect(config.programs.map((p) => [p.stopasgroup, p.killasgroup])).toEqual([
      [true, true],
      [false, false],
    ]);
  });
});

describe('every option', () => {
  it('normalizes the all-options fixture', async () => {
    const file = path.join(FIXTURES, 'all-options.yaml');
    const result = await loadConfig(file, { HOME: '/root' });
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
    const { config } = result;
    const dir = path.dirname(file);
    expect(config.supervisor).toEqual({
      socket: '/run/drover/ctl.sock',
      pidfile: path.join(dir, 'state/drover.pid'),
      statefile: path.join(dir, 'state/drover.state.json'),
      logdir: '/var/log/drover',
      statsIntervalMs: 250,
      watchConfig: false,
      keepPrograms: true,
      metrics: null,
    });
    expect(config.groups).toEqual({ backend: ['web', 'tasks'] });
    expect(config.programs.map((p) => p.name)).toEqual(['tasks', 'web', 'site', 'api']);
    expect(config.programs[0]).toEqual({
      name: 'tasks',
      command: ['rq', 'worker', 'default queue'],
      processName: '%(program_name)s-%(process_num)d',
      processNameExplicit: true,
      numprocs: 4,
      numprocsStart: 1,
      directory: path.join(dir, 'app'),
      environment: { QUEUE: 'default', WORKERS: '4', DEBUG: 'false' },
      user: 'www-data',
      umask: 0o27,
      autostart: false,
      autorestart: true,
      exitcodes: [0, 2],
      startsecsMs: 500,
      startretries: Infinity,
      stopsignal: 'INT',
      reloadSignal: 'USR1',
      stopwaitsecsMs: 120_000,
      stopasgroup: false,
      killasgroup: false,
      priority: 100,
      dependsOn: ['web'],
      redirectStderr: true,
      stdout: { target: { kind: 'file', path: path.join(dir, 'logs/%(program_name)s-%(process_num)d.log') }, maxBytes: 1024 * MB, backups: 3 },
      stderr: { target: { kind: 'none' }, maxBytes: 0, backups: 0 },
      source: { file, line: 9, column: 3 },
      oneshot: false,
      prefork: null,
      ...NO_WATCH_OR_HEALTH,
    });
    expect(config.programs[1]!.command).toEqual(['node', 'server.js']);
    expect(config.programs[1]!.stdout.target).toEqual({ kind: 'auto' });
    const [site, api] = config.programs.slice(2);
    expect([site!.command, site!.numprocs, site!.processName, site!.autorestart, site!.stopwaitsecsMs]).toEqual([[], 3, '%(program_name)s_%(process_num)02d', true, 25_000]);
    expect(site!.prefork).toEqual({
      bind: [
        { kind: 'tcp', host: '127.0.0.1', port: 8000, family: 4, text: '127.0.0.1:8000' },
        { kind: 'unix', path: path.join(dir, 'run/site.sock'), mode: 0o600, text: 'unix:run/site.sock' },
      ],
      app: path.join(dir, 'site/server.js'),
      workersAuto: false,
      timeoutMs: 10_000,
      gracefulTimeoutMs: 20_000,
      maxRequests: 1000,
      maxRequestsJitter: 100,
      readyWhenLog: null,
      hooks: {},
      uvicornDrain: true,
    });
    expect(api!.command).toEqual(['uvicorn', 'main:app', '--fd', '{fd}']);
    expect(api!.prefork).toEqual({
      bind: [
        { kind: 'tcp', host: '0.0.0.0', port: 9000, family: 4, text: ':9000' },
        { kind: 'tcp', host: '::1', port: 9001, family: 6, text: '[::1]:9001' },
        { kind: 'fd', fd: 3, text: 'fd://3' },
      ],
      app: null,
      workersAuto: true,
      timeoutMs: 30_000,
      gracefulTimeoutMs: 30_000,
      maxRequests: 0,
      maxRequestsJitter: 0,
      readyWhenLog: 'Application startup complete',
      hooks: {},
      uvicornDrain: false,
    });
  });

  it('keeps file order even for numeric program names', async () => {
    const config = await t.config(lines('programs:', '  zeta:', '    command: x', '  "10":', '    command: y', '  alpha:', '    command: z'));
    expect(config.programs.map((p) => p.name)).toEqual(['zeta', '10', 'alpha']);
  });

  it('reads a umask as octal however it is written', async () => {
    const config = await t.config(
      lines('programs:', '  a:', '    command: x', '    umask: 022', '  b:', '    command: x', '    umask: "0o077"', '  c:', '    command: x', '    umask: 0'),
    );
    expect(config.programs.map((p) => p.umask)).toEqual([0o22, 0o77, 0]);
  });

  it('merges shared options from an x- anchor with <<', async () => {
    const config = await t.config(
      lines('x-defaults: &defaults', '  startsecs: 3', '  stopwaitsecs: 1m30s', 'programs:', '  web:', '    <<: *defaults', '    command: x', '    startsecs: 5'),
    );
    expect([config.programs[0]!.startsecsMs, config.programs[0]!.stopwaitsecsMs]).toEqual([5000, 90_000]);
  });
});

describe('durations and sizes', () => {
  it('reads durations in ms and sizes in bytes', async () => {
    const config = await t.config(
      lines(
        'supervisor:',
        '  stats_interval: 2s',
        'programs:',
        '  web:',
        '    command: x',
        '    startsecs: 500ms',
        '    stopwaitsecs: 1.5',
        '    stdout_logfile_maxbytes: 10KB',
        '    stderr_logfile_maxbytes: 1024',
      ),
    );
    const web = config.programs[0]!;
    expect([config.supervisor.statsIntervalMs, web.startsecsMs, web.stopwaitsecsMs, web.stdout.maxBytes, web.stderr.maxBytes]).toEqual([2000, 500, 1500, 10_240, 1024]);
  });

  it('reports bad durations and sizes at their values', async () => {
    expect(await t.errors(lines('supervisor:', '  stats_interval: often', 'programs:', '  web:', '    command: x', '    stderr_logfile_maxbytes: 5 apples'))).toEqual([
      'programs.yaml:2:19: supervisor.stats_interval: expected a duration like 500ms, 30s or a number of seconds, got "often"',
      'programs.yaml:6:30: programs.web.stderr_logfile_maxbytes: expected a size like 512B, 10KB, 50MB or 1GiB, or a number of bytes, got "5 apples"',
    ]);
  });
});

describe('${VAR} interpolation', () => {
  it('substitutes variables from the environment', async () => {
    const config = await t.config(lines('programs:', '  web:', '    command: node app.js --port ${PORT}'), { PORT: '8080' });
    expect(config.programs[0]!.command).toEqual(['node', 'app.js', '--port', '8080']);
  });

  it('reads variables from .env beside the config, with the process env winning', async () => {
    t.write('.env', lines('PORT=7000', 'HOST=0.0.0.0'));
    const config = await t.config(lines('programs:', '  web:', '    command: serve ${HOST}:${PORT}'), { PORT: '9000' });
    expect(config.programs[0]!.command).toEqual(['serve', '0.0.0.0:9000']);
  });

  it('uses ${VAR:-default} when the variable is unset or empty', async () => {
    const config = await t.config(lines('programs:', '  web:', '    command: serve ${HOST:-localhost} ${PORT:-8000}'), { PORT: '' });
    expect(config.programs[0]!.command).toEqual(['serve', 'localhost', '8000']);
  });

  it('turns $$ into a literal $', async () => {
    const config = await t.config(lines('programs:', '  web:', `    command: sh -c 'echo $$HOME costs $$5'`));
    expect(config.programs[0]!.command).toEqual(['sh', '-c', 'echo $HOME costs $5']);
  });

  it('reports an unset variable without a default at the ${', async () => {
    expect(await t.errors(lines('programs:', '  web:', '    command: serve --db ${DB_URL}'))).toEqual([
      'programs.yaml:3:25: programs.web.command: ${DB_URL} is not set: set it in the environment or in .env beside the config, or give a default with ${DB_URL:-value}',
    ]);
  });

  it('reports an unset variable once, not again as a wrong type', async () => {
    expect(await t.errors(lines('programs:', '  web:', '    command: x', '    numprocs: "${N}"'))).toEqual([
      'programs.yaml:4:16: programs.web.numprocs: ${N} is not set: set it in the environment or in .env beside the config, or give a default with ${N:-value}',
    ]);
  });

  it('coerces interpolated numbers and booleans for numeric and boolean options', async () => {
    const config = await t.config(
      lines('programs:', '  web:', '    command: x', '    numprocs: ${N:-4}', '    autostart: ${AUTOSTART}', '    startsecs: ${WAIT:-2}', '    environment: { N: "${N:-4}" }'),
      {
        AUTOSTART: 'false',
      },
    );
    const web = config.programs[0]!;
    expect([web.numprocs, web.autostart, web.startsecsMs, web.environment]).toEqual([4, false, 2000, { N: '4' }]);
  });

  it('does not coerce a hand-quoted string', async () => {
    expect(await t.errors(lines('programs:', '  web:', '    command: x', '    numprocs: "4"'))).toEqual([
      'programs.yaml:4:15: programs.web.numprocs: expected a whole number ≥ 1, got "4"',
    ]);
  });

  it('validates the interpolated value', async () => {
    expect(await t.errors(lines('programs:', '  web:', '    command: x', '    numprocs: ${N}'), { N: 'lots' })).toEqual([
      'programs.yaml:4:15: programs.web.numprocs: expected a whole number ≥ 1, got "lots"',
    ]);
  });

  it('reports problems in .env with their line in .env', async () => {
    t.write('.env', lines('PORT=1', 'oops'));
    const result = await t.load(lines('programs:', '  web:', '    command: x'));
    expect(result.ok ? [] : result.errors).toEqual([{ file: path.join(t.dir, '.env'), line: 2, column: 1, path: '', message: 'expected KEY=VALUE, got "oops"' }]);
  });
});

describe('env_file', () => {
  it('merges env files under environment, later files and environment winning', async () => {
    t.write('common.env', lines('A=common', 'B=common', 'C=common'));
    t.write('env/web.env', lines('export B=web', 'URL="postgres://u:p%40ss@db/app"'));
    const config = await t.config(lines('programs:', '  web:', '    command: x', '    env_file: [common.env, env/web.env]', '    environment: { C: explicit }'));
    expect(config.programs[0]!.environment).toEqual({
      A: 'common',
      B: 'web',
      C: 'explicit',
      // The engine expands templates in environment values; a % from an env
      // file is data, so it arrives escaped and expands back to itself.
      URL: 'postgres://u:p%%40ss@db/app',
    });
  });

  it('accepts a single path', async () => {
    t.write('web.env', 'A=1\n');
    const config = await t.config(lines('programs:', '  web:', '    command: x', '    env_file: web.env'));
    expect(config.programs[0]!.environment).toEqual({ A: '1' });
  });

  it('reports a missing env file at its entry', async () => {
    t.write('a.env', 'A=1\n');
    expect(await t.errors(lines('programs:', '  web:', '    command: x', '    env_file: [a.env, missing.env]'))).toEqual([
      'programs.yaml:4:23: programs.web.env_file[1]: cannot read env_file "missing.env": no such file or directory (ENOENT)',
    ]);
  });

  it('reports syntax problems inside the env file with its own line', async () => {
    t.write('web.env', lines('A=1', 'B="unclosed'));
    expect(await t.errors(lines('programs:', '  web:', '    command: x', '    env_file: web.env'))).toEqual(['web.env:2:3: expected a closing ", got the end of the file']);
  });
});

describe('reporting', () => {
  it('reports all problems at once, in file order', async () => {
    expect(
      await t.errors(lines('programs:', '  web:', '    command: node app.js | tee log', '    startsec: 5', '  worker:', '    command: rq worker', '    depends_on: [db]')),
    ).toEqual([
      `programs.yaml:3:14: programs.web.command: found the shell operator "|", but drover runs commands without a shell; to use one, write: sh -c 'node app.js | tee log'`,
      'programs.yaml:4:5: programs.web.startsec: unknown option "startsec"; did you mean "startsecs"?',
      'programs.yaml:7:18: programs.worker.depends_on[0]: depends on "db", which is not a program in this file',
    ]);
  });

  it('never throws for bad input', async () => {
    const file = t.write('programs.yaml', '{{{{ ::: ]]]\n\t- [\n');
    await expect(loadConfig(file, {})).resolves.toMatchObject({ ok: false });
  });
});

describe('warnings', () => {
  it('warns that user needs root when not running as root', async () => {
    vi.spyOn(process, 'getuid').mockReturnValue(1000);
    const result = await t.load(lines('programs:', '  web:', '    command: x', '    user: www-data'));
    expect(result).toMatchObject({
      ok: true,
      warnings: [
        {
          line: 4,
          column: 11,
          path: 'programs.web.user',
          message: 'only root can switch users, and drover runs as uid 1000: this program will not start unless user is that uid (or drover runs as root)',
        },
      ],
    });
  });

  it('does not warn about user when running as root', async () => {
    vi.spyOn(process, 'getuid').mockReturnValue(0);
    expect(await t.load(lines('programs:', '  web:', '    command: x', '    user: www-data'))).toMatchObject({ ok: true, warnings: [] });
  });

  it('warns that stderr_logfile is ignored with redirect_stderr', async () => {
    const result = await t.load(lines('programs:', '  web:', '    command: x', '    redirect_stderr: true', '    stderr_logfile: err.log'));
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ line: 5, column: 5, path: 'programs.web.stderr_logfile', message: 'stderr_logfile is ignored because redirect_stderr is true' }],
    });
  });
});
