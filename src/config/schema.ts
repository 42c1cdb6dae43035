import { z } from 'zod';
import type { OptionPath } from './config-issue.js';
import { expectedGot } from './messages.js';
import {
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
  parseSignal,
  parseStartretries,
  parseUmask,
  parseUser,
  parseWorkers,
  positiveDuration,
  stringListParser,
  stringParser,
} from './option-values.js';
import { parseBind } from './parse-bind.js';
import { parseCommand } from './split-command.js';
import { parseDuration } from './parse-duration.js';
import { parseSize } from './parse-size.js';
import { parseCron } from './parse-cron.js';
import { probeParser } from './probe-options.js';
import { parseWatch } from './watch-options.js';

/**
 * zod schemas for the raw YAML shapes. They are strict (unknown keys are
 * errors) and parse values into their typed form — durations in ms, sizes in
 * bytes, commands as argv — so normalize only applies defaults and paths.
 */

const duration = fromParser(parseDuration).optional();
const size = fromParser(parseSize).optional();
const boolean = fromParser(parseBoolean).optional();
const logTarget = fromParser(parseLogTarget).optional();
const path = fromParser(stringParser('a path')).optional();

function mappingError(expected: string) {
  return { error: (iss: { code?: string; input?: unknown }) => (iss.code === 'invalid_type' ? expectedGot(expected, iss.input) : undefined) };
}

/** Options only `type: prefork` programs take; on a plain program each is an error. */
export const PREFORK_OPTIONS = ['bind', 'workers', 'app', 'timeout', 'graceful_timeout', 'max_requests', 'max_requests_jitter', 'ready_when', 'hooks'] as const;

// Required or forbidden depending on `type`, so validate-raw checks their presence.
const preforkOptions = {
  bind: fromCheckedParser(parseBind).optional(),
  workers: fromParser(parseWorkers).optional(),
  app: fromParser(stringParser('a path to a Node module that exports a request listener, such as ./server.js')).optional(),
  timeout: fromParser(positiveDuration).optional(),
  graceful_timeout: duration,
  max_requests: fromParser(integerParser(0)).optional(),
  max_requests_jitter: fromParser(integerParser(0)).optional(),
  ready_when: fromCheckedParser(parseReadyWhen).optional(),
  hooks: fromCheckedParser(parseHooks).optional(),
} satisfies Record<(typeof PREFORK_OPTIONS)[number], z.ZodType>;

export const programSchema = z.strictObject(
  {
    type: fromParser((v) => (v === 'plain' || v === 'prefork' ? { ok: true as const, value: v } : { ok: false as const, message: expectedGot('plain or prefork', v) })).optional(),
    // Required for plain programs; prefork programs take command or app (checked in validate-raw).
    command: fromParser(parseCommand).optional(),
    process_name: fromParser(stringParser('a process name template such as %(program_name)s_%(process_num)02d')).optional(),
    numprocs: fromParser(integerParser(1)).optional(),
    numprocs_start: fromParser(integerParser(0)).optional(),
    directory: path,
    environment: z.record(z.string(), fromParser(parseEnvironmentValue), mappingError('a mapping of variable names to values')).optional(),
    env_file: fromParser(stringListParser('a path')).optional(),
    user: fromParser(parseUser).optional(),
    umask: fromParser(parseUmask).optional(),
    autostart: boolean,
    autorestart: fromParser(parseAutorestart).optional(),
    exitcodes: fromParser(parseExitcodes).optional(),
    startsecs: duration,
    startretries: fromParser(parseStartretries).optional(),
    stopsignal: fromParser(parseSignal).optional(),
    stopwaitsecs: duration,
    stopasgroup: boolean,
    killasgroup: boolean,
    priority: fromParser(integerParser(0)).optional(),
    depends_on: fromParser(stringListParser('a program name')).optional(),
    redirect_stderr: boolean,
    stdout_logfile: logTarget,
    stdout_logfile_maxbytes: size,
    stdout_logfile_backups: fromParser(integerParser(0)).optional(),
    stderr_logfile: logTarget,
    stderr_logfile_maxbytes: size,
    stderr_logfile_backups: fromParser(integerParser(0)).optional(),
    watch: fromCheckedParser(parseWatch).optional(),
    readiness: fromCheckedParser(probeParser('readiness')).optional(),
    liveness: fromCheckedParser(probeParser('liveness')).optional(),
    max_memory: fromParser(parseMaxMemory).optional(),
    max_cpu: fromParser(parseMaxCpu).optional(),
    max_cpu_window: fromParser(positiveDuration).optional(),
    cron_restart: fromParser(parseCron).optional(),
    ...preforkOptions,
  },
  mappingError('a mapping of program options such as command:'),
);

export const supervisorSchema = z.strictObject(
  { socket: path, pidfile: path, statefile: path, logdir: path, stats_interval: duration, watch_config: boolean },
  mappingError('a mapping of supervisor options'),
);

export const groupsSchema = z.record(
  z.string(),
  fromParser(stringListParser('a program name')),
  mappingError('a mapping of group names to lists of program names'),
);

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
  'numprocs', 'numprocs_start', 'priority', 'startretries', 'exitcodes', 'startsecs', 'stopwaitsecs', 'stats_interval',
  'stdout_logfile_maxbytes', 'stdout_logfile_backups', 'stderr_logfile_maxbytes', 'stderr_logfile_backups',
  'workers', 'timeout', 'graceful_timeout', 'max_requests', 'max_requests_jitter',
  'max_memory', 'max_cpu', 'max_cpu_window',
]);
// Numeric keys inside mapping-valued options (readiness: { period: ${PERIOD} }).
const PROBE_NUMERIC = ['initial_delay', 'period', 'timeout', 'success_threshold', 'failure_threshold', 'start_timeout'];
const NESTED_NUMERIC: Record<string, Set<string>> = {
  readiness: new Set(PROBE_NUMERIC),
  liveness: new Set(PROBE_NUMERIC),
  watch: new Set(['debounce']),
};
const BOOLEAN_OPTIONS = new Set(['autostart', 'autorestart', 'stopasgroup', 'killasgroup', 'redirect_stderr', 'watch_config']);
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
