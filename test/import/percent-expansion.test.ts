import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { expandPercent, type ExpansionScope, type Segment } from '../../src/import/percent-expansion.js';
import { escapeDollars, renderSegments } from '../../src/import/render-value.js';
import { shlexSplit } from '../../src/import/shlex-split.js';

const scope = (overrides: Partial<ExpansionScope> = {}): ExpansionScope => ({
  here: '/etc/supervisor',
  programName: 'web',
  groupName: 'backend',
  perProcess: true,
  env: new Map(),
  ...overrides,
});

/** The value as programs.yaml writes it, in template or plain mode. */
function render(value: string, overrides: Partial<ExpansionScope> = {}): string {
  const expansion = expandPercent(value, scope(overrides));
  if (expansion.failure !== null) throw new Error(expansion.failure);
  return renderSegments(expansion.segments, overrides.perProcess === false ? 'plain' : 'template');
}

describe('expandPercent → drover forms, in options drover expands per process', () => {
  it.each([
    ['%(here)s/logs/x.log', '/etc/supervisor/logs/x.log'],
    ['%(ENV_HOME)s/app', '${HOME}/app'],
    ['--port=%(ENV_PORT)s', '--port=${PORT}'],
    ['%(program_name)s_%(process_num)02d', '%(program_name)s_%(process_num)02d'],
    ['%(group_name)s:%(numprocs)d', '%(group_name)s:%(numprocs)d'],
    ['%(host_node_name)s', '%(host_node_name)s'],
    ['date +%%s', 'date +%%s'],
    ['100%% sure', '100%% sure'],
    ['%(ENV_N)03d', '%(ENV_N)03d'],
  ])('%s → %s', (value, expected) => {
    expect(render(value)).toBe(expected);
  });

  it('reads ENV_X from an environment setting before the process environment', () => {
    const env = new Map<string, Segment[]>([['APP_ENV', [{ kind: 'text', text: 'prod 100%' }]]]);
    expect(render('--env=%(ENV_APP_ENV)s --home=%(ENV_HOME)s', { env })).toBe('--env=prod 100%% --home=${HOME}');
  });
});

describe('expandPercent in options read once (directory, pidfile, socket)', () => {
  it.each([
    ['%(here)s/app', '/etc/supervisor/app'],
    ['/srv/%(program_name)s', '/srv/web'],
    ['/srv/%(group_name)s', '/srv/backend'],
    ['/srv/%(program_name)-5s|', '/srv/web  |'],
    ['/srv/%(ENV_APP)s', '/srv/${APP}'],
    ['/srv/100%%', '/srv/100%'],
  ])('%s → %s', (value, expected) => {
    expect(render(value, { perProcess: false })).toBe(expected);
  });

  it('fixes %(host_node_name)s to this machine, with a note', () => {
    const expansion = expandPercent('/srv/%(host_node_name)s', scope({ perProcess: false }));
    expect(renderSegments(expansion.segments, 'plain')).toBe(`/srv/${hostname()}`);
    expect(expansion.notes).toEqual([`%(host_node_name)s was replaced by this machine's name, ${JSON.stringify(hostname())}; check it on the machine that will run drover`]);
  });
});

describe('expandPercent failures and notes', () => {
  it.each([
    ['/srv/%(process_num)d', false, '%(process_num)d is expanded per process only in command, process_name, environment and log files (supervisord refuses it here too)'],
    ['%(nope)s', true, '%(nope)s is not an expansion supervisord knows here (it refuses it too)'],
    ['%(program_name)r', true, "%(program_name)r: drover's templates take only the %(name)s, %(name)d or %(name)02d forms here"],
    ['%(ENV_X)5s', false, "%(ENV_X)5s: drover's templates take only the %(name)s, %(name)d or %(name)02d forms here"],
  ])('%s (per process: %s) fails', (value, perProcess, message) => {
    expect(expandPercent(value, scope({ perProcess })).failure).toBe(message);
  });

  it('keeps a lone % as text, with a note (supervisord refuses the value)', () => {
    const expansion = expandPercent('date +%s', scope());
    expect(expansion.failure).toBeNull();
    expect(renderSegments(expansion.segments, 'template')).toBe('date +%%s');
    expect(expansion.notes[0]).toMatch(/^a lone % at "%s"/);
  });
});

describe('renderSegments: literal $ survives drover interpolation', () => {
  it.each([
    ['$HOME', '$HOME'],
    ['${HOME}', '$${HOME}'],
    ['$$', '$$$'],
    ['a$', 'a$'],
    ['price: $5', 'price: $5'],
  ])('%s → %s', (text, expected) => {
    expect(escapeDollars(text)).toBe(expected);
  });

  it('escapes a $ that a ${VAR} reference follows', () => {
    const segments: Segment[] = [
      { kind: 'text', text: 'cost$' },
      { kind: 'env', name: 'X' },
    ];
    expect(renderSegments(segments, 'plain')).toBe('cost$$${X}');
  });
});

describe('shlexSplit, as supervisord splits commands', () => {
  it.each([
    ['sleep 10', ['sleep', '10']],
    ['sh -c "echo $HOME | cat"', ['sh', '-c', 'echo $HOME | cat']],
    ["echo 'a  b' c\\ d", ['echo', 'a  b', 'c d']],
    ['echo "a \\"q\\" \\$x"', ['echo', 'a "q" \\$x']],
    ['run\n--flag', ['run', '--flag']],
    ["x ''", ['x', '']],
    ['a | b > c', ['a', '|', 'b', '>', 'c']],
  ])('%s', (command, argv) => {
    expect(shlexSplit(command)).toEqual({ ok: true, value: argv });
  });

  it('refuses an unclosed quote and a final backslash', () => {
    expect(shlexSplit('echo "a').ok).toBe(false);
    expect(shlexSplit('echo a\\').ok).toBe(false);
  });
});
