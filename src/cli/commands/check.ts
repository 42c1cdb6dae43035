import { formatConfigError, loadConfig, type ConfigError } from '../../config/index.js';
import { HOST_LOOKUPS } from '../../engine/host-lookups.js';

export interface CheckOptions {
  /** `--strict`: warnings fail the check too (exit 1), for CI on the machine the config runs on. */
  strict: boolean;
}

/**
 * `drover check`: every problem in the file, or a one-line summary. Exit 1 on
 * any error, and with --strict on any warning; warnings include what this
 * machine lacks (users, folders, commands).
 */
export async function check(configPath: string, options: CheckOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const result = await loadConfig(configPath, process.env, { host: HOST_LOOKUPS });
  if (!result.ok) {
    reportConfigErrors(result.errors, configPath, err);
    return 1;
  }
  reportConfigWarnings(result.warnings, err);
  if (options.strict && result.warnings.length > 0) {
    err.write(`${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'} in ${result.config.file} (--strict)\n`);
    return 1;
  }
  const { programs, groups } = result.config;
  const processes = programs.reduce((sum, p) => sum + p.numprocs, 0);
  const groupCount = Object.keys(groups).length;
  out.write(
    `${configPath}: OK, ${programs.length} program${programs.length === 1 ? '' : 's'}, ` +
      `${processes} process${processes === 1 ? '' : 'es'}, ${groupCount} group${groupCount === 1 ? '' : 's'}\n`,
  );
  return 0;
}

/** Every error of an invalid config, one `file:line:col: path: message` line each, then a count. */
export function reportConfigErrors(errors: readonly ConfigError[], configPath: string, err: NodeJS.WritableStream): void {
  for (const error of errors) err.write(`${formatConfigError(error)}\n`);
  err.write(`${errors.length} error${errors.length === 1 ? '' : 's'} in ${configPath}\n`);
}

export function reportConfigWarnings(warnings: readonly ConfigError[], err: NodeJS.WritableStream): void {
  for (const warning of warnings) err.write(`warning: ${formatConfigError(warning)}\n`);
}
