import type { ProcessState } from './process-state.js';

/**
 * One process, as every client sees it: a status answer, a state event and the
 * view all carry this one shape (`ctl status --json` prints it).
 */
export interface ProcessStatus {
  /** `group:process` (`program:process` outside `groups:`), the name patterns match against. */
  name: string;
  program: string;
  /** The process part of the name (`web_00`). */
  processName: string;
  /** The `groups:` entry that holds the program, else the program's own name. */
  group: string;
  /** The process's number within its program (`process_num`). */
  num: number;
  state: ProcessState;
  pid: number | null;
  /** Why the process is in its state: spawn errors, exit status, backoff delay. */
  description: string;
  /** How many times the process was started again after its first start. */
  restarts: number;
  exitCode: number | null;
  exitSignal: string | null;
  /** Milliseconds since the current child started, when the snapshot was taken; 0 when none runs. */
  uptimeMs: number;
  /** When the current child started (ms since the epoch), null when none runs. */
  startedAt: number | null;
  lastExitAt: number | null;
  /** The readiness probe's verdict for the current child; null when the program has no readiness probe. */
  ready: boolean | null;
  /**
   * Whole process tree, where the answer looked them up (status, details);
   * null in events. CPU needs two samples: null unless someone watches (a
   * stats stream); RSS null when nothing runs.
   */
  cpuPercent: number | null;
  rssBytes: number | null;
  /** CPU time the whole tree has used since the process started (its reaped children included), seconds; null when nothing runs. */
  cpuSeconds: number | null;
  /**
   * This STOPPED process stands in for a program scaled to 0, so that the
   * program stays listed and `start` or `scale` can bring it back.
   */
  scaledToZero: boolean;
  /** A one-shot (type: oneshot) that ran to an expected exit: finished, which is neither stopped nor failed. */
  done: boolean;
}

export type LogStream = 'stdout' | 'stderr';

/** The outcome of an action (start, stop, signal…) for one process. */
export interface ActionResult {
  name: string;
  ok: boolean;
  state: ProcessState;
  message: string;
}

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

/** CPU and memory of one process and everything it forked (its whole tree), from one sample. */
export interface ProcessUsage {
  /** The process's name, `group:process`. */
  name: string;
  pid: number;
  /** Of one core, over the last sampling interval (200 = two cores busy). */
  cpuPercent: number;
  rssBytes: number;
  /** The tree: the process itself first, then its descendants. */
  pids: number[];
}

/** One process of a tree, with its own (not its tree's) figures. */
export interface TreeNode {
  pid: number;
  ppid: number;
  /** The command line (/proc/PID/cmdline), or the kernel's name for it when that is empty. */
  command: string;
  rssBytes: number;
}

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
