import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatConfigError, loadConfig } from '../../src/config/index.js';
import { importFile } from '../../src/import/import-file.js';
import { useImportDir } from './import-fixture.js';

const CORPUS = fileURLToPath(new URL('../fixtures/real-world/procfile/', import.meta.url));
const t = useImportDir();

/** Imports a corpus Procfile, loads the result with drover's own loader (as `drover check` does), and returns its programs as written. */
async function importCorpus(name: string): Promise<Record<string, Record<string, unknown>>> {
  const outcome = await importFile(`${CORPUS}${name}`, { prefork: false });
  if (!outcome.ok) throw new Error(`import of ${name} failed: ${outcome.errors.map((e) => e.message).join('; ')}`);
  const loaded = await loadConfig(t.write('programs.yaml', outcome.yaml), { PATH: process.env.PATH });
  if (!loaded.ok) throw new Error(`the import of ${name} does not pass drover check:\n${loaded.errors.map(formatConfigError).join('\n')}\n${outcome.yaml}`);
  return (parse(outcome.yaml) as { programs: Record<string, Record<string, unknown>> }).programs;
}

describe('Procfiles of the corpus whose commands start with NAME=value', () => {
  it('django-styleguide-example: REMAP_SIGTERM=SIGQUIT becomes environment of worker and beat', async () => {
    const programs = await importCorpus('django-styleguide-example.Procfile');
    expect(programs.worker).toMatchObject({
      command: 'celery -A styleguide_example.tasks worker -l info --without-gossip --without-mingle --without-heartbeat',
      environment: { REMAP_SIGTERM: 'SIGQUIT' },
    });
    expect(programs.beat).toMatchObject({ environment: { REMAP_SIGTERM: 'SIGQUIT' } });
    expect(String(programs.beat!.command)).toMatch(/^celery -A styleguide_example.tasks beat /);
  });

  it('forem: release is a one-shot keeping STATEMENT_TIMEOUT as environment, and web and worker wait for it', async () => {
    const programs = await importCorpus('forem.Procfile');
    expect(programs.release).toEqual({ type: 'oneshot', command: 'bundle exec rails db:migrate', environment: { STATEMENT_TIMEOUT: '180000' } });
    expect(programs.web).toMatchObject({ depends_on: ['release'] });
    expect(programs.worker).toMatchObject({ depends_on: ['release'] });
  });

  it('mastodon-dev: PORT=3000 and PORT=4000 win over foreman ports', async () => {
    const programs = await importCorpus('mastodon-dev.Procfile');
    expect(programs.web).toEqual({ command: 'bundle exec puma -C config/puma.rb', environment: { PORT: '3000' } });
    expect(programs.sidekiq).toEqual({ command: 'bundle exec sidekiq', environment: { PORT: '3000' } });
    expect(programs.stream).toEqual({ command: 'yarn run start', environment: { PORT: '4000' } });
  });
});

describe('Procfiles of the corpus with a release line', () => {
  it.each([
    'django-styleguide-example.Procfile',
    'docker-rails-template.Procfile',
    'heroku-java-getting-started.Procfile',
    'mastodon.Procfile',
    'intelligenttrading-core.Procfile',
  ])('%s: release is a one-shot the other lines depend on', async (name) => {
    const programs = await importCorpus(name);
    expect(programs.release).toMatchObject({ type: 'oneshot' });
    const others = Object.entries(programs).filter(([program]) => program !== 'release');
    expect(others.length).toBeGreaterThan(0);
    for (const [, options] of others) expect(options.depends_on).toEqual(['release']);
  });
});
