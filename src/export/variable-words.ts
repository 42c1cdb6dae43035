import { type Config, type InterpolatedValue, type ProgramConfig, splitCommand, type VariableReference } from '../config/index.js';
import type { ExportTarget } from './carry-over.js';
import { programMessage } from './program-facts.js';

/**
 * The `${VAR}`s of a program as written, so that an export can keep them as
 * variables of the target instead of the values they had at export time.
 * drover replaces them before it reads the config; the loader keeps the
 * text as written beside the values (config.variables).
 */

export type WordPart = { kind: 'text'; text: string } | { kind: 'variable'; reference: VariableReference };

/**
 * One word of a command, in parts. `split`: the word is a bare `${VAR}`, so
 * drover split its value into words (none when it is empty) as it split the
 * command line; a reference inside a word or in quotes stays in that word.
 */
export interface Word {
  parts: WordPart[];
  split: boolean;
}

/** An option of the program that held a `${VAR}`: `command`, `environment.KEY`, `numprocs`… */
export interface VariableUse {
  option: string;
  value: InterpolatedValue;
}

export function variableUses(config: Config, program: ProgramConfig): VariableUse[] {
  return config.variables
    .filter((value) => value.path[0] === 'programs' && value.path[1] === program.name && value.path.length > 2)
    .map((value) => ({ option: optionOf(value.path.slice(2)), value }));
}

function optionOf(path: readonly (string | number)[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

/** The text as written in parts: `$$` is a literal `$`, each `${…}` its reference. */
export function partsOf(value: InterpolatedValue): WordPart[] {
  const parts: WordPart[] = [];
  const references = [...value.references];
  let text = '';
  let i = 0;
  const raw = value.raw;
  while (i < raw.length) {
    if (raw.startsWith('$$', i)) {
      text += '$';
      i += 2;
    } else if (raw.startsWith('${', i) && raw.indexOf('}', i) !== -1 && references.length > 0) {
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'variable', reference: references.shift()! });
      i = raw.indexOf('}', i) + 1;
    } else {
      text += raw[i];
      i += 1;
    }
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return parts;
}

/** What drover made of the parts: the text it ran. */
export function resolvedText(parts: readonly WordPart[]): string {
  return parts.map((part) => (part.kind === 'text' ? part.text : part.reference.value)).join('');
}

export function hasVariable(parts: readonly WordPart[]): boolean {
  return parts.some((part) => part.kind === 'variable');
}

// Stands for the nth reference while the command line is split; no command holds it.
const MARK = '\u0001';

/**
 * The command's words with their variables, or null when the command has
 * none, or when its words cannot be matched with what drover split (then the
 * export writes the values, and says so).
 */
export function commandWords(config: Config, program: ProgramConfig): Word[] | null {
  const uses = variableUses(config, program).filter((use) => use.option === 'command' || use.option.startsWith('command['));
  if (uses.length === 0) return null;
  const whole = uses.find((use) => use.option === 'command');
  const words = whole ? splitWords(partsOf(whole.value)) : listWords(program.command, uses);
  return words !== null && sameArgv(words, program.command) ? words : null;
}

function listWords(command: readonly string[], uses: VariableUse[]): Word[] {
  return command.map((word, i) => {
    const use = uses.find((candidate) => candidate.option === `command[${i}]`);
    return { parts: use ? partsOf(use.value) : [{ kind: 'text', text: word }], split: false };
  });
}

/** Splits the line as drover does, with each reference held in place by a mark. */
function splitWords(parts: WordPart[]): Word[] | null {
  const references = parts.flatMap((part) => (part.kind === 'variable' ? [part.reference] : []));
  let line = '';
  let n = 0;
  for (const part of parts) line += part.kind === 'text' ? part.text : `${MARK}${n++}${MARK}`;
  if (line.includes(`${MARK}${MARK}`)) return null;
  const split = splitCommand(line);
  if (!split.ok) return null;
  const bare = new Set<number>();
  for (const match of line.matchAll(new RegExp(`(?<=^|\\s)${MARK}(\\d+)${MARK}(?=\\s|$)`, 'g'))) bare.add(Number(match[1]));
  return split.value.map((word) => {
    const pieces = word.split(MARK);
    const wordParts: WordPart[] = pieces.flatMap((piece, i): WordPart[] => {
      if (i % 2 === 1) return [{ kind: 'variable', reference: references[Number(piece)]! }];
      return piece === '' ? [] : [{ kind: 'text', text: piece }];
    });
    const only = pieces.length === 3 && pieces[0] === '' && pieces[2] === '' ? Number(pieces[1]) : null;
    return { parts: wordParts, split: only !== null && bare.has(only) };
  });
}

/** The argv the words give with the values of export time, as drover split it. */
function sameArgv(words: Word[], argv: readonly string[]): boolean {
  const resolved = words.flatMap((word) => (word.split ? splitValue(resolvedText(word.parts)) : [resolvedText(word.parts)]));
  return resolved.length === argv.length && resolved.every((word, i) => word === argv[i]);
}

/** The words drover makes of a bare `${VAR}`'s value. */
export function splitValue(value: string): string[] {
  if (value.trim() === '') return [];
  const split = splitCommand(value);
  return split.ok ? split.value : [value];
}

/** The environment values that held a variable, by name. */
export function environmentParts(config: Config, program: ProgramConfig): Map<string, WordPart[]> {
  const parts = new Map<string, WordPart[]>();
  for (const use of variableUses(config, program)) {
    const [option, name] = use.value.path.slice(2);
    if (option === 'environment' && typeof name === 'string' && use.value.path.length === 4) parts.set(name, partsOf(use.value));
  }
  return parts;
}

/** `${NAME}` or `${NAME:-default}`, as written. */
export function referenceText(reference: VariableReference): string {
  return reference.fallback === null ? `\${${reference.name}}` : `\${${reference.name}:-${reference.fallback}}`;
}

const TARGET_NAMES: Record<ExportTarget, string> = { systemd: 'a systemd unit', compose: 'a compose file', kubernetes: 'a Kubernetes manifest' };

/** The warning for an option whose `${VAR}`s the target cannot keep: the value of export time is written. */
export function resolvedWarning(program: ProgramConfig, use: VariableUse, target: ExportTarget): string {
  const references = use.value.references.map(referenceText).join(', ');
  const value = resolvedText(partsOf(use.value));
  return programMessage(program, use.option, `${references} resolved at export time to ${JSON.stringify(value)}: ${TARGET_NAMES[target]} cannot keep a variable here`);
}

/** Each variable once, in order of first use. */
export function uniqueReferences(references: Iterable<VariableReference>): VariableReference[] {
  const seen = new Map<string, VariableReference>();
  for (const reference of references) if (!seen.has(reference.name)) seen.set(reference.name, reference);
  return [...seen.values()];
}

export function referencesOf(parts: readonly WordPart[]): VariableReference[] {
  return parts.flatMap((part) => (part.kind === 'variable' ? [part.reference] : []));
}
