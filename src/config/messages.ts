/**
 * Every user-facing config message is built here, so wording stays uniform:
 * each says what was expected and what was found.
 */

const MAX_SHOWN = 60;

/** A short, unambiguous rendering of a value the user wrote. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'nothing';
    case 'string': {
      const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
      return JSON.stringify(shown);
    }
    case 'object':
      return value === null ? 'nothing' : Array.isArray(value) ? 'a list' : 'a mapping';
    // No config format produces a bigint, a symbol or a function; each has a string form of its own all the same.
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
    case 'function':
      return String(value);
  }
}

export function expectedGot(expected: string, value: unknown): string {
  return `expected ${expected}, got ${describeValue(value)}`;
}

function suggestion(candidate: string | undefined): string {
  return candidate === undefined ? '' : `; did you mean "${candidate}"?`;
}

export function unknownOption(key: string, candidate: string | undefined): string {
  return `unknown option "${key}"${suggestion(candidate)}`;
}

export function missingOption(expected: string): string {
  return `this option is required: expected ${expected}, got nothing`;
}

export function invalidName(kind: 'program' | 'group', name: string): string {
  return `${kind} names may contain only letters, digits, "_", "." and "-" (":" separates program and process in patterns), got ${JSON.stringify(name)}`;
}

export const NO_PROGRAMS = 'expected a mapping of program names to their options under programs:, got nothing';

export function emptyFile(): string {
  return 'the config file is empty: expected a mapping with a programs: section';
}

export function notAMapping(value: unknown): string {
  return expectedGot('a mapping with a programs: section at the top level', value);
}

export function unreadableFile(what: string, error: unknown): string {
  return `cannot read ${what}: ${describeFsError(error)}`;
}

/**
 * "no such file or directory (ENOENT)" from Node's "ENOENT: no such file or
 * directory, open '/x'": the path is already in the message's position.
 */
export function describeFsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const match = /^[A-Z]+: (.*?)(?:, \w+(?: '.*')?)?$/.exec(error.message);
  const reason = match?.[1] ?? error.message;
  return code === undefined ? reason : `${reason} (${code})`;
}

export function duplicateKey(key: string, firstLine: number): string {
  return `duplicate key "${key}": it is already defined at line ${firstLine}`;
}

export function unresolvedAlias(name: string): string {
  return `unknown alias "*${name}": no anchor "&${name}" is defined before it; to write text that starts with *, quote it: "*${name}"`;
}

export function preforkOnly(option: string): string {
  return `${option} is an option of type: prefork programs`;
}

export const BIND_FORMS = 'host:port, [::1]:port, unix:/path or fd://N';

export const NO_COMMAND_OR_APP = "expected command: (your server, run on the inherited sockets) or app: (a Node module run by drover's worker runtime), got neither";

export const COMMAND_AND_APP = "expected command: or app:, got both: command runs your own server on the inherited sockets, app runs a Node module in drover's worker runtime";

export const NUMPROCS_ON_PREFORK = 'numprocs sets the process count of plain programs; use workers for prefork programs';

export const READY_WHEN_WITH_APP = "ready_when is for command: workers; an app: worker runs in drover's runtime, which reports readiness itself";

export function jitterWithoutMaxRequests(maxRequests: number | undefined): string {
  const found = maxRequests === undefined ? 'no max_requests' : `max_requests: ${maxRequests}`;
  return `max_requests_jitter spreads max_requests: expected max_requests above 0, got ${found} (workers are never recycled)`;
}

export function appUnreadable(file: string, error: unknown): string {
  return unreadableFile(`app ${JSON.stringify(file)}`, error);
}

export function appNotAFile(file: string): string {
  return `expected app to be a file (a Node module such as ./server.js), got the folder ${JSON.stringify(file)}`;
}

export function duplicateBind(text: string, index: number, firstText: string): string {
  return text === firstText
    ? `duplicate bind entry ${JSON.stringify(text)}: already listed as bind[${index}]`
    : `duplicate bind entry ${JSON.stringify(text)}: bind[${index}] (${JSON.stringify(firstText)}) is the same address`;
}

