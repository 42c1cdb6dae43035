import { availableParallelism } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTemplateVars, expandTemplate } from '../../src/config/index.js';
import type { PreforkConfig } from '../../src/config/index.js';
import { lines, useConfigDir } from './temp-config.js';

const t = useConfigDir();

/** A prefork program `web` run by a command; `extra` lines start at line 5. */
const web = (...extra: string[]) => lines('programs:', '  web:', '    type: prefork', '    command: serve --fd {fd}', ...extra);
/** A prefork program `web` run by the built-in runtime; `extra` lines start at line 6. */
const site = (...extra: string[]) => lines('programs:', '  web:', '    type: prefork', '    app: server.js', '    bind: 127.0.0.1:8000', ...extra);

const FORMS = 'host:port, [::1]:port, unix:/path or fd://N';

async function preforkOf(yaml: string): Promise<PreforkConfig> {
  const config = await t.config(yaml);
  return config.programs[0]!.prefork!;
}

describe('type: prefork', () => {
  it('normalizes a command program with every prefork default', async () => {
    const config = await t.config(web('    bind: 127.0.0.1:8000'));
    const program = config.programs[0]!;
    expect(program.command).toEqual(['serve', '--fd', '{fd}']);
    expect(program.prefork).toEqual({
      bind: [{ kind: 'tcp', host: '127.0.0.1', port: 8000, family: 4, text: '127.0.0.1:8000' }],
      app: null,
      workersAuto: false,
      timeoutMs: 30_000,
      gracefulTimeoutMs: 30_000,
      maxRequests: 0,
      maxRequestsJitter: 0,
      readyWhenLog: null,
      hooks: {},
      uvicornDrain: true,
    });
  });

  it('leaves a plain program without prefork settings', async () => {
    const config = await t.config(lines('programs:', '  a:', '    command: x', '  b:', '    type: plain', '    command: x --fd {fd}'));
    expect(config.programs.map((p) => [p.prefork, p.command])).toEqual([
      [null, ['x']],
      [null, ['x', '--fd', '{fd}']],
    ]);
  });

  it('reads every prefork option', async () => {
    const config = await t.config(
      web(
        '    bind: [":8000", unix:app.sock]',
        '    workers: 3',
        '    timeout: 10s',
        '    graceful_timeout: 1m',
        '    ready_when: { log: "Application startup complete" }',
        '    uvicorn_drain: false',
      ),
    );
    expect(config.programs[0]!.numprocs).toBe(3);
    expect(config.programs[0]!.prefork).toEqual({
      bind: [
        { kind: 'tcp', host: '0.0.0.0', port: 8000, family: 4, text: ':8000' },
        { kind: 'unix', path: path.join(t.dir, 'app.sock'), mode: 0o660, text: 'unix:app.sock' },
      ],
      app: null,
      workersAuto: false,
      timeoutMs: 10_000,
      gracefulTimeoutMs: 60_000,
      maxRequests: 0,
      maxRequestsJitter: 0,
      readyWhenLog: 'Application startup complete',
      hooks: {},
      uvicornDrain: false,
    });
  });
});

