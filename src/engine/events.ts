import type { EngineEvent, ExitRecord, ProcessStatus, TreeNode } from '../api/supervisor-api.js';

/** Supervisor.inspect: one process's launch facts and exit history. */
export interface ProcessInspection {
  info: ProcessStatus;
  argv: string[];
  cwd: string;
  user: string | null;
  /** The program's own environment settings, expanded (not what it inherits). */
  environment: Record<string, string>;
  /** The live process tree, root first; empty when nothing runs. */
  tree: TreeNode[];
  exits: ExitRecord[];
}

export type EngineListener = (event: EngineEvent) => void;
