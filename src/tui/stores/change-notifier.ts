/**
 * The subscribe half of an external store, with notifications coalesced.
 *
 * Events come in bursts (starting 1,000 processes is 2,000 state events, a
 * stats event names every process): a store takes each one at once, but tells
 * React at most once per `delayMs`, so the view renders once per burst rather
 * than once per event.
 */
export class ChangeNotifier {
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly delayMs: number) {}

  /** For `useSyncExternalStore`: returns the unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Something changed: listeners hear of it within `delayMs`. */
  changed(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
    // A pending repaint must not keep the process alive after the view ended.
    this.timer.unref();
  }

  /** Stops pending notifications (the view is gone). */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private flush(): void {
    this.timer = null;
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * What `useSyncExternalStore` reads: the snapshot keeps its identity until its content changes.
 * React calls both detached from the store, so they are function properties (arrow functions), not methods.
 */
export interface ExternalStore<T> {
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => T;
}

/** How long stores wait to coalesce a burst of events; well under a frame at 10 fps. */
export const DEFAULT_NOTIFY_DELAY_MS = 30;
