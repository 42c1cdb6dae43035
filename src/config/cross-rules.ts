import { checkBindAddresses } from './check-binds.js';
import { issue, type ConfigIssue } from './config-issue.js';
import { didYouMean } from '../text/did-you-mean.js';
import { findDependencyCycles } from './dependency-cycles.js';
import { expandTemplate, findTemplateKeys } from './expand-template.js';
import {
  dependencyCycle,
  groupNamedLikeProgram,
  preforkProcessNameWithoutNumber,
  processNameTaken,
  processNameWithoutNumber,
  unknownDependency,
  unknownGroupMember,
} from './messages.js';
import { buildTemplateVars, groupNameOf } from './template-vars.js';
import type { ProgramConfig } from './types.js';

export interface CrossRuleInput {
  /** Programs that passed validation. */
  programs: readonly ProgramConfig[];
  /** Every program name in the file, including ones that failed validation. */
  programNames: readonly string[];
  /** null when `groups:` itself was invalid. */
  groups: Record<string, string[]> | null;
  dir: string;
  env: NodeJS.ProcessEnv;
}

/** Rules that span options or programs. All are checked; every problem is returned. */
export function checkCrossRules(input: CrossRuleInput): ConfigIssue[] {
  return [
    ...checkDependencies(input),
    ...checkDependencyCycles(input.programs),
    ...checkGroups(input),
    ...checkProcessNameTemplates(input.programs),
    ...checkProcessNameCollisions(input),
    ...checkBindAddresses(input.programs),
  ];
}

function checkDependencies({ programs, programNames }: CrossRuleInput): ConfigIssue[] {
  return programs.flatMap((program) =>
    program.dependsOn.flatMap((name, index) =>
      programNames.includes(name) ? [] : [issue(['programs', program.name, 'depends_on', index], unknownDependency(name, didYouMean(name, programNames)))],
    ),
  );
}

/** Each cycle is reported at every depends_on entry on it, starting from that program. */
function checkDependencyCycles(programs: readonly ProgramConfig[]): ConfigIssue[] {
  const graph = new Map(programs.map((program) => [program.name, program.dependsOn]));
  return findDependencyCycles(graph).flatMap((cycle) => {
    const ring = cycle.slice(0, -1);
    return ring.map((name, at) => {
      const rotated = [...ring.slice(at), ...ring.slice(0, at), name];
      const index = graph.get(name)!.indexOf(rotated[1]!);
      return issue(['programs', name, 'depends_on', index], dependencyCycle(rotated));
    });
  });
}

function checkGroups({ groups, programNames }: CrossRuleInput): ConfigIssue[] {
  if (groups === null) return [];
  return Object.entries(groups).flatMap(([group, members]) => [
    ...(programNames.includes(group) ? [issue(['groups', group], groupNamedLikeProgram(group), 'key')] : []),
    ...members.flatMap((member, index) => (programNames.includes(member) ? [] : [issue(['groups', group, index], unknownGroupMember(member, didYouMean(member, programNames)))])),
  ]);
}

/** Several processes need %(process_num) to get distinct names; prefork workers always may be several. */
function checkProcessNameTemplates(programs: readonly ProgramConfig[]): ConfigIssue[] {
  return programs.flatMap((program) => {
    const prefork = program.prefork !== null;
    if (!program.processNameExplicit || (program.numprocs <= 1 && !prefork)) return [];
    if (safeKeys(program.processName).includes('process_num')) return [];
    const message = prefork ? preforkProcessNameWithoutNumber(program.processName) : processNameWithoutNumber(program.processName, program.numprocs);
    return [issue(['programs', program.name, 'process_name'], message)];
  });
}

/**
 * Expands every process's full name (`group:process`, the group being the
 * program itself outside a group) and reports names already taken by an
 * earlier program: ctl, log files and the view key on them. As in
 * supervisord, two programs may share a process_name when their groups differ.
 */
function checkProcessNameCollisions({ programs, groups, dir, env }: CrossRuleInput): ConfigIssue[] {
  const owners = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  for (const program of programs) {
    const group = groupNameOf(groups ?? {}, program.name);
    const reported = new Set<string>();
    for (let num = program.numprocsStart; num < program.numprocsStart + program.numprocs; num++) {
      const name = safeExpand(program.processName, buildTemplateVars(program, num, group, dir, env));
      if (name === undefined) break;
      const fullName = `${group}:${name}`;
      const owner = owners.get(fullName);
      if (owner === undefined) owners.set(fullName, program.name);
      else if (owner !== program.name && !reported.has(owner)) {
        reported.add(owner);
        const path = program.processNameExplicit ? ['programs', program.name, 'process_name'] : ['programs', program.name];
        issues.push(issue(path, processNameTaken(fullName, owner), program.processNameExplicit ? 'value' : 'key'));
      }
    }
  }
  return issues;
}

// Template problems are reported by checkTemplates; here they only mean
// "cannot tell", never a second error.
function safeKeys(template: string): string[] {
  try {
    return findTemplateKeys(template);
  } catch {
    return [];
  }
}

function safeExpand(template: string, vars: Record<string, string | number>): string | undefined {
  try {
    return expandTemplate(template, vars);
  } catch {
    return undefined;
  }
}
