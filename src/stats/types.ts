/** What src/stats reports, shared with the engine's events and the control API. */

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
