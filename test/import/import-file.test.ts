import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatConfigError, loadConfig } from '../../src/config/index.js';
import { detectFormat } from '../../src/import/detect-format.js';
import { importFile } from '../../src/import/import-file.js';
import { lines, useImportDir } from './import-fixture.js';

const t = useImportDir();

describe('detectFormat', () => {
  it.each([
    ['[program:web]\ncommand=x\n', 'supervisord'],
    ['; a comment\n  [supervisord]\n', 'supervisord'],
    ['web: gunicorn app:app\n', 'procfile'],
    ['# only a comment\n\nweb:\n', null],
    ['{"programs": {}}\n', null],
  ])('%j → %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });
});

/** Writes programs.yaml beside the input and loads it with drover's own config loader. */
async function check(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const result = await loadConfig(t.write('programs.yaml', yaml), env);
  if (!result.ok) throw new Error(`the imported programs.yaml does not load:\n${result.errors.map(formatConfigError).join('\n')}\n${yaml}`);
  return result.config;
}

describe('importFile', () => {
  it('writes a supervisord config as programs.yaml that drover loads, with the warnings as comments on top', async () => {
    const outcome = await t.importFile(
      'supervisord.conf',
      lines(
        '[unix_http_server]',
        'file=%(here)s/run/sv.sock',
        '[supervisord]',
        'pidfile=%(here)s/run/sv.pid',
        'childlogdir=%(here)s/logs',
        'minfds=4096',
        '[program:web]',
        'command=sleep 100 --name=%(program_name)s',
        'process_name=%(program_name)s_%(process_num)02d',
        'numprocs=2',
        'environment=HOME_DIR="%(ENV_HOME)s"',
        'stdout_logfile=%(here)s/logs/%(program_name)s_%(process_num)02d.log',
        '[program:cost]',
        'command=echo $5 100%%',
        '[group:g]',
        'programs=web,cost',
      ),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.format).toBe('supervisord');
    expect(outcome.warnings.map((w) => [path.basename(w.file), w.line])).toEqual([['supervisord.conf', 6]]);
    expect(outcome.yaml).toMatch(/^# programs.yaml for drover, imported from the supervisord config .*supervisord.conf by drover import.\n/);
    expect(outcome.yaml).toContain('\n# Not carried over as written (1):\n#   ');
    expect(outcome.yaml).toMatch(/supervisord.conf:6: minfds=4096 has no equivalent/);
    expect(outcome.yaml).toMatch(/ {2}# \[program:web\], .*supervisord.conf:7\n {2}web:\n/);
    expect(parse(outcome.yaml)).toMatchObject({ groups: { g: ['web', 'cost'] } });

    const config = await check(outcome.yaml, { HOME: '/home/me' });
    expect(config.supervisor).toMatchObject({ socket: `${t.dir}/run/sv.sock`, pidfile: `${t.dir}/run/sv.pid`, logdir: `${t.dir}/logs` });
    const [web, cost] = config.programs;
    expect(web).toMatchObject({ name: 'web', command: ['sleep', '100', '--name=%(program_name)s'], numprocs: 2, environment: { HOME_DIR: '/home/me' } });
    expect(web!.stdout.target).toEqual({ kind: 'file', path: `${t.dir}/logs/%(program_name)s_%(process_num)02d.log` });
    expect(cost!.command).toEqual(['echo', '$5', '100%%']);
    expect(config.groups).toEqual({ g: ['web', 'cost'] });
  });

  it('writes a Procfile as programs.yaml that drover loads', async () => {
    const outcome = await t.importFile('Procfile', lines('web: gunicorn app:app -b 0.0.0.0:$PORT -w 2', 'worker: rq worker default'), { prefork: true });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.format).toBe('procfile');
    expect(outcome.warnings).toEqual([]);
    const config = await check(outcome.yaml, { PORT: '6123' });
    expect(config.programs.map((p) => [p.name, p.numprocs, p.prefork?.bind.map((b) => b.text) ?? null])).toEqual([
      ['web', 2, ['0.0.0.0:6123']],
      ['worker', 1, null],
    ]);
  });

  it('fails on a file it cannot read, one that is neither format, a bad line, or nothing to import', async () => {
    expect(await t.importFile('empty.conf', '\n')).toEqual({
      ok: false,
      errors: [{ file: path.join(t.dir, 'empty.conf'), line: 1, message: expect.stringMatching(/^not a supervisord config \(no \[section\] headers.*and not a Procfile/) }],
      warnings: [],
    });
    const missing = await importFile(path.join(t.dir, 'nope.conf'), { prefork: false });
    expect(missing).toEqual({
      ok: false,
      errors: [{ file: path.join(t.dir, 'nope.conf'), line: 1, message: 'cannot read the file to import: no such file or directory (ENOENT)' }],
      warnings: [],
    });
    const bad = await t.importFile('bad.conf', lines('[program:a]', 'command=x', 'what is this'));
    expect(bad).toMatchObject({ ok: false, errors: [{ line: 3, message: expect.stringMatching(/^expected "name = value"/) }] });
    const empty = await t.importFile('only.conf', lines('[eventlistener:x]', 'command=x'));
    expect(empty).toMatchObject({
      ok: false,
      errors: [{ line: 1, message: 'found no [program:x] or [fcgi-program:x] section that could be imported' }],
      warnings: [{ line: 1, message: expect.stringMatching(/^\[eventlistener:x\] has no equivalent/) }],
    });
  });
});
