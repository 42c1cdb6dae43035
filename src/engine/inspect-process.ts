import type { Config } from '../config/runtime.js';
import type { TreeNode } from '../api/supervisor-api.js';
import type { ProcessInspection } from './events.js';
import type { ManagedProcess } from './managed-process.js';
import { builtInRuntimeArgv } from './prefork/prefork-master.js';
import { buildSpawnRequest } from './spawn-request.js';

/**
 * What is known about one process beyond its state: what it runs, where,
 * and how it ended lately. Only the program's own environment settings are
 * shown, not what drover passes on from its own environment.
 */
export function inspectProcess(config: Config, proc: ManagedProcess, treeOf: (pid: number) => TreeNode[]): ProcessInspection {
  const request = buildSpawnRequest(config, proc);
  const environment = Object.fromEntries(Object.keys(proc.program.environment).map((key) => [key, request.env[key] ?? '']));
  const tree = proc.pid === null ? [] : treeOf(proc.pid);
  // An `app:` program has no command of its own: its workers run drover's worker runtime.
  const app = proc.program.prefork?.app ?? null;
  const argv = app === null ? request.argv : builtInRuntimeArgv(app);
  return { info: proc.info(), argv, cwd: request.cwd, user: request.user, environment, tree, exits: [...proc.exits] };
}
