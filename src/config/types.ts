/**
 * The typed, normalised configuration that the rest of drover consumes.
 * Everything here is already validated: durations are milliseconds, sizes are
 * bytes, paths are absolute, and commands are argv arrays. The engine never
 * sees raw YAML.
 */

/** Where a value came from in the config file, for messages. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** Where a stream of a process's output goes. */
export type LogTarget =
  /** Under `supervisor.logdir`, named after the process and stream. */
  | { kind: 'auto' }
  /** Discarded (still kept in the in-memory ring buffer for `tail`). */
  | { kind: 'none' }
  /** drover's own output (stdout in the foreground, drover.log when detached), each line after the process name; kept in the ring too. */
  | { kind: 'console' }
  /** An explicit absolute path; may contain %(...)s templates, expanded per process. */
  | { kind: 'file'; path: string };

export interface LogConfig {
  target: LogTarget;
  /** Rotate when the file would pass this many bytes; 0 = never rotate. */
  maxBytes: number;
  /** How many rotated files to keep (file.1 … file.N). */
  backups: number;
}

export type AutoRestart = boolean | 'unexpected';

export interface ProgramConfig {
  /** The key under `programs:`. */
  name: string;
  /**
   * argv, split like a shell would split it but without running a shell.
   * Tokens may contain %(...)s templates, expanded per process by the engine.
   */
  command: string[];
  /** Template for process names, e.g. `%(program_name)s_%(process_num)02d`. */
  processName: string;
  /** True when the user set process_name (affects how scaling names extras). */
  processNameExplicit: boolean;
  numprocs: number;
  numprocsStart: number;
  /** Absolute working directory, or null for the config file's folder. */
  directory: string | null;
  /** env_file entries merged under `environment` (environment wins). */
  environment: Record<string, string>;
  /** User name or numeric uid to run as, with its groups; only root can switch users. */
  user: string | null;
  /** File mode creation mask for the process, e.g. 0o022; null = inherit. */
  umask: number | null;
  autostart: boolean;
  autorestart: AutoRestart;
  /** Exit codes that count as expected for `autorestart: unexpected`. */
  exitcodes: number[];
  /** How long a process must stay up to count as started. */
  startsecsMs: number;
  /** Failed starts allowed before FATAL; `Infinity` for `startretries: infinite`. */
  startretries: number;
  /** Signal name without the SIG prefix, e.g. `TERM`. */
  stopsignal: string;
  /** `reload_signal`: what a reload sends to the main pid instead of restarting (systemd's ExecReload), e.g. `HUP`; null = a reload restarts. Plain programs only. */
  reloadSignal: string | null;
  stopwaitsecsMs: number;
  stopasgroup: boolean;
  killasgroup: boolean;
  priority: number;
  dependsOn: string[];
  redirectStderr: boolean;
  stdout: LogConfig;
  stderr: LogConfig;
  /** Position of the program's key in the file. */
  source: SourcePosition;
  /**
   * `type: oneshot`: each start runs the command once; an exit in exitcodes is
   * done (EXITED, and what depends_on it may start), any other a failed start.
   */
  oneshot: boolean;
  /** Set for `type: prefork` programs: drover is the master, the processes are its workers. */
  prefork: PreforkConfig | null;
  /** `watch:`: files whose change restarts (or reloads) the program; null = not watched. */
  watch: WatchConfig | null;
  /** `readiness:`: a process is RUNNING once this probe passes; null = startsecs decides. */
  readiness: ReadinessConfig | null;
  /** `liveness:`: a RUNNING process failing this probe failureThreshold times in a row is restarted. */
  liveness: ProbeConfig | null;
  /** `max_memory`: whole-tree RSS in bytes above which a process is restarted; null = no limit. */
  maxMemoryBytes: number | null;
  /** `max_cpu` (+ `max_cpu_window`): whole-tree CPU above this average over the window restarts a process. */
  maxCpu: CpuLimit | null;
  /** `cron_restart`: restart (prefork: rolling reload) the program on this schedule; null = never. */
  cronRestart: CronSchedule | null;
}

/** What a watched change does: restart every process, or a rolling reload (prefork; plain programs restart). */
export type WatchAction = 'restart' | 'reload';

export interface WatchConfig {
  /** Absolute paths or globs (`*`, `**`, `?`, `[…]`), resolved against the config folder. */
  paths: string[];
  /**
   * Absolute globs of paths never to react to, besides the ones always ignored (node_modules, .git, …).
   * A bare name written in the config (such as node_modules or *.log) arrives joined under `<config dir>/**`, so it matches at any depth.
   */
  ignore: string[];
  /** Quiet time after the last change before the action runs. Default 500 ms. */
  debounceMs: number;
  action: WatchAction;
}

/**
 * How a probe checks a process. The http URL, tcp host and exec argv may hold
 * %(...)s templates, expanded per process like command (the config loader
 * checks their keys); the log pattern is a RegExp source used as written,
 * since % is ordinary in a pattern.
 */
export type ProbeCheck =
  /** Passes on a 2xx or 3xx answer to GET URL (http: or https:). */
  | { kind: 'http'; url: string }
  /** Passes when a TCP connection to host:port opens. */
  | { kind: 'tcp'; host: string; port: number }
  /** Passes when the command (argv, run without a shell) exits 0. */
  | { kind: 'exec'; argv: string[] }
  /** Passes once a line of the process's output matches (readiness); for liveness, when one matched since the last check. */
  | { kind: 'log'; pattern: string };

