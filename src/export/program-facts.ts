import { buildTemplateVars, formatConfigError, groupNameOf } from '../config/index.js';
import type { Config, ProbeCheck, ProbeConfig, ProgramConfig } from '../config/index.js';
import type { ExportContext } from './export-context.js';

/** Facts about a program that every exporter reads the same way. */

/** drover's process numbers of the program: numprocs_start, numprocs_start + 1, … */
export function processNumbers(program: ProgramConfig): number[] {
  return Array.from({ length: program.numprocs }, (_, i) => program.numprocsStart + i);
}

/** Template values of one process, as the engine computes them at spawn time. */
export function templateVarsFor(config: Config, program: ProgramConfig, num: number, context: ExportContext): Record<string, string | number> {
  return buildTemplateVars(program, num, groupNameOf(config.groups, program.name), config.dir, context.env);
}

/** Where the program runs: its directory, else the config's folder. */
export function workingDirectory(config: Config, program: ProgramConfig): string {
  return program.directory ?? config.dir;
}

/**
 * The user a program's processes run as: its `user:`, else the user drover
 * itself would run as (null = root).
 */
export function programUser(program: ProgramConfig, context: ExportContext): string | null {
  return program.user ?? context.user;
}

/**
 * The templates of the program that the engine expands per process: command,
 * environment and probes, and with `logs` the log file paths (which only
 * systemd units carry over).
 */
export function programTemplates(program: ProgramConfig, options: { logs: boolean }): string[] {
  const logPaths = [program.stdout.target, program.stderr.target].flatMap((target) => (target.kind === 'file' ? [target.path] : []));
  const probes = [program.readiness, program.liveness].flatMap((probe) => (probe === null ? [] : probeTemplates(probe.check)));
  return [...program.command, ...Object.values(program.environment), ...probes, ...(options.logs ? logPaths : [])];
}

function probeTemplates(check: ProbeCheck): string[] {
  switch (check.kind) {
    case 'http':
      return [check.url];
    case 'tcp':
      return [check.host];
    case 'exec':
      return check.argv;
    case 'log':
      return [];
  }
}

/** The program's probes with the option that set them. */
export function programProbes(program: ProgramConfig): { option: 'readiness' | 'liveness'; probe: ProbeConfig }[] {
  const probes: { option: 'readiness' | 'liveness'; probe: ProbeConfig }[] = [];
  if (program.readiness !== null) probes.push({ option: 'readiness', probe: program.readiness });
  if (program.liveness !== null) probes.push({ option: 'liveness', probe: program.liveness });
  return probes;
}

/** Whole seconds, rounded up: units and manifests count in seconds, and rounding down could make 500ms zero. */
export function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

/**
 * A message about one option of a program, placed like a config error:
 * `file:line:col: programs.web.hooks: message`.
 */
export function programMessage(program: ProgramConfig, option: string, message: string): string {
  const { file, line, column } = program.source;
  return formatConfigError({ file, line, column, path: option === '' ? `programs.${program.name}` : `programs.${program.name}.${option}`, message });
}