describe('bind', () => {
  it('reads every form of address', async () => {
    const prefork = await preforkOf(
      web(
        '    bind:',
        '      - 127.0.0.1:8000',
        '      - "[::1]:8001"',
        '      - "[::]:8002"',
        '      - :8003',
        '      - "*:8004"',
        '      - localhost:8005',
        '      - unix:/run/web/app.sock',
        '      - unix:run/web.sock',
        '      - { unix: private.sock, mode: 0600 }',
        '      - { unix: /run/group.sock, mode: "0640" }',
        '      - { unix: other.sock, mode: 0o666 }',
        '      - { unix: default.sock }',
        '      - fd://3',
      ),
    );
    expect(prefork.bind).toEqual([
      { kind: 'tcp', host: '127.0.0.1', port: 8000, family: 4, text: '127.0.0.1:8000' },
      { kind: 'tcp', host: '::1', port: 8001, family: 6, text: '[::1]:8001' },
      { kind: 'tcp', host: '::', port: 8002, family: 6, text: '[::]:8002' },
      { kind: 'tcp', host: '0.0.0.0', port: 8003, family: 4, text: ':8003' },
      { kind: 'tcp', host: '0.0.0.0', port: 8004, family: 4, text: '*:8004' },
      { kind: 'tcp', host: 'localhost', port: 8005, family: 4, text: 'localhost:8005' },
      { kind: 'unix', path: '/run/web/app.sock', mode: 0o660, text: 'unix:/run/web/app.sock' },
      { kind: 'unix', path: path.join(t.dir, 'run/web.sock'), mode: 0o660, text: 'unix:run/web.sock' },
      { kind: 'unix', path: path.join(t.dir, 'private.sock'), mode: 0o600, text: 'unix:private.sock' },
      { kind: 'unix', path: '/run/group.sock', mode: 0o640, text: 'unix:/run/group.sock' },
      { kind: 'unix', path: path.join(t.dir, 'other.sock'), mode: 0o666, text: 'unix:other.sock' },
      { kind: 'unix', path: path.join(t.dir, 'default.sock'), mode: 0o660, text: 'unix:default.sock' },
      { kind: 'fd', fd: 3, text: 'fd://3' },
    ]);
  });

  it('accepts a single address and a single unix mapping without a list', async () => {
    expect((await preforkOf(web('    bind: fd://3'))).bind).toEqual([{ kind: 'fd', fd: 3, text: 'fd://3' }]);
    expect((await preforkOf(web('    bind: { unix: a.sock, mode: 0600 }'))).bind).toEqual([{ kind: 'unix', path: path.join(t.dir, 'a.sock'), mode: 0o600, text: 'unix:a.sock' }]);
  });

  it('reads the address from a variable', async () => {
    const config = await t.config(web('    bind: ${BIND:-127.0.0.1:8000}'), { BIND: 'unix:/run/web.sock' });
    expect(config.programs[0]!.prefork!.bind).toEqual([{ kind: 'unix', path: '/run/web.sock', mode: 0o660, text: 'unix:/run/web.sock' }]);
  });

  it('reports every bad entry at its own position', async () => {
    expect(
      await t.errors(
        web(
          '    bind:',
          '      - localhost',
          '      - 127.0.0.1:0',
          '      - 127.0.0.1:70000',
          '      - "[::1]"',
          '      - fd://2',
          '      - not an address',
          '      - 8000',
          '      - "::1:8000"',
          '      - unix:ok.sock',
        ),
      ),
    ).toEqual([
      `programs.yaml:6:9: programs.web.bind[0]: expected ${FORMS}, got "localhost"`,
      'programs.yaml:7:9: programs.web.bind[1]: expected host:port with a port from 1 to 65535, got "127.0.0.1:0"',
      'programs.yaml:8:9: programs.web.bind[2]: expected host:port with a port from 1 to 65535, got "127.0.0.1:70000"',
      'programs.yaml:9:9: programs.web.bind[3]: expected [IPv6]:port with a port from 1 to 65535, such as [::1]:8000, got "[::1]"',
      'programs.yaml:10:9: programs.web.bind[4]: expected fd://N with N ≥ 3 (systemd passes sockets from fd 3 on; 0, 1 and 2 are stdin, stdout and stderr), got "fd://2"',
      `programs.yaml:11:9: programs.web.bind[5]: expected ${FORMS}, got "not an address"`,
      `programs.yaml:12:9: programs.web.bind[6]: expected ${FORMS}, got 8000; for port 8000 on every interface write ":8000"`,
      'programs.yaml:13:9: programs.web.bind[7]: expected an IPv6 address in brackets and a port, such as [::1]:8000, got "::1:8000"',
    ]);
  });

  it('reports a single bad address at the option', async () => {
    expect(await t.errors(web('    bind: localhost'))).toEqual([`programs.yaml:5:11: programs.web.bind: expected ${FORMS}, got "localhost"`]);
  });

  it.each([
    ['an empty list', '    bind: []', `programs.yaml:5:11: programs.web.bind: expected ${FORMS}, or a list of them, got a list with no items`],
    ['nothing', '    bind:', `programs.yaml:5:5: programs.web.bind: expected ${FORMS}, or a list of them, got nothing`],
    ['true', '    bind: true', `programs.yaml:5:11: programs.web.bind: expected ${FORMS}, or a mapping { unix: PATH, mode: 0660 }, got true`],
    ['a quoted "unix:"', '    bind: "unix:"', 'programs.yaml:5:11: programs.web.bind: expected a socket path after unix:, such as unix:/run/app.sock, got "unix:"'],
  ])('rejects %s', async (_, line, error) => {
    expect(await t.errors(web(line))).toEqual([error]);
  });

  it('is required', async () => {
    expect(await t.errors(web())).toEqual([`programs.yaml:2:3: programs.web.bind: this option is required: expected ${FORMS}, or a list of them, got nothing`]);
  });

  it('explains an unquoted *:port, which YAML reads as an alias', async () => {
    expect(await t.errors(web('    bind: *:8000'))).toEqual([
      'programs.yaml:5:11: unknown alias "*:8000": no anchor "&:8000" is defined before it; to write text that starts with *, quote it: "*:8000"',
    ]);
  });

  it('checks the unix mapping form', async () => {
    expect(
      await t.errors(
        web('    bind:', '      - { unix: a.sock, mode: 0999 }', '      - { path: b.sock }', '      - { unx: c.sock }', '      - { mode: 0600 }', '      - { unix: 5 }'),
      ),
    ).toEqual([
      'programs.yaml:6:31: programs.web.bind[0].mode: expected an octal file mode such as 0660 or 0o600, got "0999"',
      'programs.yaml:7:11: programs.web.bind[1].path: unknown option "path": a bind mapping takes unix: PATH and mode:',
      'programs.yaml:8:11: programs.web.bind[2].unx: unknown option "unx"; did you mean "unix"?',
      'programs.yaml:9:9: programs.web.bind[3].unix: this option is required: expected a unix socket path, got nothing',
      'programs.yaml:10:17: programs.web.bind[4].unix: expected a unix socket path, got 5',
    ]);
  });

  it('reports a unix socket path longer than Linux allows', async () => {
    const long = `/run/${'x'.repeat(110)}.sock`;
    expect(await t.errors(web(`    bind: [":8000", "unix:${long}"]`))).toEqual([
      `programs.yaml:5:21: programs.web.bind[1]: expected a unix socket path of at most 107 bytes (a Linux limit), got 120 bytes: "${long}"; use a shorter path`,
    ]);
  });
});

