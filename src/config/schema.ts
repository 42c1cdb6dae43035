import { z } from 'zod';
import type { OptionPath } from './config-issue.js';
import { expectedGot } from './messages.js';
import {
  AUTORESTART_SHAPE,
  BOOLEAN_SHAPE,
  ENVIRONMENT_VALUE_SHAPE,
  EXITCODES_SHAPE,
  HOOKS_SHAPE,
  LOG_TARGET_SHAPE,
  MAX_CPU_SHAPE,
  OCTAL_MODE_SHAPE,
  POSITIVE_DURATION_SHAPE,
  READY_WHEN_SHAPE,
  STARTRETRIES_SHAPE,
  USER_SHAPE,
  WORKERS_SHAPE,
  fromCheckedParser,
  fromParser,
  integerParser,
  parseAutorestart,
  parseBoolean,
  parseEnvironmentValue,
  parseExitcodes,
  parseLogTarget,
  parseHooks,
  parseMaxCpu,
  parseMaxMemory,
  parseReadyWhen,
  parseStartretries,
  parseUmask,
  parseUser,
  parseWorkers,
  positiveDuration,
  stringListParser,
  stringParser,
} from './option-values.js';
import { BIND_SHAPE, LISTEN_ADDRESS_SHAPE, parseBind, parseListenAddress } from './parse-bind.js';
import { COMMAND_SHAPE, parseCommand } from './split-command.js';
import { DURATION_SHAPE, parseDuration } from './parse-duration.js';
import { RELOAD_SIGNAL_SHAPE, SIGNAL_SHAPE, parseReloadSignal, parseSignal } from './parse-signal.js';
import { SIZE_SHAPE, parseSize } from './parse-size.js';
import { CRON_SHAPE, parseCron } from './parse-cron.js';
import { probeParser, probeShape } from './probe-options.js';
import type { Result } from './result.js';
import { integerShape, oneOrList, text, type JsonShape } from './value-shapes.js';
import { WATCH_SHAPE, parseWatch } from './watch-options.js';

/**
 * zod schemas for the raw YAML shapes. They are strict (unknown keys are
 * errors) and parse values into their typed form — durations in ms, sizes in
 * bytes, commands as argv — so normalize only applies defaults and paths.
 * Each option carries its description and each parser its JSON shape: the
 * JSON Schema for editors is generated from these (json-schema.ts).
 */

/** An optional option read by `parse`, which accepts `shape`. */
function option<T>(parse: (value: unknown) => Result<T>, shape: JsonShape, description: string) {
  return fromParser(parse, shape).optional().describe(description);
}

const duration = (description: string) => option(parseDuration, DURATION_SHAPE, description);
const size = (description: string) => option(parseSize, SIZE_SHAPE, description);
const boolean = (description: string) => option(parseBoolean, BOOLEAN_SHAPE, description);
const logTarget = (description: string) => option(parseLogTarget, LOG_TARGET_SHAPE, description);
const path = (description: string) => option(stringParser('a path'), text('a path, relative to the config folder'), description);
const whole = (min: number, description: string) => option(integerParser(min), integerShape(min), description);
const names = (what: string, description: string) => option(stringListParser(what), oneOrList(text(what)), description);

function mappingError(expected: string) {
  return { error: (iss: { code?: string; input?: unknown }) => (iss.code === 'invalid_type' ? expectedGot(expected, iss.input) : undefined) };
}

/** `type:` values. */
export const PROGRAM_TYPES = ['plain', 'prefork', 'oneshot'] as const;

function parseProgramType(value: unknown): Result<(typeof PROGRAM_TYPES)[number]> {
  return PROGRAM_TYPES.includes(value as (typeof PROGRAM_TYPES)[number])
    ? { ok: true, value: value as (typeof PROGRAM_TYPES)[number] }
    : { ok: false, message: expectedGot('plain, prefork or oneshot', value) };
}

/** Options only `type: prefork` programs take; on a plain program each is an error. */
export const PREFORK_OPTIONS = ['bind', 'workers', 'app', 'timeout', 'graceful_timeout', 'max_requests', 'max_requests_jitter', 'ready_when', 'hooks', 'uvicorn_drain'] as const;

