import { hostname } from 'node:os';
import type { Config, ProgramConfig } from './types.js';

/** The `%(name)s` keys supervisord defines, besides `ENV_<NAME>`. */
export const TEMPLATE_KEYS = ['program_name', 'process_num', 'group_name', 'host_node_name', 'here', 'numprocs'] as const;

/** Whether a template key will have a value: a fixed key, or ENV_X for a set variable X. */
export function isKnownTemplateKey(key: string, env: NodeJS.ProcessEnv): boolean {
  if ((TEMPLATE_KEYS as readonly string[]).includes(key)) return true;
  return key.startsWith('ENV_') && env[key.slice(4)] !== undefined;
}

/** The `groups:` entry that holds a program, else the program's own name (supervisord's rule). */
export function groupNameOf(groups: Config['groups'], program: string): string {
  for (const [group, members] of Object.entries(groups)) if (members.includes(program)) return group;
  return program;
}

/**
 * Template values for one process, as the engine computes them at spawn time.
 * The config step uses it to expand every process name and find collisions.
 */
export function buildTemplateVars(
  program: ProgramConfig,
  processNum: number,
  groupName: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): Record<string, string | number> {
  const vars: Record<string, string | number> = {
    program_name: program.name,
    process_num: processNum,
    group_name: groupName,
    host_node_name: hostname(),
    here: dir,
    numprocs: program.numprocs,
  };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) vars[`ENV_${key}`] = value;
  return vars;
}