describe('bind conflicts', () => {
  const rules = [
    {
      rule: 'an address listed twice in one program',
      valid: web('    bind: [127.0.0.1:8000, 127.0.0.1:8001, unix:a.sock, unix:b.sock, fd://3, fd://4]'),
      invalid: web('    bind: [127.0.0.1:8000, 127.0.0.1:8000, unix:a.sock, unix:./a.sock, fd://3, fd://3]'),
      errors: [
        'programs.yaml:5:28: programs.web.bind[1]: duplicate bind entry "127.0.0.1:8000": already listed as bind[0]',
        'programs.yaml:5:57: programs.web.bind[3]: duplicate bind entry "unix:./a.sock": bind[2] ("unix:a.sock") is the same address',
        'programs.yaml:5:80: programs.web.bind[5]: duplicate bind entry "fd://3": already listed as bind[4]',
      ],
    },
    {
      rule: 'spellings of one address are the same address',
      valid: web('    bind: [":8000", "[::1]:8001"]'),
      invalid: web('    bind: [":8000", "*:8000", "0.0.0.0:8000", "[::1]:8001", "[0:0::1]:8001"]'),
      errors: [
        'programs.yaml:5:21: programs.web.bind[1]: duplicate bind entry "*:8000": bind[0] (":8000") is the same address',
        'programs.yaml:5:31: programs.web.bind[2]: duplicate bind entry "0.0.0.0:8000": bind[0] (":8000") is the same address',
        'programs.yaml:5:61: programs.web.bind[4]: duplicate bind entry "[0:0::1]:8001": bind[3] ("[::1]:8001") is the same address',
      ],
    },
    {
      rule: 'a wildcard address overlaps the addresses it covers on its port',
      valid: web('    bind: [":8000", "[::1]:8000", "127.0.0.1:8001"]'),
      invalid: web('    bind: [":8000", "127.0.0.1:8000", "[::]:9000", "0.0.0.0:9000", "[::1]:9000"]'),
      errors: [
        'programs.yaml:5:21: programs.web.bind[1]: "127.0.0.1:8000" overlaps bind[0] (":8000"): a wildcard address takes port 8000 on every interface, so the two cannot both be bound',
        'programs.yaml:5:52: programs.web.bind[3]: "0.0.0.0:9000" overlaps bind[2] ("[::]:9000"): a wildcard address takes port 9000 on every interface, so the two cannot both be bound',
        'programs.yaml:5:68: programs.web.bind[4]: "[::1]:9000" overlaps bind[2] ("[::]:9000"): a wildcard address takes port 9000 on every interface, so the two cannot both be bound',
      ],
    },
    {
      rule: 'the same address bound by two prefork programs',
      valid: lines(
        'programs:',
        '  web:',
        '    type: prefork',
        '    command: x',
        '    bind: [127.0.0.1:8000, unix:web.sock]',
        '  api:',
        '    type: prefork',
        '    command: y',
        '    bind: [127.0.0.1:8001, unix:api.sock]',
      ),
      invalid: lines(
        'programs:',
        '  web:',
        '    type: prefork',
        '    command: x',
        '    bind: [127.0.0.1:8000, unix:web.sock]',
        '  api:',
        '    type: prefork',
        '    command: y',
        '    bind: [127.0.0.1:8000, unix:./web.sock]',
        '  admin:',
        '    type: prefork',
        '    command: z',
        '    bind: 127.0.0.1:8000',
      ),
      errors: [
        'programs.yaml:9:12: programs.api.bind[0]: "127.0.0.1:8000" is already bound by program "web"',
        'programs.yaml:9:28: programs.api.bind[1]: "unix:./web.sock" is already bound by program "web" (as "unix:web.sock")',
        'programs.yaml:13:11: programs.admin.bind: "127.0.0.1:8000" is already bound by program "web"',
      ],
    },
    {
      rule: 'a wildcard address in one program overlaps an address of another',
      valid: lines(
        'programs:',
        '  web:',
        '    type: prefork',
        '    command: x',
        '    bind: "0.0.0.0:8000"',
        '  api:',
        '    type: prefork',
        '    command: y',
        '    bind: "[::1]:8000"',
      ),
      invalid: lines(
        'programs:',
        '  web:',
        '    type: prefork',
        '    command: x',
        '    bind: "0.0.0.0:8000"',
        '  api:',
        '    type: prefork',
        '    command: y',
        '    bind: localhost:8000',
      ),
      errors: [
        'programs.yaml:9:11: programs.api.bind: "localhost:8000" overlaps "0.0.0.0:8000", bound by program "web": a wildcard address takes port 8000 on every interface, so the two cannot both be bound',
      ],
    },
  ];

  describe.each(rules)('$rule', ({ valid, invalid, errors }) => {
    it('accepts the valid file', async () => {
      await expect(t.config(valid)).resolves.toBeDefined();
    });

    it('reports the invalid file', async () => {
      expect(await t.errors(invalid)).toEqual(errors);
    });
  });
});

