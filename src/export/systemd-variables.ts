import type { Config, ProgramConfig, VariableReference } from '../config/index.js';
import { programMessage } from './program-facts.js';
import { environmentAssignment, escapeSpecifiers, type UnitEntry } from './unit-text.js';
import { commandWords, environmentParts, referencesOf, resolvedWarning, uniqueReferences, variableUses, type Word, type WordPart } from './variable-words.js';

/**
 * A program's `${VAR}`s in its systemd unit. systemd fills in `${VAR}` (one
 * argument) and `$VAR` (split at whitespace) in ExecStart=, from the unit's
 * environment, which EnvironmentFile= reads when the unit starts. It has no
 * defaults, so a `${VAR:-default}` sets VAR with Environment=, which the file
 * overrides. Environment= itself fills nothing in: a value is kept as a
 * variable only when it is the variable of the same name (`KEY: ${KEY}`).
 */
export interface SystemdVariables {
  /** The command's words, or null when it holds no variable (or its words could not be matched). */
  words: Word[] | null;
  /** Environment names whose value comes from the file. */
  keptEnvironment: Set<string>;
  /** Environment= for the defaults, and EnvironmentFile=. */
  entries: UnitEntry[];
  comments: string[];
  warnings: string[];
}

/** Where a program's unit reads its variables from. */
export function environmentFileOf(program: ProgramConfig): string {
  return `/etc/drover/${program.name}.env`;
}

export function systemdVariables(config: Config, program: ProgramConfig): SystemdVariables {
  const words = program.prefork?.app ? null : commandWords(config, program);
  const keptEnvironment = new Set<string>();
  const references: VariableReference[] = words === null ? [] : words.flatMap((word) => referencesOf(word.parts));
  for (const [name, parts] of environmentParts(config, program)) {
    if (!isOwnVariable(name, parts)) continue;
    keptEnvironment.add(name);
    references.push(...referencesOf(parts));
  }
  const warnings = variableUses(config, program)
    .filter(
      (use) => !(words !== null && use.option.startsWith('command')) && !(use.option.startsWith('environment.') && keptEnvironment.has(use.option.slice('environment.'.length))),
    )
    .map((use) => resolvedWarning(program, use, 'systemd'));
  const variables = uniqueReferences(references);
  if (variables.length === 0) return { words, keptEnvironment, entries: [], comments: [], warnings };

  const file = environmentFileOf(program);
  // Without a default, the value must come from the file: a missing file stops the start, as an unset ${VAR} stops drover.
  const required = variables.some((reference) => reference.fallback === null);
  const names = variables.map((reference) => reference.name).join(', ');
  const entries: UnitEntry[] = variables.flatMap((reference): UnitEntry[] =>
    reference.fallback === null ? [] : [['Environment', environmentAssignment(reference.name, escapeSpecifiers(reference.fallback))]],
  );
  entries.push(['EnvironmentFile', `${required ? '' : '-'}${escapeSpecifiers(file)}`]);
  const comments = [
    `Variables of the config, read when the unit starts from ${file} (KEY=value lines${required ? '; the file must exist' : '; optional, it overrides the defaults set here'}):`,
    names,
  ];
  warnings.push(
    programMessage(
      program,
      '',
      required
        ? `its unit reads ${names} from ${file} when it starts: write ${variables.length === 1 ? 'it' : 'them'} there (the unit does not start without the file)`
        : `its unit reads ${names} from ${file} when that file exists, else uses the defaults of the config`,
    ),
  );
  return { words, keptEnvironment, entries, comments, warnings };
}

/** `KEY: ${KEY}` (or with a default): the unit's environment has it already, from the file. */
function isOwnVariable(name: string, parts: readonly WordPart[]): boolean {
  const [only, ...rest] = parts;
  return rest.length === 0 && only?.kind === 'variable' && only.reference.name === name;
}
