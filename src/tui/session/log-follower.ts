import type { EventSubscription, LogStream, SupervisorApi } from '../../api/supervisor-api.js';
import type { LogStore } from '../stores/log-store.js';

/** Lines sent first when a process is followed: more than any terminal shows. */
export const FOLLOW_TAIL_LINES = 200;
/** Lines read back from a log file per step up past the top. */
export const OLDER_LINES = 200;
const STREAMS: readonly LogStream[] = ['stdout', 'stderr'];

/**
 * The log pane's event stream: one at a time, for the followed pattern. Each
 * follow() closes the previous stream; an answer that arrives for a target
 * already given up is closed at once, so quick moves never leave streams open
 * or mix two processes' lines.
 */
export class LogFollower {
  private subscription: EventSubscription | null = null;
  private generation = 0;
  private target: string | null = null;
  private readingOlder = false;

  constructor(
    private readonly api: SupervisorApi,
    private readonly store: LogStore,
  ) {}

  follow(target: string | null): void {
    if (target === this.target) return;
    this.target = target;
    this.store.reset(target);
    this.subscribe(FOLLOW_TAIL_LINES);
  }

  /**
   * The same target from a new supervisor (after a hand-over): the lines held
   * stay, and the new one's backlog is only what it read itself (written during
   * the hand-over), so nothing is shown twice.
   */
  resume(): void {
    this.subscribe(FOLLOW_TAIL_LINES);
  }

  private subscribe(tail: number): void {
    const target = this.target;
    const generation = ++this.generation;
    this.subscription?.close();
    this.subscription = null;
    if (target === null) return;
    const current = () => generation === this.generation;
    this.api
      .events({ logs: true, process: target, tail }, (event) => {
        if (event.kind === 'log' && current()) this.store.append(event.process, event.stream, event.lines, event.at);
      })
      .then(
        (subscription) => {
          if (!current()) {
            subscription.close();
            return;
          }
          this.subscription = subscription;
          void subscription.ended.then((error) => {
            if (error && current()) this.store.fail(`log stream ended: ${error.message}`);
          });
        },
        (error: unknown) => {
          if (current()) this.store.fail(error instanceof Error ? error.message : String(error));
        },
      );
  }

  /**
   * Reads the lines before the ones held from the followed process's log files (both streams: a
   * program's errors are often all it prints), and says what came of it for the status line.
   */
  async loadOlder(): Promise<string> {
    const target = this.target;
    if (target === null) return 'nothing is followed';
    if (target === 'all' || target.endsWith(':*')) return "older lines come from one process's log files: select a process";
    if (this.store.fileLinesFull) return 'scrollback is full: older lines are in the log files (drover ctl tail)';
    if (this.readingOlder) return 'reading the log files…';
    this.readingOlder = true;
    const generation = this.generation;
    try {
      let read = 0;
      for (const stream of STREAMS) {
        const lines = await this.api.tail(target, OLDER_LINES, stream, this.store.heldLines(target, stream));
        if (generation !== this.generation) return 'the followed process changed';
        this.store.prependFromFile(target, stream, lines);
        read += lines.length;
      }
      return read === 0 ? `the start of ${target}'s log files` : `${read} older lines from ${target}'s log files`;
    } catch (error) {
      return `older lines: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.readingOlder = false;
    }
  }

  close(): void {
    this.generation++;
    this.target = null;
    this.subscription?.close();
    this.subscription = null;
  }
}
