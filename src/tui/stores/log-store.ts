import type { LogStream } from '../../api/supervisor-api.js';
import { ChangeNotifier, DEFAULT_NOTIFY_DELAY_MS, type ExternalStore } from './change-notifier.js';

/** Enough to fill any terminal several times over; older lines are dropped. */
export const LOG_LINE_CAP = 1000;

export interface LogLine {
  /** The process's name, `group:process`. */
  process: string;
  stream: LogStream;
  text: string;
}

export interface LogSnapshot {
  /** The followed pattern (a process name or `program:*`); null when nothing is followed. */
  target: string | null;
  lines: readonly LogLine[];
  /** Why following failed (the process vanished, the stream broke); null when it works. */
  error: string | null;
}

/** The output of the process the log pane follows, the newest `cap` lines. */
export class LogStore implements ExternalStore<LogSnapshot> {
  private readonly notifier: ChangeNotifier;
  private lines: LogLine[] = [];
  private target: string | null = null;
  private error: string | null = null;
  private snapshot: LogSnapshot = { target: null, lines: [], error: null };
  private dirty = false;

  constructor(
    delayMs = DEFAULT_NOTIFY_DELAY_MS,
    private readonly cap = LOG_LINE_CAP,
  ) {
    this.notifier = new ChangeNotifier(delayMs);
  }

  readonly subscribe = (listener: () => void): (() => void) => this.notifier.subscribe(listener);

  readonly getSnapshot = (): LogSnapshot => {
    if (this.dirty) {
      this.dirty = false;
      this.snapshot = { target: this.target, lines: this.lines.slice(), error: this.error };
    }
    return this.snapshot;
  };

  /** Starts over for another target (or none). */
  reset(target: string | null): void {
    this.target = target;
    this.lines = [];
    this.error = null;
    this.changed();
  }

  append(process: string, stream: LogStream, texts: readonly string[]): void {
    for (const text of texts) this.lines.push({ process, stream, text });
    // One splice per event rather than a shift per line: a chatty process sends hundreds at once.
    if (this.lines.length > this.cap) this.lines.splice(0, this.lines.length - this.cap);
    this.changed();
  }

  fail(message: string): void {
    this.error = message;
    this.changed();
  }

  dispose(): void {
    this.notifier.dispose();
  }

  private changed(): void {
    this.dirty = true;
    this.notifier.changed();
  }
}
