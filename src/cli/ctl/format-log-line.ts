import type { EngineEvent } from '../../api/supervisor-api.js';

type LogEvent = Extract<EngineEvent, { kind: 'log' }>;

/** Colours for the name column, one per process in turn (red left out: it reads as an error). */
const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

export interface LogPrintOptions {
  /** One JSON object per line: `{"time", "process", "stream", "line"}`. */
  json: boolean;
  /** Colour each process's name column (stdout is a terminal and NO_COLOR is unset). */
  colour: boolean;
  /** Both streams are shown: a single process's stderr lines then go to ctl's stderr. */
  bothStreams: boolean;
}

/** What one log event prints: text for ctl's stdout and for its stderr. */
export interface PrintedLines {
  out: string;
  err: string;
}

/**
 * How `ctl tail` prints lines. Several processes: each line after its
 * process's name, padded to a column, then `|` for stdout or `!` for stderr,
 * as `docker compose logs` does. One process: the lines as they are, as
 * supervisorctl prints them; with both streams, stderr's go to stderr, as
 * `docker logs` does, so stdout holds exactly the program's stdout.
 */
export function makeLogPrinter(names: readonly string[], options: LogPrintOptions): (event: LogEvent) => PrintedLines {
  const width = Math.max(0, ...names.map((name) => name.length));
  const colours = new Map(names.map((name, i) => [name, COLOURS[i % COLOURS.length]!]));
  const colourOf = (name: string): number => {
    let colour = colours.get(name);
    // A process started after we began (a scale-up) takes the next colour.
    if (colour === undefined) colours.set(name, (colour = COLOURS[colours.size % COLOURS.length]!));
    return colour;
  };
  const prefixed = names.length > 1;
  return (event) => {
    if (options.json) {
      const time = new Date(event.at).toISOString();
      return { out: event.lines.map((line) => `${JSON.stringify({ time, process: event.process, stream: event.stream, line })}\n`).join(''), err: '' };
    }
    if (!prefixed) {
      const text = event.lines.map((line) => `${line}\n`).join('');
      return options.bothStreams && event.stream === 'stderr' ? { out: '', err: text } : { out: text, err: '' };
    }
    let prefix = `${event.process.padEnd(width)} ${event.stream === 'stderr' ? '!' : '|'} `;
    if (options.colour) prefix = `\x1b[${colourOf(event.process)}m${prefix}\x1b[0m`;
    return { out: event.lines.map((line) => `${prefix}${line}\n`).join(''), err: '' };
  };
}