// Required or forbidden depending on `type`, so validate-raw checks their presence.
const preforkOptions = {
  bind: fromCheckedParser(parseBind, BIND_SHAPE)
    .optional()
    .describe('prefork: addresses drover binds once and hands to every worker as fd 3, 4, …: host:port, [::1]:port, :port, unix:/path, fd://N, or a list'),
  workers: option(parseWorkers, WORKERS_SHAPE, 'prefork: how many workers, or auto (one per available core). Default 1'),
  app: option(
    stringParser('a path to a Node module that exports a request listener, such as ./server.js'),
    text('a path to a Node module, relative to the config folder'),
    "prefork: a Node module exporting a request listener, run in drover's worker runtime (instead of command)",
  ),
  timeout: option(positiveDuration, POSITIVE_DURATION_SHAPE, 'prefork app: a worker silent (no heartbeat) this long is killed and replaced. Default 30s'),
  graceful_timeout: duration('prefork: how long a stopping worker may finish in-flight requests. Default 30s'),
  max_requests: whole(0, 'prefork app: recycle a worker after this many requests; 0 = never. Default 0'),
  max_requests_jitter: whole(0, "prefork app: add a random 0…N to each worker's max_requests, so they do not all recycle at once"),
  ready_when: fromCheckedParser(parseReadyWhen, READY_WHEN_SHAPE)
    .optional()
    .describe('prefork command workers: ready once a line of output matches { log: REGEX } (uvicorn: "Application startup complete"); else after startsecs'),
  hooks: fromCheckedParser(parseHooks, HOOKS_SHAPE).optional().describe("prefork: shell commands run at gunicorn's hook moments, with DROVER_* variables describing the event"),
  uvicorn_drain: boolean(
    "prefork: run a uvicorn command through drover's keep-alive drain, so a stopping worker closes each keep-alive connection after an answer (Connection: close) instead of resetting it. Default true",
  ),
} satisfies Record<(typeof PREFORK_OPTIONS)[number], z.ZodType>;

export const programSchema = z.strictObject(
  {
    type: option(
      parseProgramType,
      { enum: [...PROGRAM_TYPES] },
      'plain (default): run command as numprocs processes; prefork: drover is the master of web workers sharing the bind sockets; oneshot: run once per start, done at an exit in exitcodes (a release or migration step)',
    ),
    // Required for plain programs; prefork programs take command or app (checked in validate-raw).
    command: option(parseCommand, COMMAND_SHAPE, 'what to run: a command line (split like sh, run without a shell) or a list of arguments'),
    process_name: option(
      stringParser('a process name template such as %(program_name)s_%(process_num)02d'),
      text('a template such as %(program_name)s_%(process_num)02d'),
      'name of each process. Default %(program_name)s, numbered when there are several',
    ),
    numprocs: whole(1, 'how many processes to run (prefork programs use workers). Default 1'),
    numprocs_start: whole(0, 'the first %(process_num). Default 0'),
    directory: path('working directory. Default: the config folder'),
    environment: z
      .record(z.string(), fromParser(parseEnvironmentValue, ENVIRONMENT_VALUE_SHAPE), mappingError('a mapping of variable names to values'))
      .optional()
      .describe("variables set for the program, on top of drover's own environment"),
    env_file: names('a path', 'files of KEY=value lines added to the environment (environment: wins), relative to the config folder'),
    user: option(parseUser, USER_SHAPE, 'user name or uid to run as, with its groups; only root can switch users'),
    umask: option(parseUmask, OCTAL_MODE_SHAPE, 'file mode creation mask, octal such as 022. Default: inherited'),
    autostart: boolean('start when drover starts. Default true'),
    autorestart: option(parseAutorestart, AUTORESTART_SHAPE, 'restart after an exit: true, false, or unexpected (exit code not in exitcodes). Default unexpected'),
    exitcodes: option(parseExitcodes, EXITCODES_SHAPE, 'exit codes that count as expected for autorestart: unexpected. Default [0]'),
    startsecs: duration('how long a process must stay up to count as started (RUNNING). Default 1s'),
    startretries: option(parseStartretries, STARTRETRIES_SHAPE, 'failed starts in a row before FATAL, or infinite. Default 3'),
    stopsignal: option(parseSignal, SIGNAL_SHAPE, 'signal that asks the program to stop. Default TERM'),
    reload_signal: option(
      parseReloadSignal,
      RELOAD_SIGNAL_SHAPE,
      "signal (name or number) that ctl reload, the view's R and watch's action: reload send to the main pid instead of restarting, as systemd's ExecReload. Default: none (reload restarts)",
    ),
    stopwaitsecs: duration('how long to wait after the stop signal before SIGKILL. Default 10s (prefork: graceful_timeout + 5s)'),
    stopasgroup: boolean('send the stop signal to the whole process group. Default true'),
    killasgroup: boolean('SIGKILL the whole process group after stopwaitsecs. Default true'),
    priority: whole(0, 'lower starts first and stops last. Default 999'),
    depends_on: names('a program name', 'programs that must be RUNNING (a oneshot: done) before this one starts'),
    redirect_stderr: boolean('send stderr to the stdout log. Default false'),
    stdout_logfile: logTarget("where stdout goes: auto (under supervisor.logdir), none, console (drover's own output), or a file. Default auto"),
    stdout_logfile_maxbytes: size('rotate the stdout log past this size; 0 = never. Default 50MB'),
    stdout_logfile_backups: whole(0, 'rotated stdout logs to keep. Default 10'),
    stderr_logfile: logTarget("where stderr goes: auto (under supervisor.logdir), none, console (drover's own output), or a file. Default auto"),
    stderr_logfile_maxbytes: size('rotate the stderr log past this size; 0 = never. Default 50MB'),
    stderr_logfile_backups: whole(0, 'rotated stderr logs to keep. Default 10'),
    watch: fromCheckedParser(parseWatch, WATCH_SHAPE)
      .optional()
      .describe('files or globs whose change restarts the program (prefork: rolling reload), or { paths, ignore, debounce, action }'),
    readiness: fromCheckedParser(probeParser('readiness'), probeShape('readiness'))
      .optional()
      .describe('a check (http, tcp, exec or log) that must pass before a process is RUNNING, instead of startsecs'),
    liveness: fromCheckedParser(probeParser('liveness'), probeShape('liveness'))
      .optional()
      .describe('a check run while RUNNING; failing failure_threshold times in a row restarts the process'),
    max_memory: option(parseMaxMemory, SIZE_SHAPE, "restart a process whose whole tree's memory (RSS) passes this size"),
    max_cpu: option(parseMaxCpu, MAX_CPU_SHAPE, 'restart a process whose whole tree averages more CPU than this (percent of one core) over max_cpu_window'),
    max_cpu_window: option(positiveDuration, POSITIVE_DURATION_SHAPE, 'the time max_cpu is averaged over. Default 60s'),
    cron_restart: option(parseCron, CRON_SHAPE, 'restart (prefork: rolling reload) on this cron schedule, local time, such as "0 4 * * *" or @daily'),
    ...preforkOptions,
  },
  mappingError('a mapping of program options such as command:'),
);

