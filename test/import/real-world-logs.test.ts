import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatConfigError, loadConfig } from '../../src/config/index.js';
import { importFile } from '../../src/import/import-file.js';
import { useImportDir } from './import-fixture.js';

/**
 * The log settings of real Docker configs (test/fixtures/real-world/): their
 * /dev/stdout, /dev/fd/1 and /proc/1/fd/N log files become console, /dev/null
 * becomes none, and a `logfile=/dev/null` never makes /dev drover's logdir.
 */

const t = useImportDir();
const CORPUS = fileURLToPath(new URL('../fixtures/real-world/supervisord/', import.meta.url));

interface Imported {
  supervisor?: Record<string, unknown>;
  programs: Record<string, Record<string, unknown>>;
}

async function importCorpus(file: string): Promise<{ yaml: string; imported: Imported; warnings: string[] }> {
  const outcome = await importFile(path.join(CORPUS, file), { prefork: false });
  if (!outcome.ok) throw new Error(`${file} did not import: ${JSON.stringify(outcome.errors)}`);
  return { yaml: outcome.yaml, imported: parse(outcome.yaml) as Imported, warnings: outcome.warnings.map((w) => `${path.relative(CORPUS, w.file)}:${w.line}: ${w.message}`) };
}

/** The imported programs.yaml, loaded by drover's own loader from a temp folder. */
async function load(yaml: string) {
  const loaded = await loadConfig(t.write('programs.yaml', yaml));
  if (!loaded.ok) throw new Error(`does not load:\n${loaded.errors.map(formatConfigError).join('\n')}`);
  return loaded.config;
}

const logsOf = (imported: Imported) => Object.fromEntries(Object.entries(imported.programs).map(([name, p]) => [name, [p.stdout_logfile, p.stderr_logfile]]));

describe('real-world configs: console log files', () => {
  it('trafex-php-nginx.conf: /dev/stdout and /dev/stderr become console, logfile=/dev/null no logdir', async () => {
    const { yaml, imported, warnings } = await importCorpus('trafex-php-nginx.conf');
    expect(imported.supervisor).toEqual({ pidfile: '/run/supervisord.pid' });
    expect(logsOf(imported)).toEqual({ 'php-fpm': ['console', 'console'], nginx: ['console', 'console'] });
    expect(warnings).toContainEqual(expect.stringMatching(/^trafex-php-nginx\.conf:3: logfile=\/dev\/null is not a folder for drover's logs/));
    const config = await load(yaml);
    expect(config.supervisor.logdir).toBe(path.join(t.dir, 'logs'));
    for (const program of config.programs) expect([program.stdout.target, program.stderr.target]).toEqual([{ kind: 'console' }, { kind: 'console' }]);
  });

  it('invoiceninja-debian.conf: /dev/fd/1 with redirect_stderr becomes console', async () => {
    const { yaml, imported } = await importCorpus('invoiceninja-debian.conf');
    expect(imported.supervisor?.logdir).toBeUndefined();
    expect(logsOf(imported)).toEqual({ 'php-fpm': ['console', undefined], 'queue-worker': ['console', undefined], scheduler: ['console', undefined] });
    const config = await load(yaml);
    expect(config.programs.map((p) => [p.name, p.stdout.target.kind, p.redirectStderr])).toEqual([
      ['php-fpm', 'console', true],
      ['queue-worker', 'console', true],
      ['scheduler', 'console', true],
    ]);
  });

  it('hypothesis-h.conf: logfile=/dev/null no logdir, NONE stays none', async () => {
    const { imported, warnings } = await importCorpus('hypothesis-h.conf');
    expect(imported.supervisor?.logdir).toBeUndefined();
    for (const [name, logs] of Object.entries(logsOf(imported))) expect(logs, name).toEqual(['none', 'none']);
    expect(warnings).toContainEqual(expect.stringMatching(/^hypothesis-h\.conf:4: logfile=\/dev\/null is not a folder/));
  });

  it('microblog-pub-docker.conf: logfile=/dev/null no logdir, its data/*.log files stay files', async () => {
    const { imported } = await importCorpus('microblog-pub-docker.conf');
    expect(imported.supervisor?.logdir).toBeUndefined();
    expect(Object.values(imported.programs).map((p) => p.stdout_logfile)).toEqual(['data/uvicorn.log', 'data/incoming.log', 'data/outgoing.log']);
  });

  it('azuracast: /proc/1/fd/1 and /proc/1/fd/2 become console; its real logfile still gives logdir', async () => {
    const { yaml, imported } = await importCorpus('azuracast/supervisord-full.conf');
    expect(imported.supervisor?.logdir).toBe('/var/azuracast/www_tmp');
    const logs = logsOf(imported);
    for (const name of ['php-fpm', 'php-nowplaying', 'php-worker', 'startup']) expect(logs[name], name).toEqual(['console', 'console']);
    expect(logs.nginx).toEqual(['/var/azuracast/www_tmp/service_nginx.log', undefined]);
    const config = await load(yaml);
    expect(config.programs.find((p) => p.name === 'php-worker')!.stderr.target).toEqual({ kind: 'console' });
  });

  it('no config of the corpus gets a logdir or a log file under /dev or /proc', async () => {
    const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.conf'));
    expect(files.length).toBeGreaterThanOrEqual(25);
    let imported = 0;
    for (const file of files) {
      const outcome = await importFile(path.join(CORPUS, file), { prefork: false });
      if (!outcome.ok) continue;
      imported += 1;
      // /dev itself too: logfile=/dev/null names no folder to keep logs in.
      expect(outcome.yaml, file).not.toMatch(/^\s*(logdir|stdout_logfile|stderr_logfile): ["']?\/(dev|proc)\b/m);
    }
    expect(imported).toBeGreaterThanOrEqual(25);
  });
});