describe('workers', () => {
  it('sets numprocs, defaulting to 1', async () => {
    const [one, four] = (
      await t.config(
        lines('programs:', '  a:', '    type: prefork', '    command: x', '    bind: :8000', '  b:', '    type: prefork', '    command: x', '    bind: :8001', '    workers: 4'),
      )
    ).programs;
    expect([one!.numprocs, one!.prefork!.workersAuto, four!.numprocs, four!.prefork!.workersAuto]).toEqual([1, false, 4, false]);
  });

  it('auto starts one worker per available core', async () => {
    const program = (await t.config(web('    bind: :8000', '    workers: auto'))).programs[0]!;
    expect([program.numprocs, program.prefork!.workersAuto]).toEqual([availableParallelism(), true]);
  });

  it('reads a count or auto from a variable', async () => {
    const yaml = web('    bind: :8000', '    workers: ${WEB_CONCURRENCY:-auto}');
    expect((await t.config(yaml, { WEB_CONCURRENCY: '6' })).programs[0]!.numprocs).toBe(6);
    expect((await t.config(yaml)).programs[0]!.prefork!.workersAuto).toBe(true);
  });

  it.each([
    ['0', '    workers: 0', 'programs.yaml:6:14: programs.web.workers: expected a whole number ≥ 1 or auto, got 0'],
    ['a fraction', '    workers: 1.5', 'programs.yaml:6:14: programs.web.workers: expected a whole number ≥ 1 or auto, got 1.5'],
    ['a word', '    workers: many', 'programs.yaml:6:14: programs.web.workers: expected a whole number ≥ 1 or auto, got "many"'],
  ])('rejects %s', async (_, line, error) => {
    expect(await t.errors(web('    bind: :8000', line))).toEqual([error]);
  });

  it('rejects numprocs on a prefork program, with or without workers', async () => {
    const message = 'numprocs sets the process count of plain programs; use workers for prefork programs';
    expect(await t.errors(web('    bind: :8000', '    workers: 2', '    numprocs: 2'))).toEqual([`programs.yaml:7:5: programs.web.numprocs: ${message}`]);
    expect(await t.errors(web('    bind: :8000', '    numprocs: 2'))).toEqual([`programs.yaml:6:5: programs.web.numprocs: ${message}`]);
  });

  it('counts workers as the processes drover check reports', async () => {
    const config = await t.config(
      lines('programs:', '  web:', '    type: prefork', '    command: x', '    bind: :8000', '    workers: 3', '  tasks:', '    command: y', '    numprocs: 2'),
    );
    expect(config.programs.reduce((sum, p) => sum + p.numprocs, 0)).toBe(5);
  });
});

