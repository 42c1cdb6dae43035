import path from 'node:path';
import { gunicornServerHooks, splitCommand } from '../config/index.js';
import { formatCommand, shellQuote } from './format-command.js';
import { readGunicornServerHooks } from './gunicorn-config-hooks.js';
import { gunicornPreforkFields, readGunicornCommand } from './gunicorn-command.js';
import { fillFromGunicornConfig } from './gunicorn-config-settings.js';
import type { ImportedConfig, ImportedProgram } from './imported-config.js';
import { warningAt, type ImportWarning } from './import-warning.js';
import { gunicornStaysPlain, notAProcfileLine, procfileDuplicate, webNotPreforkable } from './import-messages.js';
import { splitLeadingAssignments } from './procfile-assignments.js';
import { escapeDollars } from './render-value.js';

/** foreman's Procfile line: a process type, a colon, a command. */
export const PROCFILE_LINE = /^([A-Za-z0-9_-]+):[ \t]*(\S.*)$/;

export interface ProcfileEntry {
  name: string;
  command: string;
  line: number;
}

/** The `name: command` lines of a Procfile; blank and `#` lines are skipped, any other line is listed. */
export function parseProcfile(text: string, file: string): { entries: ProcfileEntry[]; warnings: ImportWarning[] } {
  const entries: ProcfileEntry[] = [];
  const warnings: ImportWarning[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = PROCFILE_LINE.exec(trimmed);
    if (match === null) {
      warnings.push(warningAt(file, index + 1, notAProcfileLine(trimmed)));
      return;
    }
    const previous = entries.findIndex((entry) => entry.name === match[1]);
    if (previous !== -1) {
      warnings.push(warningAt(file, index + 1, procfileDuplicate(match[1]!, entries[previous]!.line)));
      entries.splice(previous, 1);
    }
    entries.push({ name: match[1]!, command: match[2]!.trim(), line: index + 1 });
  });
  return { entries, warnings };
}

const RELEASE = 'release';
// foreman gives each process type a port: 5000, 5100, 5200, … in file order.
const BASE_PORT = 5000;
const PORT_STEP = 100;
// Anything a shell would expand or act on; such a command runs under sh -c, as foreman runs every line.
const NEEDS_SHELL = /[$`|&;<>*?[\]~(){}!\\'"]/;

/**
 * One program per line. Commands are shell commands, as foreman and Heroku
 * run them: a plain one runs directly, anything else under `sh -c`. A
 * command using $PORT gets foreman's port for its line. With --prefork, a
 * `web` line that runs gunicorn becomes a `type: prefork` program.
 */
export function mapProcfile(entries: readonly ProcfileEntry[], file: string, options: { prefork: boolean }): { config: ImportedConfig; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  const programs: ImportedProgram[] = entries.map((entry, index) => {
    const port = `\${PORT:-${BASE_PORT + PORT_STEP * index}}`;
    const origin = { label: entry.name, file, line: entry.line };
    if (options.prefork && entry.name === 'web') {
      // foreman runs every line in the Procfile's folder.
      const web = preforkWeb(entry.command, port, path.dirname(file));
      if (web.ok) {
        for (const message of web.notes) warnings.push(warningAt(file, entry.line, message));
        const serverHooks = readGunicornServerHooks(web.argv, path.dirname(file));
        if (serverHooks !== null) warnings.push(warningAt(file, entry.line, gunicornServerHooks(serverHooks.file, serverHooks.hooks)));
        return { name: entry.name, origin, options: web.options };
      }
      warnings.push(warningAt(file, entry.line, web.message));
    }
    return { name: entry.name, origin, options: plainOptions(entry.command, port) };
  });
  return { config: { supervisor: {}, programs: withReleasePhase(programs), groups: {} }, warnings };
}

/**
 * Heroku's release phase: the `release` line runs once per deploy, and no
 * dyno of the release starts before it succeeded. So it is a one-shot, and
 * every other line depends on it.
 */
function withReleasePhase(programs: ImportedProgram[]): ImportedProgram[] {
  if (!programs.some((program) => program.name === RELEASE)) return programs;
  return programs.map((program) =>
    program.name === RELEASE ? { ...program, options: { type: 'oneshot', ...program.options } } : { ...program, options: { ...program.options, depends_on: [RELEASE] } },
  );
}

/** The command, run directly or under sh -c, with foreman's port if it uses $PORT and its leading NAME=value words as environment. */
function plainOptions(written: string, port: string): Record<string, unknown> {
  const split = splitLeadingAssignments(written);
  const command = split?.command ?? written;
  const environment: Record<string, string> = /\$\{?PORT\b/.test(command) ? { PORT: port } : {};
  // Values are data: escaped for drover's ${VAR} and %(key)s readings of environment values.
  for (const [name, value] of Object.entries(split?.environment ?? {})) environment[name] = escapeDollars(value.replaceAll('%', '%%'));
  return { command: shellCommand(command), ...(Object.keys(environment).length > 0 ? { environment } : {}) };
}

/** `written` as a command value: % doubled, since drover expands %(key)s templates in commands and foreman did not. */
function shellCommand(written: string): string | string[] {
  const command = written.replaceAll('%', '%%');
  if (!NEEDS_SHELL.test(command)) {
    const split = splitCommand(command);
    if (split.ok) return formatCommand(split.value, command);
  }
  return ['sh', '-c', escapeDollars(command)];
}

function preforkWeb(
  command: string,
  port: string,
  directory: string,
): { ok: true; options: Record<string, unknown>; argv: string[]; notes: string[] } | { ok: false; message: string } {
  const split = splitCommand(command);
  const gunicorn = split.ok ? readGunicornCommand(split.value) : null;
  if (gunicorn === null) return { ok: false, message: webNotPreforkable(command) };
  const toDrover = (text: string) => shellVarsToDrover(text, port);
  const written = { ...gunicorn, binds: gunicorn.binds.map(toDrover), workers: gunicorn.workers === undefined ? undefined : toDrover(gunicorn.workers) };
  const fromConfig = fillFromGunicornConfig(written, split.ok ? split.value : [], directory);
  const fields = gunicornPreforkFields(
    fromConfig.command,
    // Without -b, gunicorn binds 0.0.0.0:$PORT when PORT is set, as foreman sets it.
    { bind: `0.0.0.0:${port}`, workers: '${WEB_CONCURRENCY:-1}' },
  );
  if (!fields.ok) return { ok: false, message: gunicornStaysPlain(fields.message) };
  const worker = gunicorn.workerCommand;
  // Words still holding shell expansions keep a shell, as foreman would have run them.
  // exec: gunicorn takes the shell's pid, which drover gave LISTEN_PID.
  const script = () => `exec ${worker.map((w) => (w.includes('$') ? `"${w.replace(/["\\`]/g, '\\$&')}"` : shellQuote(w))).join(' ')}`;
  const workerCommand = worker.some((word) => word.includes('$')) ? ['sh', '-c', escapeDollars(script())] : formatCommand(worker);
  return {
    ok: true,
    argv: split.ok ? split.value : [],
    notes: fromConfig.explain(fields.value),
    options: {
      type: 'prefork',
      command: workerCommand,
      bind: fields.value.bind.length === 1 ? fields.value.bind[0] : fields.value.bind,
      workers: fields.value.workers,
      ready_when: { log: 'Booting worker' },
    },
  };
}

/** `$PORT` / `${PORT}` → foreman's port for the line, any other `$X` / `${X}` → `${X}`, for drover to interpolate. */
function shellVarsToDrover(text: string, port: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare!;
    return name === 'PORT' ? port : `\${${name}}`;
  });
}
