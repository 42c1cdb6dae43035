import { describe, expect, it } from 'vitest';
import { environmentAssignment, escapeSpecifiers, execLine, joinUnitFiles, quoteExecWord, renderUnit } from '../../src/export/unit-text.js';
import { parseUnitFiles, single } from './unit-files.js';

describe('quoteExecWord', () => {
  it.each([
    ['/usr/bin/node', '/usr/bin/node'],
    ['--port=8000', '--port=8000'],
    ['main:app', 'main:app'],
    ['/srv/my app/main.js', '"/srv/my app/main.js"'],
    ['', '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\path', '"C:\\\\path"'],
    ['$HOME', '"$$HOME"'],
    ['echo $HOME; ls', '"echo $$HOME; ls"'],
    [';', '";"'],
    ['line\nbreak', '"line\\nbreak"'],
    ['tab\there', '"tab\\there"'],
    ['bell\u0007', '"bell\\x07"'],
    ["it's", '"it\'s"'],
  ])('%j → %s', (word, quoted) => {
    expect(quoteExecWord(word)).toBe(quoted);
  });

  it('leaves specifiers to the caller: a literal % is escaped by escapeSpecifiers first', () => {
    expect(execLine(['/usr/bin/printf', '50%', 'web-%i'].map((w, i) => (i === 2 ? w : escapeSpecifiers(w))))).toBe('/usr/bin/printf 50%% web-%i');
  });
});

describe('environmentAssignment', () => {
  it('quotes the whole assignment and keeps $ (not expanded in Environment=)', () => {
    expect(environmentAssignment('GREETING', 'hello "you" $USER')).toBe('"GREETING=hello \\"you\\" $USER"');
    expect(environmentAssignment('PATH', '/a:/b')).toBe('"PATH=/a:/b"');
  });
});

describe('renderUnit', () => {
  it('writes comments, then sections in order, skipping empty ones, with repeated keys kept', () => {
    const text = renderUnit({
      name: 'x.service',
      comments: ['first', ''],
      sections: [
        { name: 'Unit', entries: [['Description', 'x']] },
        { name: 'Install', entries: [] },
        {
          name: 'Service',
          entries: [
            ['Environment', '"A=1"'],
            ['Environment', '"B=2"'],
            ['ExecStart', '/bin/true'],
          ],
        },
      ],
    });
    expect(text).toBe('# first\n#\n\n[Unit]\nDescription=x\n\n[Service]\nEnvironment="A=1"\nEnvironment="B=2"\nExecStart=/bin/true\n');
  });

  it('refuses a value that would break the file (a line break, a trailing backslash)', () => {
    expect(() => renderUnit({ name: 'x.service', comments: [], sections: [{ name: 'Service', entries: [['WorkingDirectory', '/a\nb']] }] })).toThrow(
      /x\.service: WorkingDirectory= cannot hold/,
    );
    expect(() => renderUnit({ name: 'x.service', comments: [], sections: [{ name: 'Unit', entries: [['Description', 'ends\\']] }] })).toThrow(TypeError);
  });
});

describe('joinUnitFiles', () => {
  it('heads each file with ### NAME, so the output splits back into the same files', () => {
    const text = joinUnitFiles([
      { name: 'a.service', comments: ['a'], sections: [{ name: 'Service', entries: [['ExecStart', '/bin/true']] }] },
      { name: 'a.socket', comments: [], sections: [{ name: 'Socket', entries: [['ListenStream', '127.0.0.1:80']] }] },
    ]);
    expect(text.startsWith('### a.service\n# a\n')).toBe(true);
    const files = parseUnitFiles(text);
    expect([...files.keys()]).toEqual(['a.service', 'a.socket']);
    expect(single(files.get('a.socket'), 'Socket', 'ListenStream')).toBe('127.0.0.1:80');
  });
});
