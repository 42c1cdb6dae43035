import type { LogStream } from '../../api/supervisor-api.js';
import { ChangeNotifier, DEFAULT_NOTIFY_DELAY_MS, type ExternalStore } from './change-notifier.js';

/** Scrollback held in memory: hours of a chatty process, a few megabytes at most. */
export const LOG_LINE_CAP = 10_000;
/** Lines read back from the log files, on top of the ones followed. */
export const FILE_LINE_CAP = 10_000;

export interface LogLine {
  /** Unique within a store's life, growing with arrival (file lines count down below zero): the viewer anchors on it. */
  seq: number;
  /** The process's name, `group:process`. */
  process: string;
  stream: LogStream;
  text: string;
  /** When the supervisor received it (ms since epoch); null for a line read back from a log file, which has no time. */
  at: number | null;
}

export interface LogSnapshot {
  /** The followed pattern (a process name, `program:*` or `all`); null when nothing is followed. */
  target: string | null;
  /** Counts the resets: an anchor from another target's lines means nothing here. */
  generation: number;
  /** Oldest first: lines read back from the log files, then the followed ones in arrival order. */
  lines: readonly LogLine[];
  /** Why following failed (the process vanished, the stream broke); null when it works. */
  error: string | null;
}

/** The output the log viewer follows: the newest `cap` lines, interleaved by arrival time, and older lines from the files. */
export class LogStore implements ExternalStore<LogSnapshot> {
  private readonly notifier: ChangeNotifier;
  private lines: LogLine[] = [];
  private fileLines: LogLine[] = [];
  private target: string | null = null;
  private generation = 0;
  private error: string | null = null;
  private nextSeq = 1;
  private nextFileSeq = -1;
  private snapshot: LogSnapshot = { target: null, generation: 0, lines: [], error: null };
  private dirty = false;

  constructor(
    delayMs = DEFAULT_NOTIFY_DELAY_MS,
    private readonly cap = LOG_LINE_CAP,
    private readonly fileCap = FILE_LINE_CAP,
  ) {
    this.notifier = new ChangeNotifier(delayMs);
  }

  readonly subscribe = (listener: () => void): (() => void) => this.notifier.subscribe(listener);

  readonly getSnapshot = (): LogSnapshot => {
    if (this.dirty) {
      this.dirty = false;
      this.snapshot = { target: this.target, generation: this.generation, lines: this.fileLines.concat(this.lines), error: this.error };
    }
    return this.snapshot;
  };

  /** Starts over for another target (or none). */
  reset(target: string | null): void {
    this.target = target;
    this.generation++;
    this.lines = [];
    this.fileLines = [];
    this.error = null;
    this.changed();
  }

  /**
   * Lines of one event, placed by `at` after every line that arrived at the same time or earlier:
   * a backlog sent stream by stream (or process by process) still reads in the order it was printed.
   */
  append(process: string, stream: LogStream, texts: readonly string[], at: number): void {
    const added = texts.map((text): LogLine => ({ seq: this.nextSeq++, process, stream, text, at }));
    const last = this.lines.at(-1);
    if (!last || last.at! <= at) this.lines.push(...added);
    else this.lines.splice(this.insertionPoint(at), 0, ...added);
    // One splice per event rather than a shift per line: a chatty process sends hundreds at once.
    if (this.lines.length > this.cap) this.lines.splice(0, this.lines.length - this.cap);
    this.changed();
  }

  /** Lines read back from a log file, older than everything held: they go on top. */
  prependFromFile(process: string, stream: LogStream, texts: readonly string[]): void {
    if (texts.length === 0) return;
    const added = texts.map((text): LogLine => ({ seq: 0, process, stream, text, at: null }));
    for (let i = added.length - 1; i >= 0; i--) added[i]!.seq = this.nextFileSeq--;
    this.fileLines = added.concat(this.fileLines);
    this.changed();
  }

  /** How many lines of this process's stream are held, followed and read back: the `skip` of the next read. */
  heldLines(process: string, stream: LogStream): number {
    const count = (lines: readonly LogLine[]) => lines.reduce((n, line) => (line.process === process && line.stream === stream ? n + 1 : n), 0);
    return count(this.lines) + count(this.fileLines);
  }

  /** Whether the file lines reached their cap: scrolling back stops there. */
  get fileLinesFull(): boolean {
    return this.fileLines.length >= this.fileCap;
  }

  fail(message: string): void {
    this.error = message;
    this.changed();
  }

  dispose(): void {
    this.notifier.dispose();
  }

  /** The first index whose line arrived after `at` (binary search: the lines are in `at` order). */
  private insertionPoint(at: number): number {
    let low = 0;
    let high = this.lines.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.lines[middle]!.at! <= at) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private changed(): void {
    this.dirty = true;
    this.notifier.changed();
  }
}
