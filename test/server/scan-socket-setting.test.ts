import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scanSocketSetting, type SocketSetting } from '../../src/client/scan-socket-setting.js';

type Reference = SocketSetting | { kind: 'yaml-error' } | { kind: 'not-a-string' };

/** What the `yaml` package (with the supervisor's options) makes of the file. */
function reference(text: string): Reference {
  const doc = parseDocument(text, { uniqueKeys: false, merge: true });
  if (doc.errors.length > 0) return { kind: 'yaml-error' };
  const root = doc.toJS() as unknown;
  if (!isRecord(root)) return { kind: 'not-a-string' };
  const supervisor = root.supervisor;
  if (supervisor === undefined || supervisor === null) return { kind: 'absent' };
  if (!isRecord(supervisor)) return { kind: 'not-a-string' };
  if (!('socket' in supervisor) || supervisor.socket === undefined) return { kind: 'absent' };
  return typeof supervisor.socket === 'string' ? { kind: 'value', value: supervisor.socket } : { kind: 'not-a-string' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The scanner may say `unsure` about anything; whatever else it says, yaml must agree. */
function expectAgrees(text: string): SocketSetting {
  const scanned = scanSocketSetting(text);
  if (scanned.kind !== 'unsure') {
    expect(reference(text), `scanner said ${JSON.stringify(scanned)} for ${JSON.stringify(text)}`).toEqual(scanned);
  }
  return scanned;
}

describe('scanSocketSetting: the usual forms, read without a parser', () => {
  const cases: [string, SocketSetting][] = [
    ['programs:\n  web:\n    command: sleep 1\n', { kind: 'absent' }],
    ['supervisor:\n  logdir: logs\nprograms: {}\n', { kind: 'absent' }],
    ['supervisor:\n  socket: run/d.sock\n', { kind: 'value', value: 'run/d.sock' }],
    ['supervisor:\n    socket: /run/drover/d.sock   # the socket\n', { kind: 'value', value: '/run/drover/d.sock' }],
    ["supervisor:\n  socket: 'it''s here.sock'\n", { kind: 'value', value: "it's here.sock" }],
    ['supervisor:\n  socket: "a # not a comment" # a comment\n', { kind: 'value', value: 'a # not a comment' }],
    ['supervisor:\n  socket: ${RUNTIME:-/tmp}/d.sock\n', { kind: 'value', value: '${RUNTIME:-/tmp}/d.sock' }],
    ['supervisor:\n  socket: a#b.sock\n', { kind: 'value', value: 'a#b.sock' }],
    ['# header\n---\nsupervisor: # settings\n  # comment\n\n  pidfile: x\n  socket: s.sock\n  logdir: l\nprograms: {}\n', { kind: 'value', value: 's.sock' }],
    ['\uFEFFsupervisor:\r\n  socket: crlf.sock\r\nprograms: {}\r\n', { kind: 'value', value: 'crlf.sock' }],
    ['programs:\n  web:\n    command: x\n    supervisor:\n      socket: nested.sock\nsupervisor:\n  socket: top.sock\n', { kind: 'value', value: 'top.sock' }],
    ['supervisor:\n  logdir: |\n    socket: inside-a-block-scalar\n  socket: real.sock\n', { kind: 'value', value: 'real.sock' }],
    ['supervisor:\n    pidfile: p\n# at column 0\n  # less indented\n    socket: s\n', { kind: 'value', value: 's' }],
    ['supervisor:\n  socket:\t"tab before"\n', { kind: 'value', value: 'tab before' }],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(expectAgrees(text)).toEqual(expected);
  });
});

describe('scanSocketSetting: forms it leaves to the parser', () => {
  const unsure = [
    'supervisor: {socket: flow.sock}\n',
    '{supervisor: {socket: a}}\n',
    'supervisor: &sup\n  socket: a\n',
    'base: &b\n  socket: a\nsupervisor:\n  <<: *b\n',
    'supervisor:\n  socket: &s a\n',
    'supervisor:\n  socket: *s\n',
    'supervisor:\n  socket: !!str a\n',
    'supervisor:\n  socket: |\n    a\n',
    'supervisor:\n  socket: >-\n    a\n',
    'supervisor:\n  socket:\n    a\n',
    'supervisor:\n  socket: "a\n    b"\n',
    "supervisor:\n  socket: 'a\n    b'\n",
    'supervisor:\n  socket: plain\n    continued\n',
    'supervisor:\n  socket: "tab\\there"\n',
    'supervisor:\n  socket: null\n',
    'supervisor:\n  socket: ~\n',
    'supervisor:\n  socket: 12\n',
    'supervisor:\n  socket: 1e3\n',
    'supervisor:\n  socket:\n',
    'supervisor:\n  "socket": a\n',
    'supervisor:\n  ? socket\n  : a\n',
    '"supervisor":\n  socket: a\n',
    '? supervisor\n: {socket: a}\n',
    'supervisor: null\n',
    'supervisor:\n  socket: a\nsupervisor:\n  socket: b\n',
    'supervisor:\n  socket: a\n  socket: b\n',
    '%YAML 1.1\n---\nsupervisor:\n  socket: a\n',
    'a: 1\n---\nsupervisor:\n  socket: b\n',
    '  supervisor:\n    socket: a\n',
    'supervisor:\n\tsocket: a\n',
    'supervisor:\n  - socket: a\n',
    'supervisor:\n    pidfile: p\n  socket: a\n',
    'supervisor:\n  socket: a: b\n',
  ];
  it.each(unsure)('%j', (text) => {
    expect(scanSocketSetting(text)).toEqual({ kind: 'unsure' });
  });
});

describe('scanSocketSetting agrees with the yaml package', () => {
  const values = [
    '/run/d.sock',
    'run/d.sock   ',
    'run/d.sock # comment',
    'run/d.sock\t# tab comment',
    'a#b',
    "'single quoted'",
    "'it''s'",
    "'with # hash' # and comment",
    '"double"',
    '"dq # hash"   # comment',
    '"${X:-/tmp}/s.sock"',
    '${X}/s.sock',
    'with spaces inside.sock',
    'true',
    'yes',
    '0x1f',
    '.inf',
    '-dash',
    '- item',
    ':colon',
    'trailing:',
    'url://x',
    '"unterminated',
    "'un",
    '""',
    "''",
    '[a, b]',
    '{a: b}',
    '@at',
    '%pct',
    '"esc\\"aped"',
  ];
  const prefixes = ['', '# c\n', '---\n', 'programs:\n  web:\n    command: x # y\n'];
  const supervisorLines = ['supervisor:', 'supervisor:   # s', 'supervisor :'];
  const siblingsBefore = ['', 'logdir: logs\n', 'logdir: |\n@@  socket: no\n', 'pidfile: "p # x"\n'];
  const after = ['', 'stats_interval: 1s\n', '# less indented comment\n', '    deeper: x\n'];
  const suffixes = ['', 'groups:\n  g: [a]\n', 'supervisor:\n  socket: dup\n'];
  // The forms real configs use: the scanner must read these itself.
  const common = new Set(values.slice(0, values.indexOf('true')));
  it('on thousands of combinations', () => {
    let checked = 0;
    for (const value of values) {
      for (const indent of ['  ', '    ', ' ']) {
        for (const eol of ['\n', '\r\n']) {
          for (const [i, prefix] of prefixes.entries()) {
            for (const [j, sup] of supervisorLines.entries()) {
              // Every sibling/after/suffix variant, paired with rotating prefixes and key forms.
              for (const before of siblingsBefore) {
                for (const tail of after) {
                  const suffix = suffixes[(i + j + value.length) % suffixes.length]!;
                  const body = `${before.replace(/^(?=.)/gm, indent).replaceAll('@@', indent)}${indent}socket: ${value}\n${tail.replace(/^(?=[^ ])/gm, indent)}`;
                  const text = `${prefix}${sup}\n${body}${suffix}`.replaceAll('\n', eol);
                  checked++;
                  const scanned = expectAgrees(text);
                  // A duplicate supervisor key or a deeper line after the value is the parser's call.
                  if (common.has(value) && !suffix.startsWith('supervisor') && !tail.startsWith(' ')) {
                    expect(scanned.kind, JSON.stringify(text)).toBe('value');
                  }
                }
              }
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('on the example configs in the repository', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = [
      'programs.yaml.example',
      ...readdirSync('examples', { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => `examples/${f}`),
    ];
    for (const file of files) {
      const scanned = expectAgrees(readFileSync(file, 'utf8'));
      expect(scanned.kind, file).not.toBe('unsure');
    }
  });
});