export function bindOverlap(text: string, index: number, firstText: string, port: number): string {
  return `${JSON.stringify(text)} overlaps bind[${index}] (${JSON.stringify(firstText)}): a wildcard address takes port ${port} on every interface, so the two cannot both be bound`;
}

export function bindTaken(text: string, owner: string, ownerText: string): string {
  return text === ownerText
    ? `${JSON.stringify(text)} is already bound by program "${owner}"`
    : `${JSON.stringify(text)} is already bound by program "${owner}" (as ${JSON.stringify(ownerText)})`;
}

export function bindOverlapsProgram(text: string, owner: string, ownerText: string, port: number): string {
  return `${JSON.stringify(text)} overlaps ${JSON.stringify(ownerText)}, bound by program "${owner}": a wildcard address takes port ${port} on every interface, so the two cannot both be bound`;
}

export function unixPathTooLong(file: string, bytes: number, max: number): string {
  return `expected a unix socket path of at most ${max} bytes (a Linux limit), got ${bytes} bytes: ${JSON.stringify(file)}; use a shorter path`;
}

export function unsetVariable(name: string): string {
  return `\${${name}} is not set: set it in the environment or in .env beside the config, or give a default with \${${name}:-value}`;
}

export function badVariableReference(reference: string): string {
  return `expected \${NAME} or \${NAME:-default}, got ${JSON.stringify(reference)}`;
}

export function unterminatedVariable(reference: string): string {
  return `expected a closing } for ${JSON.stringify(reference)}, got the end of the value (write $$ for a literal $)`;
}

export function unknownDependency(name: string, candidate: string | undefined): string {
  return `depends on "${name}", which is not a program in this file${suggestion(candidate)}`;
}

export function dependencyCycle(cycle: readonly string[]): string {
  return `dependency cycle: ${cycle.join(' -> ')}`;
}

export function unknownGroupMember(name: string, candidate: string | undefined): string {
  return `group member "${name}" is not a program in this file${suggestion(candidate)}`;
}

export function groupNamedLikeProgram(name: string): string {
  return `group "${name}" has the same name as a program, so the pattern "${name}:*" would be ambiguous`;
}

export function processNameWithoutNumber(processName: string, numprocs: number): string {
  return `expected process_name to contain %(process_num) when numprocs is ${numprocs}, got ${JSON.stringify(processName)}, which would give every process the same name`;
}

export function preforkProcessNameWithoutNumber(processName: string): string {
  return `expected process_name to contain %(process_num) for a prefork program, got ${JSON.stringify(processName)}: during a rolling reload old and new workers run side by side and need different names`;
}

export function processNameTaken(name: string, owner: string): string {
  return `process name "${name}" is also used by program "${owner}"`;
}

export function userNeedsRoot(uid: number): string {
  return `only root can switch users, and drover runs as uid ${uid}: this program will not start unless user is that uid (or drover runs as root)`;
}

/** A reason from the machine's own lookups (check-host.ts): the same words the start would fail with. */
export function cannotStartHere(reason: string): string {
  return `${reason}; this program cannot start on this machine`;
}

export function builtInRuntimeOnly(option: string): string {
  return `${option} only applies to app: workers (drover's built-in runtime); command: workers ignore it`;
}

export function stopwaitsecsBelowGraceful(stopwaitMs: number, gracefulMs: number): string {
  return `stopwaitsecs (${stopwaitMs / 1000}s) is shorter than graceful_timeout (${gracefulMs / 1000}s): a stopping worker is killed before it may finish its requests`;
}

export const PROBE_CHECKS = 'http: URL, tcp: host:port, exec: command or log: REGEX';

export const NO_PROBE_CHECK = `expected exactly one check (${PROBE_CHECKS}), got none`;

export function twoProbeChecks(kinds: readonly string[]): string {
  const found = `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)!}`;
  return `expected exactly one check (${PROBE_CHECKS}), got ${found}: a probe runs one check; use exec: for anything more`;
}

