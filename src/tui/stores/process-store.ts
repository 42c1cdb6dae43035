import type { ProcessStatus } from '../../api/supervisor-api.js';
import { ChangeNotifier, DEFAULT_NOTIFY_DELAY_MS, type ExternalStore } from './change-notifier.js';

export interface ProcessSnapshot {
  /** False until the first status() answer arrived. */
  loaded: boolean;
  /** In the supervisor's order. */
  processes: readonly ProcessStatus[];
  byName: ReadonlyMap<string, ProcessStatus>;
}

/**
 * Every process of the supervisor: the status() snapshot, then kept current by
 * state, processAdded and processRemoved events. An entry object is replaced
 * only when that process changes, so a component that shows one process
 * re-renders only for it.
 */
export class ProcessStore implements ExternalStore<ProcessSnapshot> {
  private readonly entries = new Map<string, ProcessStatus>();
  private readonly notifier: ChangeNotifier;
  private loaded = false;
  private snapshot: ProcessSnapshot = { loaded: false, processes: [], byName: new Map() };
  private dirty = false;

  constructor(delayMs = DEFAULT_NOTIFY_DELAY_MS) {
    this.notifier = new ChangeNotifier(delayMs);
  }

  readonly subscribe = (listener: () => void): (() => void) => this.notifier.subscribe(listener);

  readonly getSnapshot = (): ProcessSnapshot => {
    if (this.dirty) {
      this.dirty = false;
      this.snapshot = { loaded: this.loaded, processes: [...this.entries.values()], byName: new Map(this.entries) };
    }
    return this.snapshot;
  };

  /** Replaces everything with a status() answer. */
  load(statuses: readonly ProcessStatus[]): void {
    this.entries.clear();
    for (const status of statuses) this.entries.set(status.name, status);
    this.loaded = true;
    this.changed();
  }

  /**
   * A state event or processAdded: the process is the whole truth about it.
   * `startedAt` is the uptime base: the control socket is a Unix socket, so
   * the supervisor's clock is this machine's and `now - startedAt` needs no correction.
   */
  put(process: ProcessStatus): void {
    this.entries.set(process.name, process);
    this.changed();
  }

  remove(name: string): void {
    if (this.entries.delete(name)) this.changed();
  }

  dispose(): void {
    this.notifier.dispose();
  }

  private changed(): void {
    this.dirty = true;
    this.notifier.changed();
  }
}
