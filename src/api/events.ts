import type { ProcessState } from './process-state.js';
import type { LogStream, ProcessStatus, ProcessUsage } from './process-status.js';

/** What the supervisor tells its watchers (the view, `tail -f`, the event stream). */
export type EngineEvent =
  /**
   * `pid`: the child the change is about, the running one or the one whose
   * exit caused it (then `process.pid` is already null); null when there is none.
   */
  | { kind: 'state'; at: number; process: ProcessStatus; from: ProcessState; pid: number | null }
  /** `at`: when the supervisor read these lines from the pipe. */
  | { kind: 'log'; at: number; process: string; stream: LogStream; lines: string[] }
  | { kind: 'processAdded'; at: number; process: ProcessStatus }
  | { kind: 'processRemoved'; at: number; process: ProcessStatus }
  /** `handover`: the supervisor is handing over to a fresh one (ctl reexec); a client waits for it and subscribes again. */
  | { kind: 'supervisor'; at: number; level: 'info' | 'warn' | 'error'; message: string; handover?: true }
  /** A RUNNING process's readiness probe changed its verdict (process.ready says which way). */
  | { kind: 'health'; at: number; process: ProcessStatus; message: string }
  /** Only while someone watches (an event stream opened with stats): see src/stats. */
  | { kind: 'stats'; at: number; intervalMs: number; processes: ProcessUsage[] };

export type EngineEventKind = EngineEvent['kind'];

export interface EventOptions {
  /** Include log lines (off by default: they are the bulk of the traffic). */
  logs?: boolean;
  /** Only events of processes matching this pattern. */
  process?: string;
  /**
   * With `process`: first the last N lines of each matched process (its
   * streams combined), all in arrival order, then follow, with no gap and no
   * line twice. Their events' `at` is when the lines arrived, as live ones'.
   */
  tail?: number;
  /** With `tail`: only lines that arrived at or after this time (ms since the epoch). */
  since?: number;
  /** Send what comes first (the `tail` backlog), then end the stream instead of following: `ctl tail` without -f. */
  once?: boolean;
  /** Which log stream `tail` and log events cover; both when unset. */
  stream?: LogStream;
  /** Include `stats` events (CPU and memory of every process, each stats_interval); sampling runs only while such a stream is open. */
  stats?: boolean;
}

export interface EventSubscription {
  close(): void;
  /** Settles when the stream ends: null when closed by us, an error when the supervisor went away. */
  readonly ended: Promise<Error | null>;
}
