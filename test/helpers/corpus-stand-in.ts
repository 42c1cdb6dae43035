import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { splitCommand } from '../../src/config/split-command.js';
import type { ProgramOptions } from './corpus-import.js';

/**
 * Programs that only run an app given to them (a module, a script, a
 * Makefile): finding the runner says nothing about the app being here, so
 * they always get the stand-in.
 */
const RUNNERS = new Set([
  'sh',
  'bash',
  'env',
  'python',
  'python3',
  'node',
  'php',
  'ruby',
  'perl',
  'java',
  'make',
  'bundle',
  'npm',
  'yarn',
  'gunicorn',
  'uvicorn',
  'celery',
  'rq',
  'flask',
  'inv',
  'watchmedo',
  'newrelic-admin',
  'pidproxy',
]);

/** A long-running stand-in that any stop signal ends, and a one-shot that succeeds. */
export const STAND_IN = ['/usr/bin/sleep', '3600'];
export const ONE_SHOT_STAND_IN = ['/usr/bin/true'];

/**
 * The real command when everything it names is on this machine: its
 * executable, every path among its arguments, its directory and its user.
 * Otherwise null, and the run uses a stand-in.
 */
export function findRealCommand(options: ProgramOptions, configDir: string): string[] | null {
  const argv = commandWords(options.command);
  if (argv === null || argv.length === 0 || argv.some((arg) => arg.includes('${') || arg.includes('%('))) return null;
  const executable = resolveExecutable(argv[0]!);
  if (executable === null || RUNNERS.has(path.basename(executable))) return null;
  const directory = typeof options.directory === 'string' ? path.resolve(configDir, options.directory) : configDir;
  if (!existsSync(directory)) return null;
  if (argv.slice(1).some((arg) => arg.includes('/') && !existsSync(path.resolve(directory, arg.replace(/^--?[\w-]+=/, ''))))) return null;
  if (typeof options.user === 'string' && !userExists(options.user)) return null;
  return [executable, ...argv.slice(1)];
}

function commandWords(command: unknown): string[] | null {
  if (Array.isArray(command)) return command.map(String);
  if (typeof command !== 'string') return null;
  const split = splitCommand(command);
  return split.ok ? split.value : null;
}

function resolveExecutable(name: string): string | null {
  const candidates = name.includes('/')
    ? [name]
    : (process.env.PATH ?? '')
        .split(':')
        .filter((dir) => dir !== '' && !dir.includes('.pyenv'))
        .map((dir) => path.join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next folder
    }
  }
  return null;
}

export function userExists(user: string): boolean {
  return readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .some((line) => line.split(':')[0] === user);
}
