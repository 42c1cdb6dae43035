import { expandTemplate, type Config, type ProgramConfig } from '../config/index.js';
import { resolveExecutable } from '../engine/spawn-child.js';
import type { ExportContext } from './export-context.js';
import { programMessage, workingDirectory } from './program-facts.js';
import { expandForUnit } from './unit-templates.js';
import { escapeSpecifiers, execLine } from './unit-text.js';

/** The engine hands a prefork worker its first socket as fd 3 and writes that for `{fd}`; systemd's Sockets= does the same. */
const FIRST_SOCKET_FD = '3';

/**
 * ExecStart= of a program's template unit. systemd wants an absolute
 * executable (and searches a fixed PATH otherwise), so the command is found
 * now, in the PATH the program would get from drover, as the engine finds it.
 * A command written as `sh -c '…'` stays that: the shell line is one word,
 * its `$` escaped so that systemd leaves it to the shell.
 */
export function programExecStart(config: Config, program: ProgramConfig, vars: Record<string, string | number>, context: ExportContext, warnings: string[]): string {
  if (program.prefork?.app) {
    // drover's own worker runtime, which takes the sockets systemd passes (LISTEN_FDS) as it takes the master's.
    return execLine([context.node, context.workerMain, program.prefork.app].map(escapeSpecifiers));
  }
  let words = program.command.map((token) => expandForUnit(token, vars));
  if (program.prefork) words = words.map((word) => word.replaceAll('{fd}', FIRST_SOCKET_FD));
  const [command, ...args] = words;
  return execLine([...absoluteCommand(config, program, command!, vars, context, warnings), ...args]);
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
