import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * A program's executable and working directory, checked as execvp and chdir would see them. Shared
 * by the engine, which spawns programs, and export, which writes absolute paths into unit files.
 */

/**
 * Where a command was last found, per cwd and PATH, as a shell's `hash`
 * remembers it: starting 200 programs walked a long PATH 200 times, and that
 * walk (a stat per entry) was a third of the supervisor's work at start-up.
 * A remembered file is checked again before use; if it is gone, PATH is
 * walked anew.
 */
const found = new Map<string, string>();
const FOUND_MAX = 1000;

/** 'yes', 'no', or 'denied' (exists but is not executable). No exceptions for the usual miss: they are slow. */
function executableFile(candidate: string): 'yes' | 'no' | 'denied' {
  try {
    const stat = statSync(candidate, { throwIfNoEntry: false });
    if (!stat?.isFile()) return 'no';
    accessSync(candidate, fsConstants.X_OK);
    return 'yes';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EACCES' ? 'denied' : 'no';
  }
}

/** Finds the executable the way execvp would, using the child's own PATH. */
export function resolveExecutable(command: string, cwd: string, envPath: string | undefined): string | { error: string } {
  const key = `${cwd}\0${envPath ?? ''}\0${command}`;
  const remembered = found.get(key);
  if (remembered !== undefined && executableFile(remembered) === 'yes') return remembered;
  const candidates = command.includes('/')
    ? [path.resolve(cwd, command)]
    : (envPath ?? '/usr/local/bin:/usr/bin:/bin')
        .split(':')
        .filter(Boolean)
        .map((dir) => path.resolve(cwd, dir, command));
  let sawNonExecutable: string | null = null;
  for (const candidate of candidates) {
    const verdict = executableFile(candidate);
    if (verdict === 'yes') {
      if (found.size >= FOUND_MAX) found.clear();
      found.set(key, candidate);
      return candidate;
    }
    if (verdict === 'denied') sawNonExecutable = candidate;
  }
  if (sawNonExecutable) return { error: `${sawNonExecutable} is not executable (permission denied)` };
  return command.includes('/') ? { error: `command not found: ${candidates[0]} does not exist` } : { error: `command not found: ${command} is not in PATH` };
}

/** Why cwd cannot be a program's working directory, or null when it can. */
export function checkDirectory(cwd: string): string | null {
  try {
    if (!statSync(cwd).isDirectory()) return `directory ${cwd} is not a folder`;
    accessSync(cwd, fsConstants.X_OK);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `directory ${cwd} does not exist` : `directory ${cwd} is not usable (${code})`;
  }
}
