import type { z } from 'zod';
import { issue, type ConfigIssue, type OptionPath } from './config-issue.js';
import { checkLeadingAssignments } from './check-command-assignments.js';
import { didYouMean } from '../text/did-you-mean.js';
import {
  BIND_FORMS,
  COMMAND_AND_APP,
  CPU_WINDOW_WITHOUT_MAX_CPU,
  NO_COMMAND_OR_APP,
  NO_PROGRAMS,
  NUMPROCS_ON_PREFORK,
  READY_WHEN_WITH_APP,
  RELOAD_SIGNAL_ON_PREFORK,
  expectedGot,
  invalidName,
  jitterWithoutMaxRequests,
  missingOption,
  notForOneshot,
  ONESHOT_EXCLUDED,
  preforkOnly,
  probeOnPrefork,
  unknownOption,
} from './messages.js';
import { parseCommand } from './split-command.js';
import {
  PREFORK_OPTIONS,
  PROGRAM_OPTIONS,
  ROOT_OPTIONS,
  SUPERVISOR_OPTIONS,
  groupsSchema,
  programSchema,
  rootSchema,
  supervisorSchema,
  type RawProgram,
  type RawSupervisor,
} from './schema.js';

export const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

export interface ValidatedConfig {
  /** null when the section is invalid (its problems are in the issues). */
  supervisor: RawSupervisor | null;
  groups: Record<string, string[]> | null;
  /** Programs that passed validation, in file order. */
  programs: { name: string; raw: RawProgram }[];
  /** Every program name written, valid or not, so cross-rules don't call a broken program "unknown". */
  programNames: string[];
}

/**
 * Validates the interpolated YAML tree section by section and program by
 * program, so one broken program does not hide the problems of the others.
 */
export function validateConfig(root: Record<string, unknown>): { value: ValidatedConfig; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const checkedRoot = rootSchema.safeParse(withoutExtensions(root));
  if (!checkedRoot.success) issues.push(...zodIssues(checkedRoot.error, [], ROOT_OPTIONS));

  const supervisor = parseSection(supervisorSchema, root.supervisor ?? {}, ['supervisor'], SUPERVISOR_OPTIONS, issues);
  const groups = parseSection(groupsSchema, root.groups ?? {}, ['groups'], [], issues);
  if (groups !== null) issues.push(...checkNames('group', Object.keys(groups), ['groups']));

  const programs: ValidatedConfig['programs'] = [];
  const written = root.programs;
  if (written === undefined || written === null) {
    issues.push(issue(['programs'], NO_PROGRAMS, 'key'));
  } else if (!isMapping(written)) {
    issues.push(issue(['programs'], expectedGot('a mapping of program names to their options', written)));
  } else if (Object.keys(written).length === 0) {
    issues.push(issue(['programs'], 'expected at least one program under programs:, got an empty mapping'));
  }
  const entries = isMapping(written) ? Object.entries(written) : [];
  issues.push(
    ...checkNames(
      'program',
      entries.map(([name]) => name),
      ['programs'],
    ),
  );
  for (const [name, value] of entries) {
    const path = ['programs', name];
    const misfits = isMapping(value) ? [...checkOptionsForType(value, path), ...checkOptionPairs(value, path)] : [];
    const parsed = programSchema.safeParse(value);
    if (!parsed.success) issues.push(...zodIssues(parsed.error, path, PROGRAM_OPTIONS));
    if (parsed.success) misfits.push(...checkPreforkValues(parsed.data, path), ...checkLeadingAssignments(parsed.data, value as Record<string, unknown>, path));
    issues.push(...misfits);
    if (parsed.success && misfits.length === 0 && NAME_PATTERN.test(name)) programs.push({ name, raw: parsed.data });
  }
  return { value: { supervisor, groups, programs, programNames: entries.map(([name]) => name) }, issues };
}

function parseSection<T>(schema: z.ZodType<T>, value: unknown, path: OptionPath, known: readonly string[], issues: ConfigIssue[]): T | null {
  // `supervisor:` with nothing under it is an empty section, not a type error.
  const parsed = schema.safeParse(value === null ? {} : value);
  if (parsed.success) return parsed.data;
  issues.push(...zodIssues(parsed.error, path, known));
  return null;
}

