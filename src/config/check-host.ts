import { issue, type ConfigIssue } from './config-issue.js';
import { expandTemplate } from './expand-template.js';
import { cannotStartHere } from './messages.js';
import { buildTemplateVars, groupNameOf } from './template-vars.js';
import type { Config, ProgramConfig } from './types.js';

/**
 * What this machine has, asked the way the engine asks it at spawn time, so
 * that `drover check` and a start agree. Each returns why not, or null.
 * Passed in by the caller: the config layer does not reach into the engine.
 */
export interface HostLookups {
  user(user: string): string | null;
  directory(dir: string): string | null;
  executable(command: string, cwd: string, envPath: string | undefined): string | null;
}

/**
 * A valid config can still name a user, a folder or a command this machine
 * does not have; the program would then go FATAL at its first start. These
 * are warnings, not errors: a config is often checked on another machine
 * than the one it runs on. Only the command's first word is looked for: what
 * a shell (`sh -c '…'`) runs is the shell's business.
 */
export function checkHost(config: Config, env: NodeJS.ProcessEnv, lookups: HostLookups): ConfigIssue[] {
  return config.programs.flatMap((program) => checkProgram(config, program, env, lookups));
}

function checkProgram(config: Config, program: ProgramConfig, env: NodeJS.ProcessEnv, lookups: HostLookups): ConfigIssue[] {
  const base = ['programs', program.name];
  const issues: ConfigIssue[] = [];
  const warn = (path: (string | number)[], reason: string | null): void => {
    if (reason !== null) issues.push(issue([...base, ...path], cannotStartHere(reason)));
  };
  if (program.user !== null) warn(['user'], lookups.user(program.user));
  const cwd = program.directory ?? config.dir;
  if (program.directory !== null) warn(['directory'], lookups.directory(program.directory));
  const [command] = program.command;
  // Empty for `app:` programs: drover runs its own worker runtime.
  if (command !== undefined) {
    const vars = buildTemplateVars(program, program.numprocsStart, groupNameOf(config.groups, program.name), config.dir, env);
    const pathValue = program.environment.PATH;
    const envPath = pathValue === undefined ? env.PATH : expandTemplate(pathValue, vars);
    warn(['command', 0], lookups.executable(expandTemplate(command, vars), cwd, envPath));
  }
  return issues;
}
