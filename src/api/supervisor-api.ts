import type { EngineEvent, EventOptions, EventSubscription } from './events.js';
import type { ActionResult, LogStream, ProcessDetails, ProcessStatus } from './process-status.js';
import type { AnswerOf, ArgsOf, CalledVerb } from './verbs.js';

/**
 * The one client interface to a supervisor. `SocketApi` speaks it over the
 * control socket (ctl, attach); `LocalApi` implements it in-process over the
 * engine (the embedded view, and the server behind the socket). src/api
 * imports nothing else of drover: a client must not load the engine.
 */

export type { ActionResult, EngineEvent, EventOptions, EventSubscription, LogStream, ProcessDetails, ProcessStatus };
export type { ExitRecord, ProcessUsage, TreeNode } from './process-status.js';
export type { ProcessState } from './process-state.js';

/** What a config reread would change (`reread`), or what an update changed. */
export interface ConfigDiff {
  added: string[];
  changed: string[];
  removed: string[];
  /** Settings that only take effect when the supervisor restarts. */
  supervisorChanged: string[];
}

/** What the metrics tell of one prefork program beyond its workers' states. */
export interface PreforkCounts {
  program: string;
  /** Workers asked for: `workers` in the config, or the count of the last `ctl scale`. */
  desiredWorkers: number;
  /** Rolling reloads begun since drover started: ctl reload, a watched change, cron_restart, a config update. */
  reloads: number;
  /** Of those, the ones aborted because a new worker never got ready (the old workers kept serving). */
  failedReloads: number;
}

/** What the view lists of a program beside its processes: its command column, PORT/READY and program details. */
export interface ProgramSummary {
  name: string;
  /** The command as configured, one line (`%(process_num)s` templates unexpanded); a built-in-runtime prefork program names its `app:` module. */
  command: string;
  /** Processes the config asks for: numprocs, or a prefork program's workers. */
  processes: number;
  /** A prefork program's listening addresses as written (`127.0.0.1:8000`, `unix:/run/app.sock`); empty for the others. */
  bind: string[];
  /** The readiness probe in short (`http http://127.0.0.1:8000/health`, `tcp 127.0.0.1:5432`, `exec pg_isready`, `log /ready/`); null when there is none. */
  readiness: string | null;
}

export interface SupervisorInfo {
  pid: number;
  version: string;
  configFile: string;
  socket: string;
  startedAt: number;
  hostname: string;
  /** `supervisor.stats_interval`: how often stats events come while someone watches. */
  statsIntervalMs: number;
  processes: number;
  /** Event streams open right now (the attached views and `tail -f`s). */
  eventClients: number;
  /** Each prefork program's desired worker count and rolling reloads, in config order. */
  prefork: PreforkCounts[];
  /** Every program of the config in force, in config order. */
  programs: ProgramSummary[];
}

export interface SignalOptions {
  /** Signal the process group (everything the process forked) instead of the main pid alone. */
  group?: boolean;
}

export interface SupervisorApi {
  info(): Promise<SupervisorInfo>;
  /** Every process, or those matching the patterns (NO_MATCH if a pattern matches nothing). */
  status(patterns?: string[]): Promise<ProcessStatus[]>;
  start(patterns: string[]): Promise<ActionResult[]>;
  stop(patterns: string[]): Promise<ActionResult[]>;
  restart(patterns: string[]): Promise<ActionResult[]>;
  /** Prefork programs: rolling worker replacement; a program with reload_signal: that signal to its main pid; the rest: restart. */
  reload(patterns: string[]): Promise<ActionResult[]>;
  /** To each process's main pid (supervisord's `signal`, systemd's `kill $MAINPID`); with `group`, to its whole process group. */
  signal(signal: string, patterns: string[], options?: SignalOptions): Promise<ActionResult[]>;
  /** `count` is `N`, `+N` or `-N`. */
  scale(program: string, count: string): Promise<ActionResult[]>;
  /** Reads the config file again and says what `update` would change. */
  reread(): Promise<ConfigDiff>;
  /** Reads the config file again and applies it (only to `programs` when given). */
  update(programs?: string[]): Promise<ConfigDiff>;
  /** Command, environment, process tree and exit history of one process (`group:process`). */
  details(name: string): Promise<ProcessDetails>;
  /**
   * The last `lines` lines of one process's output (its memory ring). With
   * `skip`, older lines: the `lines` lines that end `skip` lines before the end
   * of its current log file for that stream (the ring when it has none); []
   * when there is nothing older.
   */
  tail(name: string, lines: number, stream?: LogStream, skip?: number): Promise<string[]>;
  /** Stops every program and ends the supervisor; resolves once programs are stopped. */
  shutdown(): Promise<ActionResult[]>;
  events(options: EventOptions, listener: (event: EngineEvent) => void): Promise<EventSubscription>;
  /** A verb the verb table marks `called`: its route's parameters by name in, its answer as the table says out. */
  call<V extends CalledVerb>(verb: V, args: ArgsOf<V>): Promise<AnswerOf<V>>;
}