/** zod issues → ConfigIssues; unknown keys become one issue each, at the key, with a suggestion. */
function zodIssues(error: z.ZodError, prefix: OptionPath, known: readonly string[]): ConfigIssue[] {
  return error.issues.flatMap((zodIssue) => {
    const path = [...prefix, ...zodIssue.path.map((s) => (typeof s === 'number' ? s : String(s)))];
    if (zodIssue.code === 'unrecognized_keys') {
      return zodIssue.keys.map((key) => issue([...path, key], unknownOption(key, didYouMean(key, known)), 'key'));
    }
    // Parsers of structured values (bind entries, ready_when) say whether a
    // problem is best shown at a nested key, e.g. an unknown one.
    const at = zodIssue.code === 'custom' && zodIssue.params?.at === 'key' ? 'key' : 'value';
    return [issue(path, zodIssue.message, at)];
  });
}

/**
 * Which options a program must have, and may not have, depending on its
 * type. Works on the written mapping, so these are reported even when a
 * value elsewhere in the program is invalid.
 */
function checkOptionsForType(program: Record<string, unknown>, path: OptionPath): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const has = (option: string) => program[option] !== undefined;
  if (program.type === 'oneshot') {
    for (const option of ONESHOT_EXCLUDED) if (option in program) issues.push(issue([...path, option], notForOneshot(option), 'key'));
  }
  if (program.type === undefined || program.type === 'plain' || program.type === 'oneshot') {
    // Same wording as a `command:` written with nothing after it.
    const noCommand = parseCommand(undefined);
    if (!has('command') && !noCommand.ok) issues.push(issue([...path, 'command'], noCommand.message));
    for (const option of PREFORK_OPTIONS) {
      if (option in program) issues.push(issue([...path, option], preforkOnly(option), 'key'));
    }
  } else if (program.type === 'prefork') {
    if (!has('command') && !has('app')) issues.push(issue(path, NO_COMMAND_OR_APP, 'key'));
    if (has('command') && has('app')) issues.push(issue([...path, 'app'], COMMAND_AND_APP, 'key'));
    if (!has('bind')) issues.push(issue([...path, 'bind'], missingOption(`${BIND_FORMS}, or a list of them`)));
    if ('numprocs' in program) issues.push(issue([...path, 'numprocs'], NUMPROCS_ON_PREFORK, 'key'));
    if (has('ready_when') && has('app')) issues.push(issue([...path, 'ready_when'], READY_WHEN_WITH_APP, 'key'));
    for (const probe of ['readiness', 'liveness'] as const) {
      if (probe in program) issues.push(issue([...path, probe], probeOnPrefork(probe), 'key'));
    }
    if ('reload_signal' in program) issues.push(issue([...path, 'reload_signal'], RELOAD_SIGNAL_ON_PREFORK, 'key'));
  }
  // Any other type is reported by the schema; which options it allows is moot.
  return issues;
}

/** Options that only mean something beside another one. */
function checkOptionPairs(program: Record<string, unknown>, path: OptionPath): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if ('max_cpu_window' in program && !('max_cpu' in program)) {
    issues.push(issue([...path, 'max_cpu_window'], CPU_WINDOW_WITHOUT_MAX_CPU, 'key'));
  }
  return issues;
}

/** Rules between values of a prefork program that parsed. */
function checkPreforkValues(raw: RawProgram, path: OptionPath): ConfigIssue[] {
  if (raw.type !== 'prefork') return [];
  const issues: ConfigIssue[] = [];
  if ((raw.max_requests_jitter ?? 0) > 0 && (raw.max_requests ?? 0) === 0) {
    issues.push(issue([...path, 'max_requests_jitter'], jitterWithoutMaxRequests(raw.max_requests)));
  }
  return issues;
}

function checkNames(kind: 'program' | 'group', names: string[], path: OptionPath): ConfigIssue[] {
  return names.filter((name) => !NAME_PATTERN.test(name)).map((name) => issue([...path, name], invalidName(kind, name), 'key'));
}

/**
 * Top-level `x-…` keys are ignored, as in docker compose, so shared options
 * can live under an anchor (`x-defaults: &defaults`) and be merged with `<<:`.
 */
function withoutExtensions(root: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(root).filter(([key]) => !key.startsWith('x-')));
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
