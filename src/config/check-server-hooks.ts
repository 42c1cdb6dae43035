import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { issue, type ConfigIssue } from './config-issue.js';
import { findGunicornConfigFile, findServerHooks } from './gunicorn-server-hooks.js';
import { gunicornServerHooks } from './messages.js';
import type { RawProgram } from './schema.js';

/**
 * Warns when a prefork gunicorn reads a gunicorn.conf.py with hooks meant to
 * run once per server: each drover worker runs them. A config file that
 * cannot be read gives no warning; gunicorn itself says so at start.
 */
export async function checkServerHooks(programs: readonly { name: string; raw: RawProgram }[], configDir: string): Promise<ConfigIssue[]> {
  const found = await Promise.all(
    programs.map(async ({ name, raw }) => {
      if (raw.type !== 'prefork' || raw.command === undefined) return [];
      const config = findGunicornConfigFile(raw.command);
      if (config === null) return [];
      const cwd = raw.directory === undefined ? configDir : path.resolve(configDir, raw.directory);
      const hooks = await readServerHooks(path.resolve(cwd, config.file));
      return hooks.length === 0 ? [] : [issue(['programs', name, 'command', config.word], gunicornServerHooks(config.file, hooks))];
    }),
  );
  return found.flat();
}

async function readServerHooks(file: string): Promise<string[]> {
  try {
    return findServerHooks(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
}
