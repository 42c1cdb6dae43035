import type { ProcessUsage, TreeNode } from '../stats/types.js';
import type { ProcessState } from './process-state.js';

/** A snapshot of one process, as every client (ctl, view, API) sees it. */
export interface ProcessInfo {
  /** `group:process` (`program:process` outside `groups:`), the name patterns match against. */
  name: string;
  program: string;
  /** The process part of the name (`web_00`). */
  processName: string;
  /** The `groups:` entry that holds the program, else the program's own name. */
  group: string;
  num: number;
  state: ProcessState;
  pid: number | null;
  /** Why the process is in its state: spawn errors, exit status, backoff delay. */
  description: string;
  /** When the current child started (ms since the epoch), null when none runs. */
  startedAt: number | null;
  /** How many times the process was started again after its first start. */
  restarts: number;
  exitCode: number | null;
  exitSignal: string | null;
  lastExitAt: number | null;
  /** The readiness probe's verdict for the current child; null when the program has no readiness probe. */
  ready: boolean | null;
  /**
   * This STOPPED process stands in for a program scaled to 0, so that the
   * program stays listed and `start` or `scale` can bring it back.
   */
  scaledToZero: boolean;
  /** A one-shot (type: oneshot) that ran to an expected exit: finished, which is neither stopped nor failed. */
  done: boolean;
}

export type LogStream = 'stdout' | 'stderr';

export type { ProcessUsage };

/** One exit of a process (the details pane's exit history). */
export interface ExitRecord {
  at: number;
  pid: number;
  exitCode: number | null;
  exitSignal: string | null;
  /** How long that child ran. */
  uptimeMs: number;
  /** Whether drover expected it: a stop it asked for, or a code listed in exitcodes. */
  expected: boolean;
}

/** Supervisor.inspect: one process's launch facts and exit history. */
export interface ProcessInspection {
  info: ProcessInfo;
  argv: string[];
  cwd: string;
  user: string | null;
  /** The program's own environment settings, expanded (not what it inherits). */
  environment: Record<string, string>;
  /** The live process tree, root first; empty when nothing runs. */
  tree: TreeNode[];
  exits: ExitRecord[];
}


export type EngineEvent =
  /**
   * `pid`: the child the change is about, the running one or the one whose
   * exit caused it (then `process.pid` is already null); null when there is none.
   */
  | { kind: 'state'; at: number; process: ProcessInfo; from: ProcessState; pid: number | null }
  | { kind: 'log'; at: number; process: string; stream: LogStream; lines: string[] }
  | { kind: 'processAdded'; at: number; process: ProcessInfo }
  | { kind: 'processRemoved'; at: number; process: ProcessInfo }
  | { kind: 'supervisor'; at: number; level: 'info' | 'warn' | 'error'; message: string }
  /** A RUNNING process's readiness probe changed its verdict (process.ready says which way). */
  | { kind: 'health'; at: number; process: ProcessInfo; message: string }
  /** Only while someone watches (an event stream opened with stats): see src/stats. */
  | { kind: 'stats'; at: number; intervalMs: number; processes: ProcessUsage[] };

export type EngineListener = (event: EngineEvent) => void;

/** The outcome of an action (start, stop, signal…) for one process. */
export interface ActionResult {
  name: string;
  ok: boolean;
  state: ProcessState;
  message: string;
}