describe('command or app', () => {
  it('resolves app against the config folder and leaves command empty', async () => {
    t.write('server.js', 'export default (req, res) => res.end("hi");\n');
    const program = (await t.config(site())).programs[0]!;
    expect([program.command, program.prefork!.app]).toEqual([[], path.join(t.dir, 'server.js')]);
  });

  it('reports an app that does not exist, with its absolute path', async () => {
    expect(await t.errors(site())).toEqual([`programs.yaml:4:10: programs.web.app: cannot read app "${path.join(t.dir, 'server.js')}": no such file or directory (ENOENT)`]);
  });

  it('reports an app that is a folder', async () => {
    t.write('server.js/index.js', '');
    expect(await t.errors(site())).toEqual([
      `programs.yaml:4:10: programs.web.app: expected app to be a file (a Node module such as ./server.js), got the folder "${path.join(t.dir, 'server.js')}"`,
    ]);
  });

  it('rejects both command and app', async () => {
    t.write('server.js', '');
    expect(await t.errors(web('    app: server.js', '    bind: :8000'))).toEqual([
      "programs.yaml:5:5: programs.web.app: expected command: or app:, got both: command runs your own server on the inherited sockets, app runs a Node module in drover's worker runtime",
    ]);
  });

  it('rejects neither command nor app', async () => {
    expect(await t.errors(lines('programs:', '  web:', '    type: prefork', '    bind: :8000'))).toEqual([
      "programs.yaml:2:3: programs.web: expected command: (your server, run on the inherited sockets) or app: (a Node module run by drover's worker runtime), got neither",
    ]);
  });

  it('rejects an empty app', async () => {
    expect(await t.errors(lines('programs:', '  web:', '    type: prefork', '    app: ""', '    bind: :8000'))).toEqual([
      'programs.yaml:4:10: programs.web.app: expected a path to a Node module that exports a request listener, such as ./server.js, got ""',
    ]);
  });

  it('still requires command on a plain program', async () => {
    expect(await t.errors(lines('programs:', '  web:', '    type: plain'))).toEqual([
      'programs.yaml:2:3: programs.web.command: expected a command string or a non-empty list of arguments, got nothing',
    ]);
  });
});

