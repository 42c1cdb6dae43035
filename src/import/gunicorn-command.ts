import path from 'node:path';
import { parseBindText } from '../config/index.js';
import { gunicornBindInherited, gunicornBadBind, gunicornBadWorkers } from './import-messages.js';

/** A gunicorn command line, read for what a prefork program needs. */
export interface GunicornCommand {
  /** Each `-b`/`--bind` value, as written. */
  binds: string[];
  /** The last `-w`/`--workers` value, as written; undefined = gunicorn's default. */
  workers: string | undefined;
  /**
   * The command for one drover worker: the same gunicorn, with one worker of
   * its own and no bind. gunicorn takes the sockets drover passes through
   * LISTEN_FDS by itself; naming one again with `-b fd://{fd}` makes it close
   * that fd after first use, and every worker crashes.
   */
  workerCommand: string[];
}

// Words that may come before gunicorn: an interpreter and its flags, and common runners.
const LAUNCHER = /^(?:python[0-9.]*|-[A-Za-z]+|poetry|pipenv|uv|pdm|hatch|run|exec|ddtrace-run|newrelic-admin|run-program)$/;
const GUNICORN = /^gunicorn[0-9.]*$/;

/** The gunicorn in a command (`gunicorn …`, `/venv/bin/gunicorn …`, `python -m gunicorn …`), or null. */
export function readGunicornCommand(argv: readonly string[]): GunicornCommand | null {
  const at = argv.findIndex((word) => GUNICORN.test(path.basename(word)));
  if (at === -1 || !argv.slice(0, at).every((word) => LAUNCHER.test(path.basename(word)))) return null;
  const binds: string[] = [];
  let workers: string | undefined;
  const rest: string[] = [];
  for (let i = at + 1; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const worker = optionValue(word, argv[i + 1], '-w', '--workers');
    const bind = worker === null ? optionValue(word, argv[i + 1], '-b', '--bind') : null;
    const found = worker ?? bind;
    if (found === null) {
      rest.push(word);
      continue;
    }
    if (worker !== null) workers = worker.value;
    else binds.push(found.value);
    i += found.consumed;
  }
  return { binds, workers, workerCommand: [...argv.slice(0, at + 1), '-w', '1', ...rest] };
}

/** `-w 4`, `-w4`, `--workers 4`, `--workers=4`; consumed = how many following words were used. */
function optionValue(word: string, next: string | undefined, short: string, long: string): { value: string; consumed: number } | null {
  if ((word === short || word === long) && next !== undefined) return { value: next, consumed: 1 };
  if (word.startsWith(`${long}=`)) return { value: word.slice(long.length + 1), consumed: 0 };
  if (word.startsWith(short) && !word.startsWith('--') && word.length > short.length) return { value: word.slice(short.length), consumed: 0 };
  return null;
}

export interface PreforkFields {
  bind: string[];
  workers: number | string;
}

/**
 * The bind and workers of a prefork program from gunicorn's. A value holding
 * a `${VAR}` reference is kept for drover to interpolate; any other is checked
 * here, so a bind drover cannot take keeps the program as it was.
 */
export function gunicornPreforkFields(command: GunicornCommand, defaults: { bind: string; workers: string }): { ok: true; value: PreforkFields } | { ok: false; message: string } {
  const bind: string[] = [];
  for (const written of command.binds.length > 0 ? command.binds : [defaults.bind]) {
    if (written.includes('${')) {
      bind.push(written);
      continue;
    }
    if (/^fd:/i.test(written)) return { ok: false, message: gunicornBindInherited(written) };
    // gunicorn's default port, when only a host is given.
    const text = /^unix:/i.test(written) || /:\d+$/.test(written) ? written : `${written}:8000`;
    const parsed = parseBindText(text);
    if (!parsed.ok) return { ok: false, message: gunicornBadBind(written, parsed.message) };
    bind.push(text);
  }
  const workers = command.workers ?? defaults.workers;
  if (workers.includes('${')) return { ok: true, value: { bind, workers } };
  if (!/^\d+$/.test(workers) || Number(workers) < 1) return { ok: false, message: gunicornBadWorkers(workers) };
  return { ok: true, value: { bind, workers: Number(workers) } };
}
