import type { ProgramOptions } from './corpus-import.js';

/**
 * What a program means, in the terms supervisord's docs use, with
 * supervisord's defaults for what the config leaves out. An expectation lists
 * only what differs from these; both sides are filled with them, so a
 * default the import gets wrong fails as surely as a value it drops.
 */
export interface ProgramMeaning {
  stdout_logfile: string;
  stderr_logfile: string;
  environment: Record<string, string>;
  autostart: boolean | string;
  numprocs: number | string;
  process_name: string;
  priority: number;
  user: string | null;
  directory: string | null;
  stopsignal: string;
  stopwaitsecs: number;
  redirect_stderr: boolean;
}

export const SUPERVISORD_DEFAULTS: ProgramMeaning = {
  stdout_logfile: 'auto',
  stderr_logfile: 'auto',
  environment: {},
  autostart: true,
  numprocs: 1,
  process_name: '%(program_name)s',
  priority: 999,
  user: null,
  directory: null,
  stopsignal: 'TERM',
  stopwaitsecs: 10,
  redirect_stderr: false,
};

/** An expected program: what differs from supervisord's defaults. */
export type ExpectedProgram = Partial<ProgramMeaning>;

export function expectedMeaning(expected: ExpectedProgram): ProgramMeaning {
  return { ...SUPERVISORD_DEFAULTS, ...expected };
}

/**
 * The meaning of an imported program. drover escapes a literal `%` as `%%`
 * and a literal `${` as `$${` (render-value.ts); the meaning is the literal.
 * `${X}` stays: it is drover's spelling of supervisord's `%(ENV_X)s`.
 */
export function meaningOf(options: ProgramOptions): ProgramMeaning {
  const pick = <K extends keyof ProgramMeaning>(key: K): ProgramMeaning[K] => (options[key] === undefined ? SUPERVISORD_DEFAULTS[key] : (options[key] as ProgramMeaning[K]));
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries((options.environment ?? {}) as Record<string, unknown>)) environment[key] = unescapeLiteral(String(value));
  return {
    stdout_logfile: logDestination(pick('stdout_logfile')),
    stderr_logfile: logDestination(pick('stderr_logfile')),
    environment,
    autostart: pick('autostart'),
    numprocs: pick('numprocs'),
    process_name: pick('process_name'),
    priority: pick('priority'),
    user: pick('user'),
    directory: typeof options.directory === 'string' ? options.directory.replace(/(.)\/+$/, '$1') : null,
    stopsignal: String(pick('stopsignal')).toUpperCase().replace(/^SIG/, ''),
    stopwaitsecs: pick('stopwaitsecs'),
    redirect_stderr: pick('redirect_stderr'),
  };
}

function logDestination(value: string): string {
  return ['NONE', 'AUTO'].includes(value) ? value.toLowerCase() : value;
}

function unescapeLiteral(value: string): string {
  return value.replaceAll('%%', '%').replaceAll('$$', '$');
}
