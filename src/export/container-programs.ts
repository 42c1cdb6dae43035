import { expandTemplate, type Config, type ProbeCheck, type ProgramConfig } from '../config/index.js';
import { appRunnerCommand } from './app-runner-script.js';
import { uniqueLabels } from './dns-name.js';
import type { ExportContext } from './export-context.js';
import { processNumbers, programTemplates, programMessage, templateVarsFor, workingDirectory } from './program-facts.js';
import { usesProcessNum } from './unit-templates.js';
import { commandWords, environmentParts, variableUses, type VariableUse, type Word, type WordPart } from './variable-words.js';

/**
 * A program as containers see it: one process per container, so its
 * processes (or prefork workers) become replicas. Replicas are identical;
 * a program whose templates use `%(process_num)` gives each process its own
 * service instead, with the number written in.
 */
export interface ContainerProgram {
  program: ProgramConfig;
  /** A DNS-1035 label, unique among the exported names. */
  name: string;
  replicas: number;
  command: string[];
  workingDir: string;
  env: [name: string, value: string][];
  /** TCP ports of a prefork program's bind addresses. */
  ports: number[];
  readiness: ProbeCheck | null;
  liveness: ProbeCheck | null;
  /** The command's words with their `${VAR}`s (text parts expanded), or null when it holds none. */
  commandWords: Word[] | null;
  /** Environment values with `${VAR}`s (text parts expanded), by name. */
  environmentParts: Map<string, WordPart[]>;
  /** Every option of the program that held a `${VAR}`. */
  variableUses: VariableUse[];
}

/** Stands in for the port of a prefork app whose only bind is fd://N: the config does not say one. */
export const PORT_PLACEHOLDER = 'REPLACE_ME_PORT';

export function containerPrograms(config: Config, context: ExportContext, warnings: string[]): ContainerProgram[] {
  const pieces = config.programs.flatMap((program) => splitProcesses(program));
  const names = uniqueLabels(pieces.map((piece) => piece.wanted));
  return pieces.map((piece, i) => {
    const program = piece.program;
    const vars = templateVarsFor(config, program, piece.num, context);
    const expand = (template: string) => expandTemplate(template, vars);
    const probe = (check: ProbeCheck | undefined) => (check === undefined ? null : expandCheck(check, expand));
    return {
      program,
      name: names[i]!,
      replicas: piece.replicas,
      command: containerCommand(program, expand, warnings),
      workingDir: workingDirectory(config, program),
      env: Object.entries(program.environment).map(([key, value]) => [key, expand(value)]),
      ports: [...new Set((program.prefork?.bind ?? []).flatMap((address) => (address.kind === 'tcp' ? [address.port] : [])))],
      readiness: probe(program.readiness?.check),
      liveness: probe(program.liveness?.check),
      commandWords: program.prefork?.app ? null : expandWords(commandWords(config, program), expand, program.prefork !== null),
      environmentParts: new Map([...environmentParts(config, program)].map(([name, parts]) => [name, expandParts(parts, expand)])),
      variableUses: variableUses(config, program),
    };
  });
}

function splitProcesses(program: ProgramConfig): { program: ProgramConfig; num: number; replicas: number; wanted: string }[] {
  const numbers = processNumbers(program);
  if (numbers.length > 1 && usesProcessNum(programTemplates(program, { logs: false }))) {
    return numbers.map((num) => ({ program, num, replicas: 1, wanted: `${program.name}-${num}` }));
  }
  return [{ program, num: program.numprocsStart, replicas: program.numprocs, wanted: program.name }];
}

function containerCommand(program: ProgramConfig, expand: (template: string) => string, warnings: string[]): string[] {
  const prefork = program.prefork;
  if (prefork?.app) {
    const tcp = prefork.bind.find((address) => address.kind === 'tcp');
    const unix = prefork.bind.find((address) => address.kind === 'unix');
    const where = tcp?.kind === 'tcp' ? String(tcp.port) : unix?.kind === 'unix' ? unix.path : PORT_PLACEHOLDER;
    if (where === PORT_PLACEHOLDER)
      warnings.push(programMessage(program, 'bind', `a container is passed no socket: replace ${PORT_PLACEHOLDER} in the command with the port the app should listen on`));
    if (prefork.bind.length > 1) warnings.push(programMessage(program, 'bind', `the container listens on ${where} only`));
    return appRunnerCommand(prefork.app, where, prefork.gracefulTimeoutMs);
  }
  const argv = program.command.map(expand);
  if (prefork === null) return argv;
  const ports = prefork.bind.map((address) => address.text).join(', ');
  warnings.push(
    programMessage(
      program,
      'command',
      `drover's workers get the listening socket as fd 3; in a container nothing passes it: change the command to listen on ${ports} itself (uvicorn: --host 0.0.0.0 --port PORT rather than --fd 3)`,
    ),
  );
  return argv.map((word) => word.replaceAll('{fd}', '3'));
}

function expandCheck(check: ProbeCheck, expand: (template: string) => string): ProbeCheck {
  switch (check.kind) {
    case 'http':
      return { kind: 'http', url: expand(check.url) };
    case 'tcp':
      return { kind: 'tcp', host: expand(check.host), port: check.port };
    case 'exec':
      return { kind: 'exec', argv: check.argv.map(expand) };
    case 'log':
      return check;
  }
}

function expandWords(words: Word[] | null, expand: (template: string) => string, prefork: boolean): Word[] | null {
  if (words === null) return null;
  const text = prefork ? (template: string) => expand(template).replaceAll('{fd}', '3') : expand;
  return words.map((word) => ({ ...word, parts: expandParts(word.parts, text) }));
}

function expandParts(parts: WordPart[], expand: (template: string) => string): WordPart[] {
  return parts.map((part) => (part.kind === 'text' ? { kind: 'text', text: expand(part.text) } : part));
}
