import { type Config, expandTemplate } from '../config/runtime.js';
import type { ManagedProcess } from './managed-process.js';
import { supervisorEnv, templateVars } from './process-names.js';
import { resolveUser } from './resolve-user.js';
import type { SpawnRequest } from './spawn-child.js';

/** Turns a process's program config into what the process spawner needs, expanding templates. */
export function buildSpawnRequest(config: Config, proc: ManagedProcess): SpawnRequest {
  const program = proc.program;
  const vars = templateVars(config, program, proc.num, proc.group);
  // A `user:` program gets that user's HOME, USER and LOGNAME, as after su; its own environment still wins.
  const userIds = program.user === null ? null : resolveUser(program.user);
  const env: Record<string, string> = {
    ...supervisorEnv(),
    ...(userIds ? { HOME: userIds.home, USER: userIds.name, LOGNAME: userIds.name } : {}),
    ...supervisordVars(proc),
  };
  // supervisord sets SUPERVISOR_SERVER_URL for supervisorctl; drover's socket does not speak its XML-RPC, and
  // one inherited from a supervisord that runs drover would name that supervisord, not this process's.
  delete env.SUPERVISOR_SERVER_URL;
  // After supervisord's variables, as in supervisord: the program's own environment wins.
  for (const [key, value] of Object.entries(program.environment)) env[key] = expandTemplate(value, vars);
  // drover's own names for the same facts, and more: which program, which instance, which supervisor.
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

/** The variables supervisord gives every program, which existing programs read (to name Celery workers, say). */
function supervisordVars(proc: ManagedProcess): Record<string, string> {
  return { SUPERVISOR_ENABLED: '1', SUPERVISOR_PROCESS_NAME: proc.processName, SUPERVISOR_GROUP_NAME: proc.group };
}
