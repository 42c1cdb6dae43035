import { availableParallelism } from 'node:os';
import path from 'node:path';
import { substituteTemplateKeys } from './expand-template.js';
import { normalizeLiveness, normalizeMaxCpu, normalizeReadiness, normalizeWatch } from './normalize-health.js';
import type { RawProgram, RawSupervisor } from './schema.js';
import type { BindAddress, LogConfig, LogTarget, PreforkConfig, ProgramConfig, SourcePosition, SupervisorConfig } from './types.js';

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
const DEFAULT_BACKUPS = 10;
const NUMBERED_PROCESS_NAME = '%(program_name)s_%(process_num)02d';
const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_GRACEFUL_TIMEOUT_MS = 30_000;
/** A prefork worker's stopwaitsecs default: its drain time, plus this much to exit before SIGKILL. */
const STOP_MARGIN_MS = 5_000;

export interface ProgramContext {
  /** Absolute folder of the config file; relative paths start here. */
  dir: string;
  /** Position of the program's key. */
  source: SourcePosition;
  /** Variables read from the program's env_file entries. */
  envFileVars: Record<string, string>;
  /** Position of one of the program's option keys (readiness, liveness), for messages. */
  sourceOf: (option: string) => SourcePosition;
}

/**
 * Applies defaults and makes paths absolute; values were already parsed by
 * the schema, and validate-raw made sure the options fit the program's type
 * (a prefork program has bind and exactly one of command and app).
 */
export function normalizeProgram(name: string, raw: RawProgram, context: ProgramContext): ProgramConfig {
  const prefork = raw.type === 'prefork' ? normalizePrefork(raw, context.dir) : null;
  // The workers are the program's processes.
  const numprocs = prefork === null ? (raw.numprocs ?? 1) : workerCount(raw.workers ?? 1);
  const stopasgroup = raw.stopasgroup ?? true;
  return {
    name,
    // Empty for `app:` programs: the engine builds the worker runtime's argv.
    command: raw.command ?? [],
    // Prefork workers are always numbered, even one of them: a rolling reload
    // or a scale-up adds more beside it.
    processName: raw.process_name ?? (numprocs === 1 && prefork === null ? '%(program_name)s' : NUMBERED_PROCESS_NAME),
    processNameExplicit: raw.process_name !== undefined,
    numprocs,
    numprocsStart: raw.numprocs_start ?? 0,
    directory: raw.directory === undefined ? null : resolvePath(context.dir, raw.directory),
    environment: { ...escapeTemplates(context.envFileVars), ...raw.environment },
    user: raw.user ?? null,
    umask: raw.umask ?? null,
    autostart: raw.autostart ?? true,
    // A worker that exits for any reason is replaced; a one-shot's exit ends its run.
    autorestart: raw.type === 'oneshot' ? false : (raw.autorestart ?? (prefork === null ? 'unexpected' : true)),
    exitcodes: raw.exitcodes ?? [0],
    startsecsMs: raw.startsecs ?? 1000,
    startretries: raw.startretries ?? 3,
    stopsignal: raw.stopsignal ?? 'TERM',
    reloadSignal: raw.reload_signal ?? null,
    // A stopping worker gets its graceful_timeout to drain before SIGKILL.
    stopwaitsecsMs: raw.stopwaitsecs ?? (prefork === null ? 10_000 : prefork.gracefulTimeoutMs + STOP_MARGIN_MS),
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
    oneshot: raw.type === 'oneshot',
    prefork,
    watch: normalizeWatch(raw.watch, raw.type, context.dir),
    readiness: normalizeReadiness(raw.readiness, context.sourceOf('readiness')),
    liveness: normalizeLiveness(raw.liveness, context.sourceOf('liveness')),
    maxMemoryBytes: raw.max_memory ?? null,
    maxCpu: normalizeMaxCpu(raw.max_cpu, raw.max_cpu_window),
    cronRestart: raw.cron_restart ?? null,
  };
}

function normalizePrefork(raw: RawProgram, dir: string): PreforkConfig {
  return {
    bind: (raw.bind ?? []).map((address) => resolveBind(address, dir)),
    app: raw.app === undefined ? null : resolvePath(dir, raw.app),
    workersAuto: raw.workers === 'auto',
    timeoutMs: raw.timeout ?? DEFAULT_TIMEOUT_MS,
    gracefulTimeoutMs: raw.graceful_timeout ?? DEFAULT_GRACEFUL_TIMEOUT_MS,
    maxRequests: raw.max_requests ?? 0,
    maxRequestsJitter: raw.max_requests_jitter ?? 0,
    readyWhenLog: raw.ready_when ?? null,
    hooks: raw.hooks ?? {},
    uvicornDrain: raw.uvicorn_drain ?? true,
  };
}

/** `auto` is decided when the config is loaded: one worker per core available to this process. */
function workerCount(workers: number | 'auto'): number {
  return workers === 'auto' ? availableParallelism() : workers;
}

function resolveBind(address: BindAddress, dir: string): BindAddress {
  return address.kind === 'unix' ? { ...address, path: resolvePath(dir, address.path) } : address;
}

export function normalizeSupervisor(raw: RawSupervisor, dir: string): SupervisorConfig {
  return {
    socket: resolvePath(dir, raw.socket ?? 'run/drover.sock'),
    pidfile: resolvePath(dir, raw.pidfile ?? 'run/drover.pid'),
    statefile: resolvePath(dir, raw.statefile ?? 'run/drover.state.json'),
    logdir: resolvePath(dir, raw.logdir ?? 'logs'),
    statsIntervalMs: raw.stats_interval ?? 1000,
    watchConfig: raw.watch_config ?? false,
    keepPrograms: raw.keep_programs ?? true,
    metrics: raw.metrics ?? null,
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