export interface ProbeConfig {
  check: ProbeCheck;
  /** Where the probe was written, for messages. */
  source: SourcePosition;
  /** Wait this long after the process starts (liveness: after it is RUNNING) before the first check. Default 0. */
  initialDelayMs: number;
  /** Time between checks. Default 1 s for readiness, 10 s for liveness. */
  periodMs: number;
  /** A check that takes longer fails. Default 1 s. */
  timeoutMs: number;
  /** Passes in a row that make a failing probe pass again. Default 1. */
  successThreshold: number;
  /** Failures in a row that make the probe fail. Default 3. */
  failureThreshold: number;
}

export interface ReadinessConfig extends ProbeConfig {
  /** A start not ready within this long is a failed start (killed, then backoff). Default 60 s. */
  startTimeoutMs: number;
}

export interface CpuLimit {
  /** Percent of one core (200 = two cores busy), averaged over windowMs. */
  percent: number;
  /** Default 60 s. */
  windowMs: number;
}

/** A parsed five-field cron expression (minute hour day-of-month month day-of-week), local time. */
export interface CronSchedule {
  /** The expression as written. */
  expression: string;
  minutes: number[];
  hours: number[];
  daysOfMonth: number[];
  months: number[];
  /** 0 = Sunday … 6 = Saturday (7 is accepted in the expression and stored as 0). */
  daysOfWeek: number[];
  /** Cron's rule: when both day fields are restricted, a day matching either one fires. */
  dayOfMonthRestricted: boolean;
  dayOfWeekRestricted: boolean;
}

/** One `bind` entry; the master binds it once and every worker inherits it. */
export type BindAddress =
  /** `host:port`, `[::1]:port`, `:port` / `*:port` (all interfaces: host '0.0.0.0'). */
  | { kind: 'tcp'; host: string; port: number; family: 4 | 6; text: string }
  /** `unix:/path` (absolute, resolved against the config folder), socket file mode (default 0o660). */
  | { kind: 'unix'; path: string; mode: number; text: string }
  /** `fd://N`: a socket inherited from systemd socket activation (N ≥ 3). */
  | { kind: 'fd'; fd: number; text: string };

/** A TCP address drover listens on itself, written like a `bind` entry. */
export type TcpAddress = Extract<BindAddress, { kind: 'tcp' }>;

export interface PreforkConfig {
  bind: BindAddress[];
  /** Absolute path of the module for the built-in runtime (`app:`), or null when `command` runs the workers. */
  app: string | null;
  /** `workers: auto` was given (numprocs is then the number of available cores). */
  workersAuto: boolean;
  /** A built-in-runtime worker silent (no heartbeat, not ready) this long is killed and replaced. Default 30 s. */
  timeoutMs: number;
  /** How long a stopping worker may finish in-flight requests. Default 30 s. */
  gracefulTimeoutMs: number;
  /** Recycle a built-in-runtime worker after this many requests; 0 = never. */
  maxRequests: number;
  /** Each worker's limit is maxRequests plus a random 0…jitter, so workers do not all recycle at once (gunicorn's meaning). */
  maxRequestsJitter: number;
  /** A command worker is ready when a line of its output matches this RegExp source; null = after startsecs. */
  readyWhenLog: string | null;
  /** Shell commands run at gunicorn's hook moments, by hook name. */
  hooks: Partial<Record<HookName, string>>;
  /** A uvicorn command runs through drover's keep-alive drain (engine/prefork/uvicorn-drain.py). */
  uvicornDrain: boolean;
}

export type HookName = 'on_starting' | 'when_ready' | 'pre_fork' | 'post_fork' | 'worker_exit' | 'nworkers_changed' | 'on_reload' | 'on_exit';

export interface SupervisorConfig {
  /** Absolute path of the control socket. */
  socket: string;
  /** Absolute path of the pidfile. */
  pidfile: string;
  /** Absolute path of the folder for `auto` log files and the supervisor's own log. */
  logdir: string;
  /** Absolute path of the file recording the process groups this supervisor started. */
  statefile: string;
  statsIntervalMs: number;
  /** `watch_config`: reread the config file when it changes and apply the difference like `ctl update`. */
  watchConfig: boolean;
  /** `keep_programs`: a keeper holds the programs when the supervisor dies or re-executes, and the next one adopts them. */
  keepPrograms: boolean;
  /** `metrics`: where a plain-HTTP listener serves GET /metrics (Prometheus text); null = no listener. */
  metrics: TcpAddress | null;
}

export interface Config {
  /** Absolute path of the config file. */
  file: string;
  /** Absolute path of the folder holding the config file. */
  dir: string;
  supervisor: SupervisorConfig;
  /** Programs in file order. */
  programs: ProgramConfig[];
  /** `groups:` entries: group name → program names. */
  groups: Record<string, string[]>;
  /** Values that came from `${VAR}`s, as written: exports keep a variable where the target has one. */
  variables: InterpolatedValue[];
}

/** A value of the config holding `${VAR}`s, before and after they were replaced. */
export interface InterpolatedValue {
  /** Where it is, such as ['programs', 'web', 'command']. */
  path: readonly (string | number)[];
  /** The text as written, `${VAR}`s and `$$`s included. */
  raw: string;
  /** Each `${…}` in it, in order. */
  references: VariableReference[];
}

export interface VariableReference {
  name: string;
  /** The `:-default`, or null. */
  fallback: string | null;
  /** What it was replaced with. */
  value: string;
}

/** One problem found in a config file. */
export interface ConfigError {
  file: string;
  line: number;
  column: number;
  /** Option path, e.g. `programs.web.startsecs`; empty for file-level problems. */
  path: string;
  /** What is wrong, including what was expected and what was found. */
  message: string;
}

export type LoadResult = { ok: true; config: Config; warnings: ConfigError[] } | { ok: false; errors: ConfigError[] };
