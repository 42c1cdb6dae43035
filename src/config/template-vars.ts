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
export function buildTemplateVars(program: ProgramConfig, processNum: number, groupName: string, dir: string, env: NodeJS.ProcessEnv): Record<string, string | number> {
  // The ENV_ keys sit on the prototype: copying every variable for every process cost more than the rest of a spawn.
  const vars = Object.create(envTemplateVars(env)) as Record<string, string | number>;
  vars.program_name = program.name;
  vars.process_num = processNum;
  vars.group_name = groupName;
  vars.host_node_name = hostname();
  vars.here = dir;
  vars.numprocs = program.numprocs;
  return vars;
}

const envVarsCache = new WeakMap<object, Record<string, string>>();

/**
 * `ENV_<NAME>` for each variable, in an object without a prototype (so no
 * `%(constructor)s` is ever "known"). A frozen environment (the engine's
 * snapshot) is converted once; any other is converted at each call, as it may
 * have changed.
 */
function envTemplateVars(env: NodeJS.ProcessEnv): Record<string, string> {
  const cached = envVarsCache.get(env);
  if (cached) return cached;
  const vars = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(env)) if (value !== undefined) vars[`ENV_${key}`] = value;
  if (Object.isFrozen(env)) envVarsCache.set(env, vars);
  return vars;
}
