import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findGunicornConfigFile, findServerHooks } from '../config/index.js';

/**
 * The gunicorn config a command reads (`-c FILE`, else gunicorn.conf.py in
 * its working directory), with its text; null when there is none or it
 * cannot be read. Synchronous because the import is: one small file per
 * gunicorn program.
 */
export function readGunicornConfig(argv: readonly string[], directory: string): { file: string; source: string } | null {
  const config = findGunicornConfigFile(argv);
  if (config === null) return null;
  try {
    return { file: config.file, source: readFileSync(path.resolve(directory, config.file), 'utf8') };
  } catch {
    return null;
  }
}

/**
 * The once-per-server hooks in the gunicorn config a command reads, with the
 * file as written; null when there are none or the file cannot be read.
 */
export function readGunicornServerHooks(argv: readonly string[], directory: string): { file: string; hooks: string[] } | null {
  const config = readGunicornConfig(argv, directory);
  if (config === null) return null;
  const hooks = findServerHooks(config.source);
  return hooks.length === 0 ? null : { file: config.file, hooks };
}
