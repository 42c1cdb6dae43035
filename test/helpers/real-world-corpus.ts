import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFile } from '../../src/import/import-file.js';

/**
 * The real-world corpus (test/fixtures/real-world/, see its README): every
 * supervisord config, included file and Procfile, and the programs.yaml
 * `drover import` makes of each.
 */

export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/real-world/', import.meta.url));

/** Every config of the corpus, relative to CORPUS_DIR, in a stable order. */
export function corpusFiles(): string[] {
  const files = readdirSync(CORPUS_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'README.md' && entry.name !== '.gitattributes')
    .map((entry) => path.relative(CORPUS_DIR, path.join(entry.parentPath, entry.name)));
  return files.sort();
}

/**
 * Values for the `${VAR}`s the corpus reads from its images' environment
 * (set there by Dockerfiles and entrypoints), as the images set them or as a
 * user would: drover refuses a config whose variable is unset.
 */
export const CORPUS_ENV: Record<string, string> = {
  HOME: '/home/django',
  NUMPROCS: '1',
  SMOKESCREEN_OPTS: '',
  FETCHMAIL_POLL: '300',
  POSTGREY_AUTO_WHITELIST_CLIENTS: '5',
  POSTGREY_DELAY: '300',
  POSTGREY_MAX_AGE: '35',
  POSTGREY_TEXT: 'Delayed by Postgrey',
  SASLAUTHD_MECH_OPTIONS: '',
  ENABLE_NGINX: 'true',
  ENABLE_WEB: 'true',
  ENABLE_WEBSOCKET: 'true',
  ENABLE_WEBSOCKET_MONOLITHIC: 'false',
  ENABLE_WORKER: 'true',
  SUPERVISOR_PHP_COMMAND: '/usr/bin/php -d variables_order=EGPCS /var/www/html/artisan serve --host=0.0.0.0 --port=80',
  SUPERVISOR_PHP_USER: 'sail',
  SE_SUPERVISORD_CHILD_LOG_DIR: '/tmp',
  SE_SUPERVISORD_PID_FILE: '/tmp/supervisord.pid',
  SE_VIDEO_INTERNAL_UPLOAD: 'false',
  CELERY_BACKUP_OPTIONS: '',
  CELERY_BEAT_OPTIONS: '',
  CELERY_MAIN_OPTIONS: '',
  CELERY_MEMORY_OPTIONS: '',
  CELERY_NOTIFY_OPTIONS: '',
  CELERY_SINGLE_OPTIONS: '',
  CELERY_TRANSLATE_OPTIONS: '--concurrency 2',
  GRANIAN_APPLICATION: 'weblate.wsgi:application',
  GRANIAN_ARGS: '',
  GRANIAN_INTERFACE: 'wsgi',
  GRANIAN_MODE_ARGS: '',
  GRANIAN_SOCKET: '/run/granian.sock',
  WEB_WORKERS: '2',
};

export type CorpusImport = { ok: true; file: string; variables: Set<string> } | { ok: false; message: string };

/** Imports one corpus config into `dir`/programs.yaml; `variables` are the names its `${…}`s use. */
export async function importCorpusConfig(relative: string, dir: string): Promise<CorpusImport> {
  const outcome = await importFile(path.join(CORPUS_DIR, relative), { prefork: false });
  if (!outcome.ok) return { ok: false, message: outcome.errors.map((error) => error.message).join('\n') };
  const file = path.join(dir, 'programs.yaml');
  writeFileSync(file, outcome.yaml);
  const uncommented = outcome.yaml.replace(/^\s*#.*$/gm, '').replaceAll('$$', '');
  return { ok: true, file, variables: new Set([...uncommented.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]!)) };
}

/** Whether a supervisord file has a program section (the ones without only include others, or name groups). */
export function hasProgramSection(relative: string): boolean {
  const text = readFileSync(path.join(CORPUS_DIR, relative), 'utf8');
  return relative.endsWith('.Procfile') || /^\s*\[(program|fcgi-program):/m.test(text);
}
