import type { LogStream } from '../../api/supervisor-api.js';
import { MAX_TAIL_LINES } from '../../api/routes.js';
import { didYouMean } from '../../text/did-you-mean.js';
import { parseSince } from './parse-since.js';
import { CTL_VERBS, isCalledVerb, routeOf, usageOf, type CalledVerb, type CtlVerb as TableVerb, type VerbParam } from '../../api/verbs.js';

/**
 * What ctl reads of drover's command line (cli/parse-args.ts's ParsedArgs
 * fits it): declared here so that ctl imports only api and client.
 */
export interface CtlArgs {
  /** The verb, then its arguments. */
  positionals: string[];
  config: string | null;
  socket: string | null;
  /** `-n`/`--lines`, unparsed. */
  lines: string | null;
  /** `--since`, unparsed. */
  since: string | null;
  flags: ReadonlySet<string>;
}

/** One `drover ctl` invocation, checked before anything is sent to the supervisor. */
export type CtlCommand =
  | { verb: 'status'; patterns: string[] }
  | { verb: 'start' | 'stop' | 'restart' | 'reload'; patterns: string[] }
  /** `group`: to the whole process group rather than the main pid. */
  | { verb: 'signal'; signal: string; patterns: string[]; group: boolean }
  | { verb: 'scale'; program: string; count: string }
  | TailCommand
  | { verb: 'pid'; names: string[] }
  | { verb: 'reread' }
  | { verb: 'update'; programs: string[] }
  | { verb: 'shutdown' }
  | CalledCommand;

/**
 * `tail [-f] PATTERN`: the last `lines` lines of each matched process (both
 * streams unless one is picked), with `since` (ms since the epoch) only those
 * that arrived since; `follow` keeps printing new ones.
 */
export interface TailCommand {
  verb: 'tail';
  pattern: string;
  lines: number;
  stream: LogStream | 'both';
  since: number | null;
  follow: boolean;
}

/** A ctl verb the table marks `called`: its words read onto its route's parameters by name (the server checks them). */
export interface CalledCommand {
  verb: CalledVerb & TableVerb;
  args: Record<string, unknown>;
}

export type CtlVerb = CtlCommand['verb'];

/** true when ctl parses exactly the verbs the table gives a usage line; a row without a parser, or a parser without a row, fails to compile. */
export const PARSES_EVERY_TABLE_VERB: [CtlVerb, TableVerb] extends [TableVerb, CtlVerb] ? true : never = true;

/** One usage line per verb, shown with a usage error about that verb and in `drover --help`: the verb table's. */
export const VERB_USAGE: Record<CtlVerb, string> = Object.fromEntries(CTL_VERBS.map((verb) => [verb, usageOf(verb)])) as Record<CtlVerb, string>;

/** Lines `tail` prints, with or without `-f`, when `-n` is not given (as tail(1)). */
export const DEFAULT_TAIL_LINES = 10;

/** A ctl usage mistake; `verb` picks the usage line to show with it. */
export class CtlUsageError extends Error {
  constructor(
    message: string,
    readonly verb: CtlVerb | null,
  ) {
    super(message);
    this.name = 'CtlUsageError';
  }
}

function isVerb(word: string): word is CtlVerb {
  return Object.hasOwn(VERB_USAGE, word);
}

export function parseCtlCommand(args: Pick<CtlArgs, 'positionals' | 'flags' | 'lines' | 'since'>, now: number = Date.now()): CtlCommand {
  const [word, ...rest] = args.positionals;
  if (word === undefined) throw new CtlUsageError('ctl needs a verb', null);
  if (!isVerb(word)) throw unknownVerb(word);
  const verb = word;
  const fail = (message: string) => new CtlUsageError(message, verb);
  if (verb !== 'tail') {
    const stray =
      args.lines !== null ? '-n' : args.since !== null ? '--since' : args.flags.has('--follow') ? '-f' : (['--stderr', '--stdout'].find((flag) => args.flags.has(flag)) ?? null);
    if (stray) throw fail(`${stray} is only for tail`);
  }
  if (verb !== 'signal' && args.flags.has('--group')) throw fail('--group is only for signal');
  if (isCalledVerb(verb)) return { verb, args: readWords(verb, rest, fail) };
  switch (verb) {
    case 'status':
      return { verb, patterns: rest };
    case 'start':
    case 'stop':
    case 'restart':
    case 'reload':
      if (rest.length === 0) throw fail(`${verb} needs at least one PATTERN (all for every process)`);
      return { verb, patterns: rest };
    case 'signal': {
      const [signal, ...patterns] = rest;
      if (signal === undefined || patterns.length === 0) throw fail('signal needs a signal and at least one PATTERN');
      return { verb, signal, patterns, group: args.flags.has('--group') };
    }
    case 'scale': {
      if (rest.length !== 2) throw fail('scale needs a PROGRAM and a count');
      const [program, count] = rest as [string, string];
      if (!/^[+-]?\d+$/.test(count)) throw fail(`scale needs a count N, +N or -N, got ${JSON.stringify(count)}`);
      return { verb, program, count };
    }
    case 'tail':
      return parseTail(rest, args, now, fail);
    case 'pid':
      return { verb, names: rest };
    case 'update':
      return { verb, programs: rest };
    case 'reread':
    case 'shutdown':
      if (rest.length > 0) throw fail(`${verb} takes no arguments`);
      return { verb };
  }
}

