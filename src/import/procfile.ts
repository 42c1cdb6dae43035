import path from 'node:path';
import { gunicornServerHooks } from '../config/messages.js';
import { splitCommand } from '../config/split-command.js';
import { formatCommand, shellQuote } from './format-command.js';
import { readGunicornServerHooks } from './gunicorn-config-hooks.js';
import { gunicornPreforkFields, readGunicornCommand } from './gunicorn-command.js';
import { fillFromGunicornConfig } from './gunicorn-config-settings.js';
import type { ImportedConfig, ImportedProgram } from './imported-config.js';
import { warningAt, type ImportWarning } from './import-warning.js';
import { gunicornStaysPlain, notAProcfileLine, procfileDuplicate, webNotPreforkable } from './import-messages.js';
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
    const usesPort = /\$\{?PORT\b/.test(entry.command);
    return { name: entry.name, origin, options: { command: shellCommand(entry.command), ...(usesPort ? { environment: { PORT: port } } : {}) } };
  });
  return { config: { supervisor: {}, programs, groups: {} }, warnings };
}

function shellCommand(command: string): string | string[] {
  // A command is a template to drover; a Procfile's % is literal (celery's -n worker@%h).
  const percentSafe = (text: string) => text.replaceAll('%', '%%');
  if (!NEEDS_SHELL.test(command)) {
    const split = splitCommand(command);
    if (split.ok) return formatCommand(split.value.map(percentSafe), percentSafe(command));
  }
  return ['sh', '-c', escapeDollars(percentSafe(command))];
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
