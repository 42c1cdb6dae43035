import path from 'node:path';
import { NAME_PATTERN } from '../config/index.js';
import { formatCommand } from './format-command.js';
import type { ImportedProgram } from './imported-config.js';
import { warningAt, type ImportWarning } from './import-warning.js';
import { invalidProgramName, noCommand, notImported, optionNotImported, unknownProgramOption } from './import-messages.js';
import { expandPercent, type Segment } from './percent-expansion.js';
import { readCommand } from './program-command.js';
import { FCGI_OPTIONS, PROGRAM_RULES, applyRule, type ScopeOf } from './program-options.js';
import { renderSegments } from './render-value.js';
import type { IniOption, IniSection } from './supervisord-ini.js';
import { toPrefork } from './supervisord-prefork.js';
import { readEnvironmentPairs } from './supervisord-values.js';

export type ProgramKind = 'program' | 'fcgi-program';

type ScopeFactory = (option: IniOption, env: ReadonlyMap<string, Segment[]>) => ScopeOf;
type Warn = (at: { file: string; line: number }, message: string) => void;

export interface ProgramContext {
  /** The `[group:x]` holding the program, else its own name (supervisord's `%(group_name)s`). */
  groupName: string;
  /** `[supervisord] environment`: every program gets it, and `%(ENV_X)s` reads it. */
  globalEnv: ReadonlyMap<string, Segment[]>;
  /** `[supervisord] directory` and `umask`, which a program without its own inherits. */
  inherited: { directory?: string; umask?: string };
  prefork: boolean;
}

/** One `[program:x]` or `[fcgi-program:x]` as a programs.yaml program, and what did not carry over. */
export function mapProgram(section: IniSection, kind: ProgramKind, context: ProgramContext): { program: ImportedProgram | null; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  const warn: Warn = (at, message) => warnings.push(warningAt(at.file, at.line, message));
  const written = section.name.slice(kind.length + 1).trim();
  const name = NAME_PATTERN.test(written) ? written : written.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (name !== written) warn(section, invalidProgramName(written, name));
  const scopeOf: ScopeFactory = (option, env) => (perProcess) => ({
    here: path.dirname(option.file),
    programName: written,
    groupName: context.groupName,
    perProcess,
    env,
  });

  const ownEnv = readOwnEnvironment(section.options.get('environment'), context.globalEnv, scopeOf, warn);
  // command and the log files also see the program's own environment as %(ENV_X)s.
  const processEnv = new Map([...context.globalEnv, ...ownEnv]);
  const options: Record<string, unknown> = {};

  const commandOption = section.options.get('command');
  if (commandOption === undefined) {
    warn(section, noCommand(section.name));
    return { program: null, warnings };
  }
  const command = readCommand(commandOption.value, scopeOf(commandOption, processEnv)(true));
  for (const note of command.ok ? command.notes : []) warn(commandOption, note);
  if (!command.ok) {
    warn(commandOption, notImported(section.name, command.message));
    return { program: null, warnings };
  }
  options.command = formatCommand(command.argv, command.text);
  readOtherOptions(
    section,
    kind,
    options,
    (option) => {
      const usesProcessEnv = option.name === 'process_name' || option.name.endsWith('_logfile');
      return scopeOf(option, usesProcessEnv ? processEnv : context.globalEnv);
    },
    warn,
  );
  if (processEnv.size > 0) {
    options.environment = Object.fromEntries([...processEnv].map(([key, segments]) => [key, renderSegments(segments, 'template')]));
  }
  if (options.directory === undefined && context.inherited.directory !== undefined) options.directory = context.inherited.directory;
  if (options.umask === undefined && context.inherited.umask !== undefined) options.umask = context.inherited.umask;

  const preforked = toPrefork({ kind, section, options, argv: command.argv, scopeOf: (option) => scopeOf(option, context.globalEnv)(false), prefork: context.prefork });
  warnings.push(...preforked.warnings);
  return {
    program: { name, origin: { label: `[${section.name}]`, file: section.file, line: section.line }, options: preforked.options },
    warnings,
  };
}

/** Every option but command and environment, by its rule; what cannot carry over is a warning at its line. */
function readOtherOptions(section: IniSection, kind: ProgramKind, options: Record<string, unknown>, scopeOf: (option: IniOption) => ScopeOf, warn: Warn): void {
  for (const option of section.options.values()) {
    const rule = PROGRAM_RULES[option.name];
    if (rule === undefined) {
      if (!(kind === 'fcgi-program' && FCGI_OPTIONS.has(option.name))) warn(option, unknownProgramOption(option.name));
      continue;
    }
    const outcome = applyRule(option.name, option.value, rule, scopeOf(option));
    for (const note of outcome.notes) warn(option, note);
    if (outcome.failure !== undefined) warn(option, outcome.failure);
    else if (outcome.value !== undefined) options[option.name] = outcome.value;
  }
}

/** `environment=KEY="v",…`: each value converted like any per-process option. */
function readOwnEnvironment(option: IniOption | undefined, globalEnv: ReadonlyMap<string, Segment[]>, scopeOf: ScopeFactory, warn: Warn): Map<string, Segment[]> {
  const env = new Map<string, Segment[]>();
  if (option === undefined) return env;
  const pairs = readEnvironmentPairs(option.value);
  if (!pairs.ok) {
    warn(option, optionNotImported('environment', pairs.message));
    return env;
  }
  for (const [key, value] of pairs.value) {
    const expansion = expandPercent(value, scopeOf(option, globalEnv)(true));
    for (const note of expansion.notes) warn(option, note);
    if (expansion.failure !== null) warn(option, optionNotImported(`environment ${key}`, expansion.failure));
    else env.set(key, expansion.segments);
  }
  return env;
}
