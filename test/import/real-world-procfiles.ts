import type { ProcfileCase } from './real-world-cases.js';

/**
 * What foreman and Heroku do with each Procfile of the corpus: every line is a
 * process type named as written; a line runs through sh, so leading
 * `NAME=value` words set its environment; `release:` is the release phase,
 * run once to success before the web process starts.
 */
export const PROCFILE_CASES: ProcfileCase[] = [
  { config: 'procfile/discourse.Procfile', programs: { web: {}, worker: {} } },
  {
    config: 'procfile/django-styleguide-example.Procfile',
    programs: { release: {}, web: {}, worker: { environment: { REMAP_SIGTERM: 'SIGQUIT' } }, beat: { environment: { REMAP_SIGTERM: 'SIGQUIT' } } },
    release: true,
  },
  { config: 'procfile/docker-rails-template.Procfile', programs: { release: {}, web: {} }, release: true },
  { config: 'procfile/forem.Procfile', programs: { release: { environment: { STATEMENT_TIMEOUT: '180000' } }, web: {}, worker: {} }, release: true },
  { config: 'procfile/heroku-java-getting-started.Procfile', programs: { web: {}, release: {} }, release: true },
  { config: 'procfile/heroku-php-getting-started.Procfile', programs: { web: {} } },
  { config: 'procfile/heroku-python-getting-started.Procfile', programs: { web: {} } },
  { config: 'procfile/huginn.Procfile', programs: { web: {}, jobs: {} } },
  {
    config: 'procfile/intelligenttrading-core.Procfile',
    programs: { release: {}, web: {}, worker: { environment: { REMAP_SIGTERM: 'SIGQUIT' } }, scheduler: {}, pollqueue: {}, infobot: {} },
    release: true,
  },
  { config: 'procfile/market-access-api.Procfile', programs: { web: {}, celeryworker: {}, celerybeat: {} } },
  {
    config: 'procfile/mastodon-dev.Procfile',
    programs: { web: { environment: { PORT: '3000' } }, sidekiq: { environment: { PORT: '3000' } }, stream: { environment: { PORT: '4000' } }, webpack: {} },
  },
  { config: 'procfile/mastodon.Procfile', programs: { web: {}, worker: {}, release: {} }, release: true },
  { config: 'procfile/microblog.Procfile', programs: { web: {}, worker: {} } },
  { config: 'procfile/nginx-proxy.Procfile', programs: { dockergen: {}, nginx: {} } },
  { config: 'procfile/optimizely-analyze-css.Procfile', programs: { web: {}, worker: {} } },
  { config: 'procfile/snyk-ai-promoter.Procfile', programs: { web: {}, worker: {}, beat: {} } },
  { config: 'procfile/zammad.Procfile', programs: { web: {}, worker: {}, websocket: {} } },
];
