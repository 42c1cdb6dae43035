import { buildTemplateVars, type Config, expandTemplate, groupNameOf, type ProgramConfig } from '../config/runtime.js';

let envSnapshot: Record<string, string> | null = null;

/**
 * drover's own environment as a plain object, read once: every property read
 * of `process.env` is a getenv() call, and starting 1,000 processes reads it
 * 1,000 times over. drover never changes its own environment while it runs.
 */
export function supervisorEnv(): Readonly<Record<string, string>> {
  if (!envSnapshot) {
    envSnapshot = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) envSnapshot[key] = value;
    // Frozen: template values derived from it are computed once (template-vars.ts).
    Object.freeze(envSnapshot);
  }
  return envSnapshot;
}

/** The values supervisord's `%(name)s` templates may use, for one process. */
export function templateVars(config: Config, program: ProgramConfig, num: number, group: string): Record<string, string | number> {
  return buildTemplateVars(program, num, group, config.dir, supervisorEnv());
}

/** The process part of the name of a program's process number `num`, and the group it belongs to. */
export function nameProcess(config: Config, program: ProgramConfig, num: number): { processName: string; group: string } {
  const group = groupNameOf(config.groups, program.name);
  return { processName: processNameFor(config, program, num, group), group };
}

/**
 * The process part of `group:process`. A template without %(process_num)
 * can only name one process; when a program is scaled past one, the extras get
 * the usual `_NN` suffix so names stay unique and the first keeps its name.
 */
export function processNameFor(config: Config, program: ProgramConfig, num: number, group: string): string {
  const name = expandTemplate(program.processName, templateVars(config, program, num, group));
  if (program.processName.includes('process_num') || num === program.numprocsStart) return name;
  return `${name}_${String(num).padStart(2, '0')}`;
}
