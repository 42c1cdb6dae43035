import type { Config } from '../config/types.js';
import { expandTemplate } from '../config/expand-template.js';
import type { ManagedProcess } from './managed-process.js';
import { supervisorEnv, templateVars } from './process-names.js';
import { resolveUser } from './resolve-user.js';
import type { SpawnRequest } from './spawn-child.js';

/** Turns a process's program config into what the launcher needs, expanding templates. */
export function buildSpawnRequest(config: Config, proc: ManagedProcess): SpawnRequest {
  const program = proc.program;
  const vars = templateVars(config, program, proc.num, proc.group);
  // A `user:` program gets that user's HOME, USER and LOGNAME, as after su; its own environment still wins.
  const userIds = program.user === null ? null : resolveUser(program.user);
  const env: Record<string, string> = { ...supervisorEnv(), ...(userIds ? { HOME: userIds.home, USER: userIds.name, LOGNAME: userIds.name } : {}) };
  for (const [key, value] of Object.entries(program.environment)) env[key] = expandTemplate(value, vars);
  // Like supervisord's SUPERVISOR_* variables: a program can tell it is supervised and by whom.
  env.DROVER_ENABLED = '1';
  env.DROVER_PROGRAM_NAME = program.name;
  env.DROVER_PROCESS_NAME = proc.processName;
  env.DROVER_GROUP_NAME = proc.group;
  env.DROVER_PROCESS_NUM = String(proc.num);
  env.DROVER_SUPERVISOR_PID = String(process.pid);
  return {
    argv: program.command.map((token) => expandTemplate(token, vars)),
    cwd: program.directory ?? config.dir,
    env,
    user: program.user,
    userIds,
    umask: program.umask,
  };
}