export const supervisorSchema = z.strictObject(
  {
    socket: path('the control socket that ctl and attach use. Default ./run/drover.sock'),
    pidfile: path("the file holding drover's pid. Default ./run/drover.pid"),
    statefile: path('records the process groups drover started, so a restarted drover can clean up. Default ./run/drover.state.json'),
    logdir: path("folder of the auto log files and drover's own log. Default ./logs"),
    stats_interval: duration('how often CPU and memory are sampled while someone watches. Default 1s'),
    watch_config: boolean('reread the config file when it changes and apply the difference, like ctl update. Default false'),
    keep_programs: boolean(
      'programs outlive the supervisor: when drover dies or re-executes itself, its helper keeps them running and the next drover adopts them. Default true; false: they stop with drover',
    ),
    metrics: option(
      parseListenAddress,
      LISTEN_ADDRESS_SHAPE,
      'serve GET /metrics (Prometheus text format) over plain HTTP on this TCP address, such as 127.0.0.1:9101; :port means every interface. Unauthenticated and read-only. Default: off',
    ),
  },
  mappingError('a mapping of supervisor options'),
);

export const groupsSchema = z
  .record(z.string(), fromParser(stringListParser('a program name'), oneOrList(text('a program name'))), mappingError('a mapping of group names to lists of program names'))
  .describe('named sets of programs, matched by patterns such as backend:*');

export const rootSchema = z.strictObject(
  { supervisor: z.unknown().optional(), programs: z.unknown().optional(), groups: z.unknown().optional() },
  mappingError('a mapping with a programs: section'),
);

export type RawProgram = z.output<typeof programSchema>;
export type RawSupervisor = z.output<typeof supervisorSchema>;

export const PROGRAM_OPTIONS = Object.keys(programSchema.shape);
export const SUPERVISOR_OPTIONS = Object.keys(supervisorSchema.shape);
export const ROOT_OPTIONS = Object.keys(rootSchema.shape);

const NUMERIC_OPTIONS = new Set([
  'numprocs',
  'numprocs_start',
  'priority',
  'startretries',
  'exitcodes',
  'startsecs',
  'stopwaitsecs',
  'stats_interval',
  'stdout_logfile_maxbytes',
  'stdout_logfile_backups',
  'stderr_logfile_maxbytes',
  'stderr_logfile_backups',
  'workers',
  'timeout',
  'graceful_timeout',
  'max_requests',
  'max_requests_jitter',
  'max_memory',
  'max_cpu',
  'max_cpu_window',
]);
// Numeric keys inside mapping-valued options (readiness: { period: ${PERIOD} }).
const PROBE_NUMERIC = ['initial_delay', 'period', 'timeout', 'success_threshold', 'failure_threshold', 'start_timeout'];
const NESTED_NUMERIC: Record<string, Set<string>> = {
  readiness: new Set(PROBE_NUMERIC),
  liveness: new Set(PROBE_NUMERIC),
  watch: new Set(['debounce']),
};
const BOOLEAN_OPTIONS = new Set(['autostart', 'autorestart', 'stopasgroup', 'killasgroup', 'redirect_stderr', 'watch_config', 'keep_programs']);
const NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;

/**
 * Gives a value produced by `${VAR}` the type its option wants, as YAML would
 * have if the user had typed it: "4" → 4 for numeric options, "true" → true
 * for booleans. Everything else stays a string.
 */
export function coerceInterpolated(path: OptionPath, text: string): unknown {
  const option = path[0] === 'programs' ? path[2] : path[0] === 'supervisor' ? path[1] : undefined;
  if (typeof option !== 'string') return text;
  const nested = path[0] === 'programs' ? path[3] : undefined;
  const numeric = NUMERIC_OPTIONS.has(option) || (typeof nested === 'string' && NESTED_NUMERIC[option]?.has(nested) === true);
  if (numeric && NUMBER.test(text.trim())) return Number(text);
  if (BOOLEAN_OPTIONS.has(option) && /^(true|false)$/i.test(text.trim())) return text.trim().toLowerCase() === 'true';
  return text;
}
