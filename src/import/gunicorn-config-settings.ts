import type { GunicornCommand } from './gunicorn-command.js';
import { readGunicornConfig } from './gunicorn-config-hooks.js';
import { gunicornConfigExpression } from './import-messages.js';

/** A setting as a gunicorn config assigns it: a plain value drover can take, or an expression it cannot evaluate. */
type ConfigValue<T> = { ok: true; value: T } | { ok: false; expression: string };

export interface GunicornConfigSettings {
  bind?: ConfigValue<string[]>;
  workers?: ConfigValue<string>;
}

/** A Python string literal without escapes: what a bind in a gunicorn config nearly always is. */
const STRING = /^(?:"([^"\\]*)"|'([^'\\]*)')$/;

/** The last top-level assignment of `name` (the one Python keeps), a bracketed list spanning lines included. */
function lastAssignment(source: string, name: string): string | undefined {
  const pattern = new RegExp(`^${name}\\s*=\\s*(\\[[^\\]]*\\]|\\([^)]*\\)|[^\\n]*)`, 'gm');
  const found = [...source.matchAll(pattern)].pop()?.[1];
  // A trailing comment is not part of the value; a # inside a string is rare enough in a bind to ignore.
  return found?.replace(/\s*#[^'"\n]*$/, '').trim();
}

function readStrings(text: string): string[] | null {
  const single = STRING.exec(text);
  if (single !== null) return [single[1] ?? single[2]!];
  if (!/^[[(][\s\S]*[\])]$/.test(text)) return null;
  const items = text
    .slice(1, -1)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const strings = items.map((item) => STRING.exec(item));
  return strings.length > 0 && strings.every((s) => s !== null) ? strings.map((s) => s[1] ?? s[2]!) : null;
}

/**
 * The bind and workers a gunicorn config sets. A scan of the Python source,
 * not an interpreter: plain values (`bind = "0.0.0.0:8000"`, a list of such
 * strings, `workers = 4`) are taken, anything computed is reported as the
 * expression written.
 */
export function findConfigSettings(source: string): GunicornConfigSettings {
  const settings: GunicornConfigSettings = {};
  const bind = lastAssignment(source, 'bind');
  if (bind !== undefined) {
    const strings = readStrings(bind);
    settings.bind = strings === null ? { ok: false, expression: bind } : { ok: true, value: strings };
  }
  const workers = lastAssignment(source, 'workers');
  if (workers !== undefined) settings.workers = /^\d+$/.test(workers) ? { ok: true, value: workers } : { ok: false, expression: workers };
  return settings;
}

/**
 * gunicorn takes what its command line does not set from its config file
 * (`-c FILE`, else gunicorn.conf.py in its working directory), before its own
 * defaults. So a command without -b or -w gets them from the file, as gunicorn
 * would. A value drover cannot evaluate is left to the defaults, and `explain`
 * builds the warning once the caller knows what it used instead.
 */
export function fillFromGunicornConfig(
  command: GunicornCommand,
  argv: readonly string[],
  directory: string,
): { command: GunicornCommand; explain: (used: { bind: unknown; workers: unknown }) => string[] } {
  // No readable config: gunicorn would fail to start with a -c it cannot read, or use its defaults.
  const config = readGunicornConfig(argv, directory);
  if (config === null) return { command, explain: () => [] };
  const settings = findConfigSettings(config.source);
  const unread: Array<['bind' | 'workers', string]> = [];
  const filled = { ...command };
  if (command.binds.length === 0 && settings.bind !== undefined) {
    if (settings.bind.ok) filled.binds = settings.bind.value;
    else unread.push(['bind', settings.bind.expression]);
  }
  if (command.workers === undefined && settings.workers !== undefined) {
    if (settings.workers.ok) filled.workers = settings.workers.value;
    else unread.push(['workers', settings.workers.expression]);
  }
  return {
    command: filled,
    explain: (used) => unread.map(([name, expression]) => gunicornConfigExpression(config.file, name, expression, used[name])),
  };
}