describe('timeouts, max_requests and ready_when', () => {
  it('reads them', async () => {
    t.write('server.js', '');
    const prefork = await preforkOf(site('    timeout: 5s', '    graceful_timeout: 0', '    max_requests: 1000', '    max_requests_jitter: 50'));
    expect([prefork.timeoutMs, prefork.gracefulTimeoutMs, prefork.maxRequests, prefork.maxRequestsJitter]).toEqual([5000, 0, 1000, 50]);
  });

  const rules = [
    {
      rule: 'timeout must be above 0',
      valid: site('    timeout: 1'),
      invalid: site('    timeout: 0'),
      errors: ['programs.yaml:6:14: programs.web.timeout: expected a duration above 0 like 500ms, 30s or a number of seconds, got 0'],
    },
    {
      rule: 'graceful_timeout is a duration',
      valid: site('    graceful_timeout: 10s'),
      invalid: site('    graceful_timeout: a while'),
      errors: ['programs.yaml:6:23: programs.web.graceful_timeout: expected a duration like 500ms, 30s or a number of seconds, got "a while"'],
    },
    {
      rule: 'max_requests and max_requests_jitter are whole numbers ≥ 0',
      valid: site('    max_requests: 0', '    max_requests_jitter: 0'),
      invalid: site('    max_requests: -1', '    max_requests_jitter: 2.5'),
      errors: [
        'programs.yaml:6:19: programs.web.max_requests: expected a whole number ≥ 0, got -1',
        'programs.yaml:7:26: programs.web.max_requests_jitter: expected a whole number ≥ 0, got 2.5',
      ],
    },
    {
      rule: 'max_requests_jitter needs max_requests',
      valid: site('    max_requests: 100', '    max_requests_jitter: 10'),
      invalid: site('    max_requests_jitter: 10', '  api:', '    type: prefork', '    app: server.js', '    bind: :9000', '    max_requests: 0', '    max_requests_jitter: 10'),
      errors: [
        'programs.yaml:6:26: programs.web.max_requests_jitter: max_requests_jitter spreads max_requests: expected max_requests above 0, got no max_requests (workers are never recycled)',
        'programs.yaml:12:26: programs.api.max_requests_jitter: max_requests_jitter spreads max_requests: expected max_requests above 0, got max_requests: 0 (workers are never recycled)',
      ],
    },
    {
      rule: 'ready_when.log must be a regular expression',
      valid: web('    bind: :8000', '    ready_when: { log: "startup complete|Listening on \\\\d+" }'),
      invalid: web('    bind: :8000', '    ready_when: { log: "startup (complete" }'),
      errors: [
        'programs.yaml:6:24: programs.web.ready_when.log: expected a regular expression matched against each line of output, got "startup (complete" (Invalid regular expression: /startup (complete/: Unterminated group)',
      ],
    },
    {
      rule: 'ready_when is a mapping with log:',
      valid: web('    bind: :8000', '    ready_when:', '      log: ready'),
      invalid: lines(
        'programs:',
        '  web:',
        '    type: prefork',
        '    command: x',
        '    bind: :8000',
        '    ready_when: ready',
        '  api:',
        '    type: prefork',
        '    command: x',
        '    bind: :8001',
        '    ready_when: { lgo: ready }',
        '  admin:',
        '    type: prefork',
        '    command: x',
        '    bind: :8002',
        '    ready_when: { log: "" }',
      ),
      errors: [
        'programs.yaml:6:17: programs.web.ready_when: expected a mapping such as { log: "Application startup complete" }, got "ready"',
        'programs.yaml:11:5: programs.api.ready_when.log: this option is required: expected a regular expression matched against each line of output, got nothing',
        'programs.yaml:11:19: programs.api.ready_when.lgo: unknown option "lgo"; did you mean "log"?',
        'programs.yaml:16:24: programs.admin.ready_when.log: expected a regular expression matched against each line of output, got ""',
      ],
    },
    {
      rule: 'ready_when is for command workers only',
      valid: web('    bind: :8000', '    ready_when: { log: ready }'),
      invalid: site('    ready_when: { log: ready }'),
      errors: ["programs.yaml:6:5: programs.web.ready_when: ready_when is for command: workers; an app: worker runs in drover's runtime, which reports readiness itself"],
    },
    {
      rule: 'hooks name gunicorn hooks, each a shell command',
      valid: web('    bind: :8000', '    hooks:', '      when_ready: echo ready', '      on_starting: ./check.sh'),
      invalid: web('    bind: :8000', '    hooks:', '      when_redy: echo ready', '      on_exit: ""'),
      errors: [
        'programs.yaml:7:7: programs.web.hooks.when_redy: unknown option "when_redy"; did you mean "when_ready"?',
        'programs.yaml:8:16: programs.web.hooks.on_exit: expected a shell command, got ""',
      ],
    },
  ];

  describe.each(rules)('$rule', ({ valid, invalid, errors }) => {
    it('accepts the valid file', async () => {
      t.write('server.js', '');
      await expect(t.config(valid)).resolves.toBeDefined();
    });

    it('reports the invalid file', async () => {
      t.write('server.js', '');
      expect(await t.errors(invalid)).toEqual(errors);
    });
  });
});

