import { describe, expect, it } from 'vitest';
import { parseIni } from '../../src/import/supervisord-ini.js';

const FILE = '/etc/supervisord.conf';

function options(text: string): Record<string, [string, number]> {
  const parsed = parseIni(text, FILE);
  expect(parsed.errors).toEqual([]);
  const out: Record<string, [string, number]> = {};
  for (const section of parsed.sections) for (const option of section.options.values()) out[`${section.name}.${option.name}`] = [option.value, option.line];
  return out;
}

describe('parseIni: sections and options', () => {
  it('reads sections with their lines, options with theirs, = or : as the separator', () => {
    const parsed = parseIni('[supervisord]\nlogfile = /tmp/s.log\n\n[program:web]\ncommand: sleep 1\n', FILE);
    expect(parsed.sections.map((s) => [s.name, s.line, s.file])).toEqual([
      ['supervisord', 1, FILE],
      ['program:web', 4, FILE],
    ]);
    expect(options('[supervisord]\nlogfile = /tmp/s.log\n\n[program:web]\ncommand: sleep 1\n')).toEqual({
      'supervisord.logfile': ['/tmp/s.log', 2],
      'program:web.command': ['sleep 1', 5],
    });
  });

  it('lower-cases option names but keeps section names and values as written', () => {
    expect(options('[program:Web]\nCOMMAND=Sleep 1\nAutoStart = TRUE\n')).toEqual({
      'program:Web.command': ['Sleep 1', 2],
      'program:Web.autostart': ['TRUE', 3],
    });
  });

  it('splits at the first = or :, so values may hold both', () => {
    expect(options('[program:a]\ncommand=python -c "x=1" --url=http://h:80\n')).toEqual({
      'program:a.command': ['python -c "x=1" --url=http://h:80', 2],
    });
  });

  it('lets a repeated option replace the earlier value (and line)', () => {
    expect(options('[program:a]\ncommand=one\ncommand=two\n')).toEqual({ 'program:a.command': ['two', 3] });
  });

  it('keeps a section written twice as two entries (the reader merges them)', () => {
    const parsed = parseIni('[program:a]\ncommand=x\n[program:a]\nnumprocs=2\n', FILE);
    expect(parsed.sections.map((s) => [s.name, [...s.options.keys()]])).toEqual([
      ['program:a', ['command']],
      ['program:a', ['numprocs']],
    ]);
  });

  it('reads CRLF files and a leading byte-order mark', () => {
    expect(options('\uFEFF[program:a]\r\ncommand=x\r\nnumprocs=2\r\n')).toEqual({ 'program:a.command': ['x', 2], 'program:a.numprocs': ['2', 3] });
  });
});

describe('parseIni: comments', () => {
  it.each([
    ['a whole-line ; comment', '; note\n[program:a]\ncommand=x\n', 'x'],
    ['a whole-line # comment', '# note\n[program:a]\n  # indented\ncommand=x\n', 'x'],
    ['an inline ; after whitespace', '[program:a]\ncommand=x ; note\n', 'x'],
    ['an inline # after a tab', '[program:a]\ncommand=x\t# note\n', 'x'],
    ['a ; not after whitespace', '[program:a]\ncommand=x;y\n', 'x;y'],
    ['a # inside a URL', '[program:a]\ncommand=curl http://h/#frag\n', 'curl http://h/#frag'],
    ['an inline comment inside quotes (supervisord does not know quotes)', '[program:a]\ncommand=echo "a ; b"\n', 'echo "a'],
  ])('%s', (_, text, value) => {
    expect(options(text)['program:a.command']![0]).toBe(value);
  });

  it('a comment after a section header', () => {
    expect(parseIni('[program:a] ; the app\ncommand=x\n', FILE).sections[0]!.name).toBe('program:a');
  });
});

describe('parseIni: continuation lines', () => {
  it('joins lines indented deeper than the option with newlines, at the option line', () => {
    const text = '[program:a]\ncommand=run\n  --one\n\t--two ; note\nnumprocs=2\n';
    expect(options(text)).toEqual({ 'program:a.command': ['run\n--one\n--two', 2], 'program:a.numprocs': ['2', 5] });
  });

  it('keeps a blank line inside a value, skips comment lines, and trims trailing blanks', () => {
    const text = '[program:a]\nenvironment=\n  A=1,\n\n  ; a comment\n  B=2\n\nnumprocs=3\n';
    expect(options(text)).toEqual({ 'program:a.environment': ['\nA=1,\n\nB=2', 2], 'program:a.numprocs': ['3', 8] });
  });

  it("continues relative to the option line's own indent, never right after a header", () => {
    expect(options('[program:a]\n  command=x\n  numprocs=2\n')).toEqual({ 'program:a.command': ['x', 2], 'program:a.numprocs': ['2', 3] });
    expect(options('[program:a]\n  command=x\n    numprocs=2\n')).toEqual({ 'program:a.command': ['x\nnumprocs=2', 2] });
  });
});

describe('parseIni: errors', () => {
  it('reports every bad line with its number, and keeps reading', () => {
    const parsed = parseIni('command=x\n[program:a]\njust words\ncommand=y\n= no name\n', FILE);
    expect(parsed.errors.map((e) => [e.line, e.message])).toEqual([
      [1, 'expected a [section] header before the first option, got "command=x"'],
      [3, 'expected "name = value", a [section] header or an indented continuation line, got "just words"'],
      [5, 'expected "name = value", a [section] header or an indented continuation line, got "= no name"'],
    ]);
    expect(parsed.errors.every((e) => e.file === FILE)).toBe(true);
    expect(parsed.sections[0]!.options.get('command')?.value).toBe('y');
  });
});
