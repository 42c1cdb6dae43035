/**
 * argv → a command and its options. `-c FILE` and `--socket PATH` are accepted
 * before or after the verb, as SPEC section 1 asks.
 */

export interface ParsedArgs {
  verb: string | null;
  positionals: string[];
  config: string | null;
  socket: string | null;
  flags: Set<string>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const VALUE_OPTIONS: Record<string, 'config' | 'socket'> = {
  '-c': 'config',
  '--config': 'config',
  '--socket': 'socket',
};

const FLAGS = new Set(['--help', '-h', '--version', '-V', '--daemon', '--foreground', '--json']);

export function parseArgs(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = { verb: null, positionals: [], config: null, socket: null, flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUE_OPTIONS[name];
    if (key) {
      const value = name !== arg ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
      parsed[key] = value;
    } else if (FLAGS.has(arg)) {
      parsed.flags.add(arg === '-h' ? '--help' : arg === '-V' ? '--version' : arg);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option: ${arg}`);
    } else if (parsed.verb === null) {
      parsed.verb = arg;
    } else {
      parsed.positionals.push(arg);
    }
  }
  return parsed;
}
