import { describeUnknownCommand, isCommand } from './unknown-command.js';

/**
 * argv → a command and its options. `-c FILE` and `--socket PATH` are accepted
 * before or after the verb, as SPEC section 1 asks.
 */

export interface ParsedArgs {
  verb: string | null;
  positionals: string[];
  config: string | null;
  socket: string | null;
  /** `-n`/`--lines` of `ctl tail`, unparsed: ctl validates it. */
  lines: string | null;
  /** `--since` of `ctl tail`, unparsed: ctl validates it. */
  since: string | null;
  flags: Set<string>;
}

export class UsageError extends Error {
  constructor(
    message: string,
    /** false when the message says all there is to say: the full usage would bury it. */
    readonly showUsage = true,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

const VALUE_OPTIONS: Record<string, 'config' | 'socket' | 'lines' | 'since'> = {
  '-c': 'config',
  '--config': 'config',
  '--socket': 'socket',
  '-n': 'lines',
  '--lines': 'lines',
  '--since': 'since',
};

const ALIASES: Record<string, string> = { '-h': '--help', '-V': '--version', '-f': '--follow' };

const FLAGS = new Set([
  '--help',
  '-h',
  '--version',
  '-V',
  '--daemon',
  '--foreground',
  '--json',
  '-f',
  '--follow',
  '--stderr',
  '--stdout',
  '--group',
  '--prefork',
  '--per-program',
  '--socket-activation',
  '--strict',
]);

/** Options only `drover ctl` understands; any other command refuses them as before. */
const CTL_ONLY = new Set(['--follow', '--stderr', '--stdout', '--group']);
/** Options of `drover import`, `export` and `check`, refused by every other command. */
const ONLY_FOR: Record<string, string[]> = { '--prefork': ['import'], '--per-program': ['export'], '--socket-activation': ['export'], '--strict': ['check'] };

export function parseArgs(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = { verb: null, positionals: [], config: null, socket: null, lines: null, since: null, flags: new Set() };
  const ctlOnly: string[] = [];
  const scoped: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const key = onlyPositionals ? undefined : VALUE_OPTIONS[name];
    if (onlyPositionals) {
      addPositional(parsed, arg);
    } else if (arg === '--' && parsed.verb !== null) {
      onlyPositionals = true;
    } else if (key) {
      const value = name !== arg ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
      parsed[key] = value;
      if (key === 'lines' || key === 'since') ctlOnly.push(name);
    } else if (/^-n\d+$/.test(arg)) {
      // `tail -n20`, as tail(1) takes it.
      parsed.lines = arg.slice(2);
      ctlOnly.push('-n');
    } else if (FLAGS.has(arg)) {
      const flag = ALIASES[arg] ?? arg;
      parsed.flags.add(flag);
      if (CTL_ONLY.has(flag)) ctlOnly.push(arg);
      if (ONLY_FOR[flag]) scoped.push(flag);
    } else if (parsed.verb !== null && /^-\d+$/.test(arg)) {
      // A negative number after the verb is an argument (`ctl scale web -1`), not an option.
      parsed.positionals.push(arg);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option: ${arg}`);
    } else {
      addPositional(parsed, arg);
    }
  }
  // Before the options: `drover tail -f web` is a ctl verb typed as a command, not a misplaced -f.
  if (parsed.verb !== null && !isCommand(parsed.verb)) throw new UsageError(describeUnknownCommand(argv, argv.indexOf(parsed.verb)), false);
  if (parsed.verb !== 'ctl' && ctlOnly.length > 0) throw new UsageError(`unknown option: ${ctlOnly[0]}`);
  const misplaced = scoped.find((flag) => !ONLY_FOR[flag]!.includes(parsed.verb ?? ''));
  if (misplaced) throw new UsageError(`${misplaced} is an option of drover ${ONLY_FOR[misplaced]!.join(' and ')} only`);
  return parsed;
}

function addPositional(parsed: ParsedArgs, arg: string): void {
  if (parsed.verb === null) parsed.verb = arg;
  else parsed.positionals.push(arg);
}
