import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliHarness } from '../helpers/cli-harness.js';

/** `drover init` in a temp folder, checked by the real `drover check`; and what `drover` says with no config. */

let h: CliHarness;
beforeEach(() => {
  h = new CliHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const file = (name: string) => path.join(h.dir, name);

describe('drover init (built CLI)', () => {
  it('writes a commented starter with one program that drover check passes', async () => {
    const result = await h.runToEnd(['init']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^drover init: wrote programs\.yaml, a starter with one program \(app\)/);
    const text = readFileSync(file('programs.yaml'), 'utf8');
    expect(text).toMatch(/^# programs\.yaml: /);
    expect(text).toMatch(/^ {2}app:\n/m);
    const check = await h.runToEnd(['check']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/OK, 1 program, 1 process/);
  });

  it('builds from a Procfile through drover import, and says so', async () => {
    writeFileSync(file('Procfile'), 'web: python3 -m http.server $PORT\nworker: sleep 100\n');
    const result = await h.runToEnd(['init']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/wrote programs\.yaml from Procfile \(through drover import\)/);
    expect(readFileSync(file('programs.yaml'), 'utf8')).toBe((await h.runToEnd(['import', 'Procfile'])).stdout + '\n');
    const check = await h.runToEnd(['check']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/OK, 2 programs, 2 processes/);
  });

  it('builds from a supervisord.conf into the FILE named', async () => {
    writeFileSync(file('supervisord.conf'), '[program:web]\ncommand=sleep 100\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)d\n');
    const result = await h.runToEnd(['init', 'drover.yaml']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/wrote drover\.yaml from supervisord\.conf .*drover check -c drover\.yaml/);
    expect(existsSync(file('programs.yaml'))).toBe(false);
    const check = await h.runToEnd(['check', '-c', 'drover.yaml']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/OK, 1 program, 2 processes/);
  });

  it('never overwrites a file, and writes nothing from a source it cannot import', async () => {
    h.writeConfig('# mine\n');
    const result = await h.runToEnd(['init']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^drover init: programs\.yaml exists already; init never overwrites/);
    expect(readFileSync(file('programs.yaml'), 'utf8')).toBe('# mine\n');

    writeFileSync(file('Procfile'), '# nothing here\n');
    const broken = await h.runToEnd(['init', 'other.yaml']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/nothing written; fix Procfile/);
    expect(existsSync(file('other.yaml'))).toBe(false);
  });

  it('is listed in --help', async () => {
    expect((await h.runToEnd(['--help'])).stdout).toMatch(/^ {2}drover init \[FILE\] /m);
  });
});

describe('drover without a config (built CLI)', () => {
  it('says how to start: init, import, or the example; exit 1 as before', async () => {
    const result = await h.runToEnd([]);
    expect(result.code).toBe(1);
    const example = path.resolve(import.meta.dirname, '../../programs.yaml.example');
    expect(result.stderr.split('\n')).toEqual([
      `drover: no config at ${file('programs.yaml')}; to start, write one:`,
      expect.stringMatching(/^ {2}drover init {2,}a commented programs\.yaml for this folder/),
      expect.stringMatching(/^ {2}drover import FILE > programs\.yaml {2,}the programs of a supervisord\.conf or a Procfile$/),
      expect.stringMatching(new RegExp(`^ {2}cp ${example.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} programs\\.yaml {2,}the example`)),
      'then run drover again (drover check checks the file first)',
      '',
    ]);
  });
});
