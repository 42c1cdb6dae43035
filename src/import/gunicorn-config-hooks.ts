import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findGunicornConfigFile, findServerHooks } from '../config/gunicorn-server-hooks.js';

/**
 * The once-per-server hooks in the gunicorn config a command reads, with the
 * file as written; null when there are none or the file cannot be read.
 * Synchronous because the supervisord mapping is: one small file per
 * gunicorn program, read once at import.
 */
export function readGunicornServerHooks(argv: readonly string[], directory: string): { file: string; hooks: string[] } | null {
  const config = findGunicornConfigFile(argv);
  if (config === null) return null;
  let source: string;
  try {
    source = readFileSync(path.resolve(directory, config.file), 'utf8');
  } catch {
    return null;
  }
  const hooks = findServerHooks(source);
  return hooks.length === 0 ? null : { file: config.file, hooks };
}