/** A near miss names the verb meant and shows that verb's usage line; anything else, every verb's. */
function unknownVerb(word: string): CtlUsageError {
  const suggestion = didYouMean(word, CTL_VERBS);
  const meant = CTL_VERBS.find((verb) => verb === suggestion);
  if (meant === undefined) return new CtlUsageError(`unknown ctl verb: ${word}`, null);
  return new CtlUsageError(`unknown ctl verb: ${word}; did you mean ${meant}?`, meant);
}

/** What a usage error adds about a kind of word. */
const WORD_NOTES: Record<string, string> = { PATTERN: ' (all for every process)' };

/**
 * The words after a `called` verb, onto its route's parameters in the table's
 * order: a list takes the words left, anything else one word; the server checks
 * the values. A list is named by its singular (`patterns`: PATTERN).
 */
function readWords(verb: CalledVerb, words: string[], fail: (message: string) => Error): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  let next = 0;
  for (const param of routeOf(verb).params) {
    const word = wordFor(param);
    if (param.type === 'string[]') {
      if (param.required && next === words.length) throw fail(`${verb} needs at least one ${word}${WORD_NOTES[word] ?? ''}`);
      args[param.name] = words.slice(next);
      next = words.length;
    } else if (param.type === 'string' || param.type === 'signal' || param.type === 'count') {
      if (next < words.length) args[param.name] = words[next++];
      else if (param.required) throw fail(`${verb} needs a ${word}`);
    } else {
      throw new Error(`ctl cannot read the ${param.type} parameter ${param.name} of ${verb} from words: give the verb a parser of its own`);
    }
  }
  if (next < words.length) throw fail(next === 0 ? `${verb} takes no arguments` : `${verb} takes ${next} argument(s), got ${words.length}`);
  return args;
}

function wordFor(param: VerbParam): string {
  return (param.type === 'string[]' ? param.name.replace(/s$/, '') : param.name).toUpperCase();
}

function parseTail(words: string[], args: Pick<CtlArgs, 'flags' | 'lines' | 'since'>, now: number, fail: (message: string) => Error): TailCommand {
  if (words.length !== 1) throw fail(words.length === 0 ? 'tail needs a PATTERN (a process, a program, group:*, all)' : 'tail takes one PATTERN');
  const stdout = args.flags.has('--stdout');
  const stderr = args.flags.has('--stderr');
  let since: number | null = null;
  if (args.since !== null) {
    since = parseSince(args.since, now);
    if (since === null) throw fail(`--since needs a time back (30s, 10m, 2h, 1d) or an ISO time (2026-12-06T09:30), got ${JSON.stringify(args.since)}`);
  }
  return {
    verb: 'tail',
    pattern: words[0]!,
    // --since alone: every line since then that drover still holds, as `docker logs --since`.
    lines: tailLines(args.lines, since === null ? DEFAULT_TAIL_LINES : MAX_TAIL_LINES, fail),
    stream: stdout === stderr ? 'both' : stdout ? 'stdout' : 'stderr',
    since,
    follow: args.flags.has('--follow'),
  };
}

function tailLines(value: string | null, fallback: number, fail: (message: string) => Error): number {
  if (value === null) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > MAX_TAIL_LINES) {
    throw fail(`-n needs a number of lines from 0 to ${MAX_TAIL_LINES}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}
