import { expandTemplate, type Config, type ProgramConfig } from '../config/index.js';
import { resolveExecutable } from '../os/program-paths.js';
import type { ExportContext } from './export-context.js';
import { programMessage, workingDirectory } from './program-facts.js';
import { expandForUnit } from './unit-templates.js';
import { escapeSpecifiers, execLine, quoteDollarSafeWord } from './unit-text.js';
import { hasVariable, type Word } from './variable-words.js';

/** The engine hands a prefork worker its first socket as fd 3 and writes that for `{fd}`; systemd's Sockets= does the same. */
const FIRST_SOCKET_FD = '3';

/**
 * ExecStart= of a program's template unit. systemd wants an absolute
 * executable (and searches a fixed PATH otherwise), so the command is found
 * now, in the PATH the program would get from drover, as the engine finds it.
 * A command written as `sh -c '…'` stays that: the shell line is one word,
 * its `$` escaped so that systemd leaves it to the shell.
 */
export function programExecStart(
  config: Config,
  program: ProgramConfig,
  vars: Record<string, string | number>,
  context: ExportContext,
  words: Word[] | null,
  warnings: string[],
): string {
  if (program.prefork?.app) {
    // drover's own worker runtime, which takes the sockets systemd passes (LISTEN_FDS) as it takes the master's.
    return execLine([context.node, context.workerMain, program.prefork.app].map(escapeSpecifiers));
  }
  if (words !== null) return variableExecLine(config, program, words, vars, context, warnings);
  let unitWords = program.command.map((token) => expandForUnit(token, vars));
  if (program.prefork) unitWords = unitWords.map((word) => word.replaceAll('{fd}', FIRST_SOCKET_FD));
  const [command, ...args] = unitWords;
  return execLine([...absoluteCommand(config, program, command!, vars, context, warnings), ...args]);
}

/**
 * A command holding `${VAR}`s: a bare one is `$VAR`, which systemd splits at
 * whitespace as drover split the value; one inside a word is `${VAR}`. The
 * executable cannot be a variable in ExecStart=, so /usr/bin/env runs it.
 */
function variableExecLine(config: Config, program: ProgramConfig, words: Word[], vars: Record<string, string | number>, context: ExportContext, warnings: string[]): string {
  const literal = (text: string) => {
    const unitText = expandForUnit(text, vars);
    return (program.prefork ? unitText.replaceAll('{fd}', FIRST_SOCKET_FD) : unitText).replaceAll('$', '$$$$');
  };
  const rendered = words.map((word) => {
    const [only] = word.parts;
    if (word.split && only?.kind === 'variable') return `$${only.reference.name}`;
    return quoteDollarSafeWord(word.parts.map((part) => (part.kind === 'text' ? literal(part.text) : `\${${part.reference.name}}`)).join(''));
  });
  const [first] = words;
  if (hasVariable(first!.parts)) return ['/usr/bin/env', ...rendered].join(' ');
  const command = expandForUnit(first!.parts.map((part) => (part.kind === 'text' ? part.text : '')).join(''), vars);
  return [...absoluteCommand(config, program, command, vars, context, warnings).map((word) => quoteDollarSafeWord(word.replaceAll('$', '$$$$'))), ...rendered.slice(1)].join(' ');
}

/** The executable as unit text: absolute when it can be found now, else run through /usr/bin/env. */
function absoluteCommand(config: Config, program: ProgramConfig, command: string, vars: Record<string, string | number>, context: ExportContext, warnings: string[]): string[] {
  // A specifier (%i, %H) is only known when the unit starts.
  if (/%[^%]/.test(command.replaceAll('%%', ''))) return command.startsWith('/') ? [command] : ['/usr/bin/env', command];
  const literal = command.replaceAll('%%', '%');
  const envPath = program.environment.PATH === undefined ? context.env.PATH : expandTemplate(program.environment.PATH, vars);
  const found = resolveExecutable(literal, workingDirectory(config, program), envPath);
  if (typeof found === 'string') return [escapeSpecifiers(found)];
  warnings.push(programMessage(program, 'command', `${found.error} here, so ExecStart= runs it through /usr/bin/env, which searches the unit's PATH when it starts`));
  return ['/usr/bin/env', command];
}
