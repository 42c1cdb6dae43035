import path from 'node:path';
import type { ConfigIssue } from './config-issue.js';
import { unreadableFile } from './messages.js';
import { readEnvFile } from './read-env-file.js';
import type { ConfigError } from './types.js';

export interface EnvFilesResult {
  vars: Record<string, string>;
  /** Unreadable files, positioned at the env_file option. */
  issues: ConfigIssue[];
  /** Syntax problems, positioned in the env file itself. */
  errors: ConfigError[];
}

/**
 * Reads a program's env_file entries (relative to the config folder) and
 * merges them in order, later files winning. Every file is read even when an
 * earlier one fails, so all problems are reported together.
 */
export async function loadEnvFiles(program: string, files: readonly string[], dir: string): Promise<EnvFilesResult> {
  const result: EnvFilesResult = { vars: {}, issues: [], errors: [] };
  for (const [index, file] of files.entries()) {
    const absolute = path.resolve(dir, file);
    const read = await readEnvFile(absolute);
    if (read.kind === 'unreadable') {
      result.issues.push({ path: ['programs', program, 'env_file', index], message: unreadableFile(`env_file ${JSON.stringify(file)}`, read.error), at: 'value' });
      continue;
    }
    Object.assign(result.vars, read.vars);
    for (const problem of read.problems) {
      result.errors.push({ file: absolute, line: problem.line, column: problem.column, path: '', message: problem.message });
    }
  }
  return result;
}
