import type { ConfigDiff } from '../engine/config-diff.js';
import type { EngineEvent, ExitRecord, LogStream, ProcessUsage } from '../engine/events.js';
import type { ProcessState } from '../engine/process-state.js';
import type { TreeNode } from '../stats/types.js';
import type { ActionResult } from '../engine/supervisor.js';
import type { PreforkCounts } from '../engine/prefork/prefork-tally.js';

/**
 * The one client interface to a supervisor. `SocketApi` speaks it over the
 * control socket (ctl, attach); `LocalApi` implements it in-process over the
 * engine (the embedded view, and the server behind the socket). Type-only
 * imports: a client must not load the engine.
 */

/** One process as `ctl status --json` prints it (SPEC section 1). */
export interface ProcessStatus {
  /** `group:process`, as supervisord names it (`program:process` outside `groups:`). */
  name: string;
  program: string;
  processName: string;
  group: string;
  state: ProcessState;
  pid: number | null;
  /** Why the process is in its state: spawn errors, exit status, backoff delay. */
  description: string;
  restarts: number;
  exitCode: number | null;
  exitSignal: string | null;
  /** Milliseconds since the current child started; 0 when none runs. */
  uptimeMs: number;
  startedAt: number | null;
  lastExitAt: number | null;
  /** Whether the readiness probe passes; null when the program has no readiness probe. */
  ready: boolean | null;
  /** Whole process tree. CPU needs two samples: null unless someone watches (a stats stream); RSS null when nothing runs. */
  cpuPercent: number | null;
  rssBytes: number | null;
  /** CPU time the whole tree has used since the process started (its reaped children included), seconds; null when nothing runs. */
  cpuSeconds: number | null;
  /** The program is scaled to 0: this STOPPED process stands in for it (docs/ctl.md). */
  scaledToZero: boolean;
  /** A one-shot (type: oneshot) that ran to an expected exit: finished, so `status` does not count it as stopped. */
  done: boolean;
}

export type { ActionResult, ConfigDiff, EngineEvent, ExitRecord, LogStream, PreforkCounts, ProcessUsage, TreeNode };

/** Everything the view's details pane shows about one process. */
export interface ProcessDetails {
  status: ProcessStatus;
  /** What is run: argv, or the one string given to `/bin/sh -c` when `shell: true`. */
  command: string[];
  shell: boolean;
  cwd: string;
  user: string | null;
  /** The program's own environment settings (not the inherited ones), values of secret-looking keys masked. */
  environment: Record<string, string>;
  /** The live process tree, root first; empty when nothing runs. */
  tree: TreeNode[];
  /** The latest exits, newest first (at most 10). */
  exits: ExitRecord[];
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
}

export interface EventOptions {
  /** Include log lines (off by default: they are the bulk of the traffic). */
  logs?: boolean;
  /** Only events of processes matching this pattern. */
  process?: string;
  /** With `process`: send its last N lines first, then follow, with no gap. */
  tail?: number;
  /** Which log stream `tail` and log events cover; both when unset. */
  stream?: LogStream;
  /** Include `stats` events (CPU and memory of every process, each stats_interval); sampling runs only while such a stream is open. */
  stats?: boolean;
}

export interface SignalOptions {
  /** Signal the process group (everything the process forked) instead of the main pid alone. */
  group?: boolean;
}

export interface EventSubscription {
  close(): void;
  /** Settles when the stream ends: null when closed by us, an error when the supervisor went away. */
  readonly ended: Promise<Error | null>;
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
  /** The last `lines` lines of one process's output. */
  tail(name: string, lines: number, stream?: LogStream): Promise<string[]>;
  /** Stops every program and ends the supervisor; resolves once programs are stopped. */
  shutdown(): Promise<ActionResult[]>;
  events(options: EventOptions, listener: (event: EngineEvent) => void): Promise<EventSubscription>;
}