describe('prefork options on a plain program', () => {
  it('reports each at its key', async () => {
    expect(
      await t.errors(
        lines(
          'programs:',
          '  web:',
          '    command: x',
          '    bind: :8000',
          '    workers: 2',
          '    app: server.js',
          '    timeout: 5s',
          '    graceful_timeout: 5s',
          '    max_requests: 10',
          '    max_requests_jitter: 1',
          '    ready_when: { log: up }',
          '    hooks: {}',
          '    uvicorn_drain: true',
        ),
      ),
    ).toEqual(
      ['bind', 'workers', 'app', 'timeout', 'graceful_timeout', 'max_requests', 'max_requests_jitter', 'ready_when', 'hooks', 'uvicorn_drain'].map(
        (option, i) => `programs.yaml:${i + 4}:5: programs.web.${option}: ${option} is an option of type: prefork programs`,
      ),
    );
  });
});

describe('prefork defaults', () => {
  it('restarts workers whatever their exit, and gives them their graceful_timeout before SIGKILL', async () => {
    const config = await t.config(
      lines(
        'programs:',
        '  a:',
        '    type: prefork',
        '    command: x',
        '    bind: :8000',
        '  b:',
        '    type: prefork',
        '    command: x',
        '    bind: :8001',
        '    graceful_timeout: 10s',
        '  c:',
        '    type: prefork',
        '    command: x',
        '    bind: :8002',
        '    graceful_timeout: 10s',
        '    stopwaitsecs: 60',
        '    autorestart: unexpected',
        '    stopsignal: INT',
      ),
    );
    expect(config.programs.map((p) => [p.autorestart, p.stopsignal, p.stopwaitsecsMs])).toEqual([
      [true, 'TERM', 35_000],
      [true, 'TERM', 15_000],
      ['unexpected', 'INT', 60_000],
    ]);
  });

  it('numbers worker names even with one worker', async () => {
    const config = await t.config(web('    bind: :8000'));
    const program = config.programs[0]!;
    const names = [0, 1].map((num) => expandTemplate(program.processName, buildTemplateVars(program, num, 'web', t.dir, {})));
    expect([program.processName, program.processNameExplicit, ...names]).toEqual(['%(program_name)s_%(process_num)02d', false, 'web_00', 'web_01']);
  });

  it('requires %(process_num) in an explicit process_name, whatever the worker count', async () => {
    await expect(t.config(web('    bind: :8000', '    process_name: "w-%(process_num)d"'))).resolves.toBeDefined();
    expect(await t.errors(web('    bind: :8000', '    process_name: web'))).toEqual([
      'programs.yaml:6:19: programs.web.process_name: expected process_name to contain %(process_num) for a prefork program, got "web": during a rolling reload old and new workers run side by side and need different names',
    ]);
  });

  it('finds worker names taken by another program of the same group', async () => {
    expect(
      await t.errors(lines('programs:', '  web:', '    type: prefork', '    command: x', '    bind: :8000', '  web_00:', '    command: y', 'groups:', '  site: [web, web_00]')),
    ).toEqual(['programs.yaml:6:3: programs.web_00: process name "site:web_00" is also used by program "web"']);
  });
});

describe('prefork warnings', () => {
  it('warns that timeout and max_requests do nothing for command workers', async () => {
    const result = await t.load(web('    bind: :8000', '    timeout: 5s', '    max_requests: 100', '    max_requests_jitter: 10'));
    expect(result).toMatchObject({
      ok: true,
      warnings: ['timeout', 'max_requests', 'max_requests_jitter'].map((option, i) => ({
        line: i + 6,
        column: 5,
        path: `programs.web.${option}`,
        message: `${option} only applies to app: workers (drover's built-in runtime); command: workers ignore it`,
      })),
    });
  });

  it('warns when stopwaitsecs cuts graceful_timeout short', async () => {
    const result = await t.load(web('    bind: :8000', '    graceful_timeout: 30s', '    stopwaitsecs: 10'));
    expect(result).toMatchObject({
      ok: true,
      warnings: [
        {
          line: 7,
          column: 19,
          path: 'programs.web.stopwaitsecs',
          message: 'stopwaitsecs (10s) is shorter than graceful_timeout (30s): a stopping worker is killed before it may finish its requests',
        },
      ],
    });
  });

  it('does not warn about a complete built-in-runtime program', async () => {
    t.write('server.js', '');
    expect(await t.load(site('    timeout: 5s', '    max_requests: 100', '    max_requests_jitter: 10', '    stopwaitsecs: 40'))).toMatchObject({ ok: true, warnings: [] });
  });
});
