import path from 'node:path';
import { substituteTemplateKeys } from './expand-template.js';
import type { RawProgram, RawSupervisor } from './schema.js';
import type { LogConfig, LogTarget, ProgramConfig, SourcePosition, SupervisorConfig } from './types.js';

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
const DEFAULT_BACKUPS = 10;

export interface ProgramContext {
  /** Absolute folder of the config file; relative paths start here. */
  dir: string;
  /** Position of the program's key. */
  source: SourcePosition;
  /** Variables read from the program's env_file entries. */
  envFileVars: Record<string, string>;
}

/** Applies defaults and makes paths absolute; values were already parsed by the schema. */
export function normalizeProgram(name: string, raw: RawProgram, context: ProgramContext): ProgramConfig {
  const numprocs = raw.numprocs ?? 1;
  const stopasgroup = raw.stopasgroup ?? true;
  return {
    name,
    command: raw.command,
    processName: raw.process_name ?? (numprocs === 1 ? '%(program_name)s' : '%(program_name)s_%(process_num)02d'),
    processNameExplicit: raw.process_name !== undefined,
    numprocs,
    numprocsStart: raw.numprocs_start ?? 0,
    directory: raw.directory === undefined ? null : resolvePath(context.dir, raw.directory),
    environment: { ...escapeTemplates(context.envFileVars), ...raw.environment },
    user: raw.user ?? null,
    umask: raw.umask ?? null,
    autostart: raw.autostart ?? true,
    autorestart: raw.autorestart ?? 'unexpected',
    exitcodes: raw.exitcodes ?? [0],
    startsecsMs: raw.startsecs ?? 1000,
    startretries: raw.startretries ?? 3,
    stopsignal: raw.stopsignal ?? 'TERM',
    stopwaitsecsMs: raw.stopwaitsecs ?? 10_000,
    stopasgroup,
    // As supervisord does: signalling the group on stop but killing only the
    // leader would leave the children it was meant to stop.
    killasgroup: stopasgroup ? true : (raw.killasgroup ?? true),
    priority: raw.priority ?? 999,
    dependsOn: raw.depends_on ?? [],
    redirectStderr: raw.redirect_stderr ?? false,
    stdout: logConfig(raw.stdout_logfile, raw.stdout_logfile_maxbytes, raw.stdout_logfile_backups, context.dir),
    stderr: logConfig(raw.stderr_logfile, raw.stderr_logfile_maxbytes, raw.stderr_logfile_backups, context.dir),
    source: context.source,
  };
}

export function normalizeSupervisor(raw: RawSupervisor, dir: string): SupervisorConfig {
  return {
    socket: resolvePath(dir, raw.socket ?? 'run/drover.sock'),
    pidfile: resolvePath(dir, raw.pidfile ?? 'run/drover.pid'),
    statefile: resolvePath(dir, raw.statefile ?? 'run/drover.state.json'),
    logdir: resolvePath(dir, raw.logdir ?? 'logs'),
    statsIntervalMs: raw.stats_interval ?? 1000,
  };
}

function logConfig(target: LogTarget | undefined, maxBytes: number | undefined, backups: number | undefined, dir: string): LogConfig {
  return {
    target: target?.kind === 'file' ? { kind: 'file', path: resolveTemplatePath(dir, target.path) } : (target ?? { kind: 'auto' }),
    maxBytes: maxBytes ?? DEFAULT_MAX_BYTES,
    backups: backups ?? DEFAULT_BACKUPS,
  };
}

function resolvePath(dir: string, file: string): string {
  return path.resolve(dir, file);
}

// `%(here)s` is the config folder and known now; expanding it before
// resolving keeps `%(here)s/x.log` from becoming `<dir>/%(here)s/x.log`.
// Other keys stay for the engine to expand per process.
function resolveTemplatePath(dir: string, template: string): string {
  return path.resolve(dir, substituteTemplateKeys(template, { here: dir }));
}

// The engine expands templates in every environment value. Values from an
// env_file are plain data (a URL-encoded password may hold a %), so their %
// signs are escaped to survive that expansion unchanged.
function escapeTemplates(vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).map(([key, value]) => [key, value.replaceAll('%', '%%')]));
}
