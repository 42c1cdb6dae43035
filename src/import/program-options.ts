import { fail, readSpecialLogPath, type Result, succeed } from '../config/index.js';
import { expandPercent, literalText, type ExpansionScope, type Segment } from './percent-expansion.js';
import { negativePriority, noEquivalent, optionNotImported, relativePath, syslogLogfile } from './import-messages.js';
import { renderSegments, type RenderMode } from './render-value.js';
import { readAutorestart, readBoolean, readByteSize, readExitcodes, readInteger, readOctal, readSignal } from './supervisord-values.js';

/** How one `[program:x]` option becomes a programs.yaml option of the same name. */
export type OptionRule =
  /** Handled by the program mapper itself (command, environment, fcgi sockets). */
  | { kind: 'special' }
  /** A string drover expands per process (process_name). */
  | { kind: 'template' }
  /** auto, none, console (supervisord's /dev/stdout and the like) or a path drover expands per process. */
  | { kind: 'logfile' }
  /** A folder, read once (directory). */
  | { kind: 'path' }
  | { kind: 'typed'; read: (text: string) => Result<unknown> }
  /** No equivalent; values in `off` change nothing, so only others are worth a warning. */
  | { kind: 'unsupported'; off: readonly string[]; reason: string };

const typed = (read: (text: string) => Result<unknown>): OptionRule => ({ kind: 'typed', read });
const count = (min: number) => typed((text) => readInteger(text, min));
const unsupported = (reason: string, off: readonly string[] = []): OptionRule => ({ kind: 'unsupported', off, reason });

const OFF = ['false', 'no', 'off', '0'];

/** The log options supervisord has for each of stdout and stderr, under the stream's prefix. */
function streamRules(stream: 'stdout' | 'stderr'): Record<string, OptionRule> {
  return {
    [`${stream}_logfile`]: { kind: 'logfile' },
    [`${stream}_logfile_maxbytes`]: typed(readByteSize),
    [`${stream}_logfile_backups`]: count(0),
    [`${stream}_capture_maxbytes`]: unsupported('capture mode feeds supervisord events, which drover does not have', ['0']),
    [`${stream}_events_enabled`]: unsupported('drover has no event listeners', OFF),
    [`${stream}_syslog`]: unsupported('drover writes output to log files and its ring buffer, not to syslog', OFF),
  };
}

/** Every option supervisord reads in `[program:x]` (and `[fcgi-program:x]`). */
export const PROGRAM_RULES: Record<string, OptionRule> = {
  command: { kind: 'special' },
  environment: { kind: 'special' },
  process_name: { kind: 'template' },
  numprocs: count(1),
  numprocs_start: count(0),
  priority: typed(readPriority),
  autostart: typed(readBoolean),
  autorestart: typed(readAutorestart),
  startsecs: count(0),
  startretries: count(0),
  exitcodes: typed(readExitcodes),
  stopsignal: typed(readSignal),
  stopwaitsecs: count(0),
  stopasgroup: typed(readBoolean),
  killasgroup: typed(readBoolean),
  user: typed((text) => (text.trim() === '' ? fail('expected a user name, got nothing') : succeed(text.trim()))),
  umask: typed(readOctal),
  directory: { kind: 'path' },
  redirect_stderr: typed(readBoolean),
  ...streamRules('stdout'),
  ...streamRules('stderr'),
  serverurl: unsupported('drover sets no SUPERVISOR_SERVER_URL for its programs; drover ctl finds the socket from the config'),
};

/** Options only `[fcgi-program:x]` has; the fcgi mapper reads them. */
export const FCGI_OPTIONS = new Set(['socket', 'socket_backlog', 'socket_owner', 'socket_mode']);

export interface OptionOutcome {
  /** undefined: nothing to write. */
  value?: unknown;
  notes: string[];
  /** Set when the option cannot be carried over. */
  failure?: string;
}

/** Builds the expansion scope of an option; `perProcess` for options drover expands per process. */
export type ScopeOf = (perProcess: boolean) => ExpansionScope;

/** One option's programs.yaml value, by its rule; a failure names the option. */
export function applyRule(name: string, text: string, rule: OptionRule, scopeOf: ScopeOf): OptionOutcome {
  const outcome = readByRule(name, text, rule, scopeOf);
  const complete = rule.kind === 'unsupported' || (rule.kind === 'logfile' && outcome.failure === syslogLogfile(name));
  return outcome.failure === undefined || complete ? outcome : { ...outcome, failure: optionNotImported(name, outcome.failure) };
}

function readByRule(name: string, text: string, rule: OptionRule, scopeOf: ScopeOf): OptionOutcome {
  if (rule.kind === 'special') return { notes: [] };
  if (rule.kind === 'unsupported') {
    return rule.off.includes(text.trim().toLowerCase()) ? { notes: [] } : { notes: [], failure: noEquivalent(name, text, rule.reason) };
  }
  if (rule.kind === 'logfile') {
    const word = text.trim().toLowerCase();
    if (word === 'none' || word === 'off') return { value: 'none', notes: [] };
    if (word === 'auto') return { value: 'auto', notes: [] };
    if (word === 'syslog') return { notes: [], failure: syslogLogfile(name) };
    const special = readSpecialLogPath(text);
    if (special !== null) return { value: special, notes: [] };
    return readPathValue(text, scopeOf(true), 'template');
  }
  if (rule.kind === 'path') return readPathValue(text, scopeOf(false), 'plain');
  const perProcess = rule.kind === 'template';
  const expansion = expandPercent(text, scopeOf(perProcess));
  if (expansion.failure !== null) return { notes: expansion.notes, failure: expansion.failure };
  if (rule.kind === 'template') return { value: renderSegments(expansion.segments, 'template'), notes: expansion.notes };
  const literal = literalText(expansion.segments);
  // A `${VAR}` reference is left to drover, which gives it the option's type once interpolated.
  if (literal === null) return { value: renderSegments(expansion.segments, 'plain'), notes: expansion.notes };
  const read = rule.read(literal);
  if (!read.ok) return { notes: expansion.notes, failure: read.message };
  if (name === 'priority' && (read.value as number) < 0) return { value: 0, notes: [...expansion.notes, negativePriority(literal)] };
  return { value: read.value, notes: expansion.notes };
}

function readPriority(text: string): Result<number> {
  return readInteger(text, Number.MIN_SAFE_INTEGER);
}

/**
 * A path option: `~` becomes `${HOME}` (supervisord expands it), and a
 * relative path gets a note, since supervisord resolved it against the
 * folder it was started from and drover resolves it against programs.yaml's.
 */
export function readPathValue(text: string, scope: ExpansionScope, mode: RenderMode): OptionOutcome {
  const expansion = expandPercent(text.trim(), scope);
  if (expansion.failure !== null) return { notes: expansion.notes, failure: expansion.failure };
  const segments = expandHome(expansion.segments);
  const value = renderSegments(segments, mode);
  const first = segments[0];
  const absolute = first === undefined || first.kind === 'env' || (first.kind === 'text' && first.text.startsWith('/'));
  return { value, notes: absolute ? expansion.notes : [...expansion.notes, relativePath(value)] };
}

function expandHome(segments: readonly Segment[]): Segment[] {
  const first = segments[0];
  if (first?.kind !== 'text' || !(first.text === '~' || first.text.startsWith('~/'))) return [...segments];
  const rest = first.text.slice(1);
  return [{ kind: 'env', name: 'HOME' }, ...(rest === '' ? [] : [{ kind: 'text' as const, text: rest }]), ...segments.slice(1)];
}
