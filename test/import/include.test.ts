import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findIncludedFiles } from '../../src/import/include-files.js';
import { readSupervisordConfig } from '../../src/import/read-supervisord.js';
import { lines, useImportDir } from './import-fixture.js';

const t = useImportDir();

describe('findIncludedFiles: Python glob semantics', () => {
  it('matches *, ? and [..] within one segment, sorted, files only, relative to the base folder', async () => {
    for (const name of ['conf.d/b.conf', 'conf.d/a.conf', 'conf.d/a.ini', 'conf.d/.hidden.conf', 'conf.d/sub/c.conf', 'x1.conf', 'x2.conf']) t.write(name, '');
    fs.mkdirSync(path.join(t.dir, 'conf.d', 'dir.conf'));
    const rel = async (pattern: string) => (await findIncludedFiles(pattern, t.dir)).map((f) => path.relative(t.dir, f));
    expect(await rel('conf.d/*.conf')).toEqual(['conf.d/a.conf', 'conf.d/b.conf']);
    expect(await rel('conf.d/.*.conf')).toEqual(['conf.d/.hidden.conf']);
    expect(await rel('x?.conf')).toEqual(['x1.conf', 'x2.conf']);
    expect(await rel('x[!1].conf')).toEqual(['x2.conf']);
    expect(await rel('*/*/c.conf')).toEqual(['conf.d/sub/c.conf']);
    expect(await rel('conf.d/a.ini')).toEqual(['conf.d/a.ini']);
    expect(await rel('missing/*.conf')).toEqual([]);
    expect(await findIncludedFiles(path.join(t.dir, 'x1.conf'), '/elsewhere')).toEqual([path.join(t.dir, 'x1.conf')]);
  });
});

describe('[include]', () => {
  it('reads matched files relative to the including file, sections merged and remembering their file', async () => {
    t.write('etc/conf.d/web.conf', lines('[program:web]', 'command=web'));
    t.write('etc/conf.d/api.conf', lines('[program:api]', 'command=api', '[program:main]', 'numprocs=2'));
    t.write('etc/more.ini', lines('[program:more]', 'command=more'));
    const main = t.write('etc/supervisord.conf', lines('[program:main]', 'command=main', '[include]', 'files = conf.d/*.conf', '  %(here)s/more.ini'));
    const source = await readSupervisordConfig(main);
    expect(source.errors).toEqual([]);
    expect(source.warnings).toEqual([]);
    expect(source.files.map((f) => path.relative(t.dir, f))).toEqual(['etc/supervisord.conf', 'etc/conf.d/api.conf', 'etc/conf.d/web.conf', 'etc/more.ini']);
    expect([...source.sections.keys()]).toEqual(['program:main', 'program:api', 'program:web', 'program:more']);
    const merged = source.sections.get('program:main')!;
    expect([...merged.options.values()].map((o) => [o.name, o.value, path.relative(t.dir, o.file), o.line])).toEqual([
      ['command', 'main', 'etc/supervisord.conf', 2],
      ['numprocs', '2', 'etc/conf.d/api.conf', 4],
    ]);
  });

  it('follows includes of included files, and reports a loop once without reading again', async () => {
    t.write('a.conf', lines('[program:a]', 'command=a', '[include]', 'files=b.conf'));
    t.write('b.conf', lines('[program:b]', 'command=b', '[include]', 'files=a.conf main.conf'));
    const main = t.write('main.conf', lines('[include]', 'files=a.conf'));
    const { config, warnings } = await t.supervisord(fs.readFileSync(main, 'utf8'), { prefork: false }, 'main.conf');
    expect(config.programs.map((p) => p.name)).toEqual(['a', 'b']);
    expect(warnings).toEqual([
      `b.conf:4: [include] names ${path.join(t.dir, 'a.conf')}, which is already being read (an include loop); not read again`,
      `b.conf:4: [include] names ${path.join(t.dir, 'main.conf')}, which is already being read (an include loop); not read again`,
    ]);
  });

  it('says when a pattern matches nothing or the section has no files, and stops on a file that does not parse', async () => {
    const quiet = await t.supervisord(lines('[include]', 'files=none/*.conf', '[include]', 'other=1', '[program:a]', 'command=a'));
    expect(quiet.warnings).toEqual([
      'supervisord.conf:2: [include] pattern "none/*.conf" matches no file (supervisord skips it too)',
      'supervisord.conf:3: [include] has no files = setting; nothing was included',
    ]);
    t.write('bad.conf', lines('[program:b]', 'this is not an option'));
    const broken = await t.supervisord(lines('[include]', 'files=bad.conf'), { prefork: false }, 'main.conf');
    expect(broken.errors).toEqual(['bad.conf:2: expected "name = value", a [section] header or an indented continuation line, got "this is not an option"']);
  });

  it('expands %(ENV_X)s in patterns from the environment import runs in', async () => {
    t.write('site/x.conf', lines('[program:x]', 'command=x'));
    process.env.DROVER_TEST_INCLUDE_DIR = 'site';
    try {
      const { config, warnings } = await t.supervisord(lines('[include]', 'files=%(ENV_DROVER_TEST_INCLUDE_DIR)s/*.conf %(ENV_DROVER_TEST_UNSET_X)s/*.conf'));
      expect(config.programs.map((p) => p.name)).toEqual(['x']);
      expect(warnings).toEqual(['supervisord.conf:2: [include] pattern "%(ENV_DROVER_TEST_UNSET_X)s/*.conf" cannot be expanded: %(ENV_DROVER_TEST_UNSET_X)s has no value here']);
    } finally {
      delete process.env.DROVER_TEST_INCLUDE_DIR;
    }
  });
});
