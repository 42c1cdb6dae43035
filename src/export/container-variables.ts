import type { VariableReference } from '../config/index.js';
import type { ContainerProgram } from './container-programs.js';
import { programMessage } from './program-facts.js';
import { hasVariable, referencesOf, referenceText, resolvedWarning, splitValue, uniqueReferences, type Word, type WordPart } from './variable-words.js';

/**
 * A container's command and environment with their `${VAR}`s kept. Compose
 * fills in `${VAR}` (and `${VAR:-default}`) everywhere in the file, from its
 * own environment and .env, so every other `$` is written `$$`. Kubernetes
 * fills in `$(VAR)` in the command and in env values from the container's
 * env entries, so each variable gets one, and a literal `$(` is `$$(`.
 */

/** A literal string for a compose file. */
export function composeLiteral(text: string): string {
  return text.replaceAll('$', '$$$$');
}

function composeParts(parts: readonly WordPart[]): string {
  return parts
    .map((part) =>
      part.kind === 'text'
        ? composeLiteral(part.text)
        : referenceText({ ...part.reference, fallback: part.reference.fallback === null ? null : composeLiteral(part.reference.fallback) }),
    )
    .join('');
}

/**
 * The compose command: an argv list, or, when a bare `${VAR}` stands for
 * words (which drover split), a command line, which compose splits as a
 * shell would after filling the variables in.
 */
export function composeCommand(container: ContainerProgram): string[] | string {
  const words = container.commandWords;
  if (words === null) return container.command.map(composeLiteral);
  if (!words.some((word) => word.split)) return words.map((word) => composeParts(word.parts));
  return words.map(composeWord).join(' ');
}

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

function composeWord(word: Word): string {
  if (word.split) return composeParts(word.parts);
  if (!hasVariable(word.parts)) {
    const text = composeParts(word.parts);
    return PLAIN.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
  }
  // Double quotes: the variable is filled in and the word stays one argument.
  return `"${composeParts(word.parts).replace(/["\\`]/g, (char) => `\\${char}`)}"`;
}

export function composeEnvironment(container: ContainerProgram): Record<string, string> {
  return Object.fromEntries(container.env.map(([name, value]) => [name, composeParts(container.environmentParts.get(name) ?? [{ kind: 'text', text: value }])]));
}

function kubernetesParts(parts: readonly WordPart[]): string {
  return parts.map((part) => (part.kind === 'text' ? part.text.replaceAll('$(', '$$$$(') : `$(${part.reference.name})`)).join('');
}

/**
 * The Kubernetes command, `$(VAR)` in place of each `${VAR}`. `$(VAR)` is
 * always one argument: a bare `${VAR}` that held other than one word at
 * export time is written as the words drover made of it, and said.
 */
export function kubernetesCommand(container: ContainerProgram, warnings: string[]): string[] {
  const words = container.commandWords;
  if (words === null) return container.command.map((word) => word.replaceAll('$(', '$$$$('));
  return words.flatMap((word) => {
    const [only] = word.parts;
    if (!word.split || only?.kind !== 'variable') return [kubernetesParts(word.parts)];
    const split = splitValue(only.reference.value);
    if (split.length === 1) return [kubernetesParts(word.parts)];
    const drover = split.length === 0 ? 'no argument' : `${split.length} arguments`;
    warnings.push(
      programMessage(
        container.program,
        'command',
        `${referenceText(only.reference)} stands for whole words, ${drover} now, but Kubernetes passes $(${only.reference.name}) as one argument: its value at export time is written instead`,
      ),
    );
    return split.map((text) => text.replaceAll('$(', '$$$$('));
  });
}

/**
 * env entries: first each variable the command or a value refers to (with
 * the value it had at export time), as Kubernetes fills in `$(VAR)` from
 * entries before; then the program's environment.
 */
export function kubernetesEnv(container: ContainerProgram, names: readonly string[]): { name: string; value: string }[] {
  const own = new Set(names);
  const references: VariableReference[] = [
    ...(container.commandWords ?? []).flatMap((word) => referencesOf(word.parts)),
    ...[...container.environmentParts.values()].flatMap(referencesOf),
  ];
  const variables = uniqueReferences(references).filter((reference) => !own.has(reference.name));
  const entries = variables.map((reference) => ({ name: reference.name, value: reference.value }));
  for (const [name, value] of container.env.filter(([key]) => own.has(key))) {
    const parts = container.environmentParts.get(name);
    const [only, ...rest] = parts ?? [];
    // `KEY: ${KEY}`: the entry is the variable itself.
    if (only?.kind === 'variable' && only.reference.name === name && rest.length === 0) entries.push({ name, value: only.reference.value });
    else entries.push({ name, value: parts ? kubernetesParts(parts) : value.replaceAll('$(', '$$$$(') });
  }
  return entries;
}

/** Warnings for the options whose variables the container files do not keep (all but command and environment). */
export function containerVariableWarnings(container: ContainerProgram, target: 'compose' | 'kubernetes'): string[] {
  return container.variableUses
    .filter((use) => !(use.option.startsWith('environment.') || (container.commandWords !== null && use.option.startsWith('command'))))
    .map((use) => resolvedWarning(container.program, use, target));
}
