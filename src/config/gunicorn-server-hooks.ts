import path from 'node:path';
import { splitCommand } from './split-command.js';

/**
 * gunicorn hooks that run once per gunicorn master, not once per worker. On
 * the prefork core each drover worker is its own `gunicorn -w 1` master, so
 * these run once per worker, and again on every rolling reload. pre_fork and
 * child_exit also run in the master, but once per worker already, so their
 * count does not change; the worker hooks (post_fork, post_worker_init,
 * worker_exit, …) run in the worker either way.
 */
export const ONCE_PER_SERVER_HOOKS = ['on_starting', 'when_ready', 'on_reload', 'on_exit', 'nworkers_changed', 'pre_exec'] as const;

/** The config file a gunicorn command reads, and the command word to point a warning at. */
export interface GunicornConfigFile {
  /** The `-c` word, or the gunicorn word when gunicorn reads its default file. */
  word: number;
  /** As written; relative paths are from the program's working directory. */
  file: string;
}

const GUNICORN = /^gunicorn[0-9.]*$/;
/** gunicorn reads this from its working directory when no -c is given. */
const DEFAULT_CONFIG = 'gunicorn.conf.py';

/**
 * Finds gunicorn's config file in a command, or in a shell string of it
 * (`sh -c 'exec gunicorn -c conf.py app:app'`), or null when there is no
 * gunicorn or the config is a `python:module` drover cannot read as a file.
 */
export function findGunicornConfigFile(argv: readonly string[]): GunicornConfigFile | null {
  const direct = findIn(argv);
  if (direct !== null) return direct.file === null ? null : { word: direct.word, file: direct.file };
  for (const [word, text] of argv.entries()) {
    if (!/\s/.test(text)) continue;
    const split = splitCommand(text);
    const inShell = findIn(split.ok ? split.value : text.split(/\s+/));
    if (inShell !== null) return inShell.file === null ? null : { word, file: inShell.file };
  }
  return null;
}

function findIn(words: readonly string[]): { word: number; file: string | null } | null {
  const at = words.findIndex((word) => GUNICORN.test(path.basename(word)));
  if (at === -1) return null;
  let found: { word: number; file: string } = { word: at, file: DEFAULT_CONFIG };
  for (let i = at + 1; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') break;
    const next = words[i + 1];
    if ((word === '-c' || word === '--config') && next !== undefined) found = { word: i, file: next };
    else if (word.startsWith('--config=')) found = { word: i, file: word.slice('--config='.length) };
    else if (word.startsWith('-c') && !word.startsWith('--') && word.length > 2) found = { word: i, file: word.slice(2) };
  }
  return { word: found.word, file: found.file.startsWith('python:') ? null : found.file };
}

/**
 * The once-per-server hooks a gunicorn config defines. A regex scan of the
 * Python source, not an interpreter: a top-level `def on_starting(` or
 * `on_starting = …` is how gunicorn configs define them, and a hook set any
 * other way goes unnoticed rather than running Python at check time.
 */
export function findServerHooks(source: string): string[] {
  return ONCE_PER_SERVER_HOOKS.filter((hook) => new RegExp(`^(?:async\\s+)?def\\s+${hook}\\s*\\(|^${hook}\\s*=`, 'm').test(source));
}