export function unknownWatchAction(value: unknown, candidate: string | undefined): string {
  return `${expectedGot('restart or reload', value)}${suggestion(candidate)}`;
}

/** Probes on prefork programs, with what each kind of worker has instead. */
export function probeOnPrefork(option: 'readiness' | 'liveness'): string {
  return (
    `${option} is not available for type: prefork programs: the workers share one port, so an http or tcp probe cannot tell them apart; ` +
    "for command: workers use ready_when: { log: REGEX }; app: workers are checked by the built-in runtime's own heartbeat (timeout:)"
  );
}

export function uncatchableReloadSignal(value: unknown, name: string): string {
  const effect = name === 'KILL' ? 'kill' : 'freeze';
  return `${expectedGot('a signal the program can catch, such as HUP, USR1 or USR2', value)}: SIG${name} cannot be caught, so it would ${effect} the program instead of reloading it`;
}

export const RELOAD_SIGNAL_ON_PREFORK =
  'reload_signal is not available for type: prefork programs: drover is their master, and a reload already replaces their workers one by one ' +
  '(a rolling reload) without dropping a request; a signal to a worker would reload nothing';

export const CPU_WINDOW_WITHOUT_MAX_CPU = 'max_cpu_window is the time max_cpu is averaged over: expected max_cpu as well, got no max_cpu (nothing is limited)';

export const STDERR_LOGFILE_IGNORED = 'stderr_logfile is ignored because redirect_stderr is true';

/** A log file that is supervisord's spelling of its own output. */
export function consolePathAsFile(option: string, path: string): string {
  return `${option}: ${path} is written as a file, rotated like one; write ${option}: console to send the lines to drover's own output`;
}

/** A prefork gunicorn told `-b fd://…`; `instead` is the command to write, when drover can say it. */
export function gunicornFdBind(written: string, instead: string | null): string {
  const why = `${written} makes gunicorn fail every worker with "Bad file descriptor": gunicorn already takes the sockets drover passes through LISTEN_FDS, so fd:// names one a second time and gunicorn closes it after its first use`;
  return `${why}; ${instead === null ? 'remove it' : `write: ${instead}`}`;
}

/** A prefork gunicorn reads a config whose once-per-server hooks would run once per drover worker. */
export function gunicornServerHooks(file: string, hooks: readonly string[]): string {
  const named = hooks.join(', ');
  return (
    `${file} defines gunicorn server hooks (${named}) that run once per gunicorn master; under type: prefork each drover worker is its own gunicorn master, ` +
    `so they run once per worker and again on every reload: move them to drover's own hooks (hooks: ${hooks[0]}: COMMAND), which run once for the program, ` +
    'or run the once-only work as a separate program'
  );
}

/** `FOO=bar cmd`: sh would set FOO; without a shell, FOO=bar is the program's name. */
export function commandStartsWithAssignment(assignments: readonly string[]): string {
  const written = assignments.join(' ');
  const entries = assignments.map((word) => word.replace('=', ': ')).join(', ');
  return (
    `${written} is a shell variable assignment, but drover runs commands without a shell and would look for a program named ${JSON.stringify(assignments[0])}; ` +
    `move ${written} to environment: (${entries}), or run the command with sh -c '…'`
  );
}

/** Why an option means nothing to a `type: oneshot` program. */
const NOT_FOR_ONESHOT = {
  autorestart: 'a one-shot runs once each time it is started, and a failed run is retried per startretries',
  startsecs: 'a one-shot is done when it exits with a code in exitcodes, however soon',
  readiness: 'a one-shot is done when it exits with a code in exitcodes, however soon',
} as const;

export const ONESHOT_EXCLUDED = Object.keys(NOT_FOR_ONESHOT) as (keyof typeof NOT_FOR_ONESHOT)[];

export function notForOneshot(option: keyof typeof NOT_FOR_ONESHOT): string {
  return `${option} does not apply to type: oneshot: ${NOT_FOR_ONESHOT[option]}`;
}
