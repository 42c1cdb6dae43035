import path from 'node:path';
import { gunicornServerHooks } from '../config/index.js';
import { fcgiBind, fcgiWorkerCommand } from './fcgi-socket.js';
import { formatCommand } from './format-command.js';
import { gunicornPreforkFields, readGunicornCommand } from './gunicorn-command.js';
import { fillFromGunicornConfig } from './gunicorn-config-settings.js';
import { readGunicornServerHooks } from './gunicorn-config-hooks.js';
import { warningAt, type ImportWarning } from './import-warning.js';
import {
  fcgiNeedsPrefork,
  fcgiWithoutSocket,
  gunicornStaysPlain,
  fcgiStaysPlain,
  noEquivalent,
  numprocsBecameWorkers,
  optionNotImported,
  processNameDropped,
} from './import-messages.js';
import { expandPercent, type ExpansionScope } from './percent-expansion.js';
import { renderSegments } from './render-value.js';
import type { IniOption, IniSection } from './supervisord-ini.js';
import { readOctal } from './supervisord-values.js';

export interface PreforkInput {
  kind: 'program' | 'fcgi-program';
  section: IniSection;
  /** The program's options as mapped so far. */
  options: Record<string, unknown>;
  /** The command's words, in programs.yaml's escaping. */
  argv: string[];
  scopeOf: (option: IniOption) => ExpansionScope;
  /** `drover import --prefork`. */
  prefork: boolean;
}

/** gunicorn's log line once a worker is up; it gates drover's rolling reload. */
const GUNICORN_READY = 'Booting worker';

/**
 * With --prefork, an `[fcgi-program:x]` or a gunicorn program becomes a
 * `type: prefork` program: drover binds the socket once and runs the
 * workers. Anything that does not fit keeps the program as it was, with a
 * warning saying why.
 */
export function toPrefork(input: PreforkInput): { options: Record<string, unknown>; warnings: ImportWarning[] } {
  const { section, options, prefork } = input;
  const warnings: ImportWarning[] = [];
  const warn = (at: { file: string; line: number }, message: string) => warnings.push(warningAt(at.file, at.line, message));
  const commandAt = section.options.get('command') ?? section;
  if (input.kind === 'fcgi-program') {
    if (!prefork) {
      warn(section, fcgiNeedsPrefork(section.name));
      return { options, warnings };
    }
    const bind = readFcgiBind(input, warn);
    if (bind === null) return { options, warnings };
    const fields = { bind: [bind], workers: options.numprocs ?? 1, command: formatCommand(fcgiWorkerCommand(input.argv)) };
    return { options: withPrefork(options, fields, section, warn), warnings };
  }
  if (!prefork) return { options, warnings };
  const gunicorn = readGunicornCommand(input.argv);
  if (gunicorn === null) return { options, warnings };
  // Without directory=, the folder of the supervisord file is the best guess at where gunicorn runs.
  const directory = typeof options.directory === 'string' ? options.directory : path.dirname(section.file);
  const fromConfig = fillFromGunicornConfig(gunicorn, input.argv, directory);
  // gunicorn reads WEB_CONCURRENCY for its default worker count, from the program's environment too.
  const concurrency = (options.environment as Record<string, string> | undefined)?.WEB_CONCURRENCY;
  const defaults = { bind: '127.0.0.1:8000', workers: concurrency !== undefined && /^\d+$/.test(concurrency) ? concurrency : '${WEB_CONCURRENCY:-1}' };
  const fields = gunicornPreforkFields(fromConfig.command, defaults);
  if (!fields.ok) {
    warn(commandAt, gunicornStaysPlain(fields.message));
    return { options, warnings };
  }
  for (const message of fromConfig.explain(fields.value)) warn(commandAt, message);
  const numprocs = section.options.get('numprocs');
  if (numprocs !== undefined && typeof options.numprocs === 'number' && options.numprocs > 1) {
    warn(numprocs, numprocsBecameWorkers(options.numprocs, fields.value.workers));
  }
  const serverHooks = readGunicornServerHooks(input.argv, directory);
  if (serverHooks !== null) warn(commandAt, gunicornServerHooks(serverHooks.file, serverHooks.hooks));
  const web = { ...fields.value, command: formatCommand(gunicorn.workerCommand), ready_when: { log: GUNICORN_READY } };
  return { options: withPrefork(options, web, section, warn), warnings };
}

function readFcgiBind(input: PreforkInput, warn: (at: { file: string; line: number }, message: string) => void): string | { unix: string; mode: string } | null {
  const { section } = input;
  const socket = section.options.get('socket');
  if (socket === undefined) {
    warn(section, fcgiWithoutSocket(section.name));
    return null;
  }
  for (const name of ['socket_owner', 'socket_backlog']) {
    const option = section.options.get(name);
    if (option !== undefined) warn(option, noEquivalent(name, option.value, 'drover sets no owner or backlog on the sockets it binds'));
  }
  const modeOption = section.options.get('socket_mode');
  const mode = modeOption === undefined ? undefined : readOctal(modeOption.value);
  if (mode !== undefined && !mode.ok) warn(modeOption!, optionNotImported('socket_mode', mode.message));
  const expansion = expandPercent(socket.value, input.scopeOf(socket));
  for (const note of expansion.notes) warn(socket, note);
  if (expansion.failure !== null) {
    warn(socket, fcgiStaysPlain(expansion.failure));
    return null;
  }
  const bind = fcgiBind(renderSegments(expansion.segments, 'plain'), mode?.ok ? mode.value : undefined);
  if (!bind.ok) warn(socket, bind.message);
  return bind.ok ? bind.value : null;
}

interface PreforkFields {
  bind: unknown[];
  workers: unknown;
  command: string | string[];
  ready_when?: { log: string };
}

/** The prefork options first; numprocs gives way to workers, and a process_name without %(process_num) to drover's numbered one. */
function withPrefork(
  options: Record<string, unknown>,
  fields: PreforkFields,
  section: IniSection,
  warn: (at: { file: string; line: number }, message: string) => void,
): Record<string, unknown> {
  const { numprocs: _numprocs, command: _command, process_name: processName, ...rest } = options;
  const keepName = typeof processName === 'string' && processName.includes('%(process_num)');
  const nameOption = section.options.get('process_name');
  if (typeof processName === 'string' && !keepName && nameOption !== undefined) warn(nameOption, processNameDropped(processName));
  return {
    type: 'prefork',
    command: fields.command,
    bind: fields.bind.length === 1 ? fields.bind[0] : fields.bind,
    workers: fields.workers,
    ...(fields.ready_when === undefined ? {} : { ready_when: fields.ready_when }),
    ...(keepName ? { process_name: processName } : {}),
    ...rest,
  };
}
