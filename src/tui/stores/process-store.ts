import type { ProcessStatus } from '../../api/supervisor-api.js';
import type { ProcessInfo } from '../../engine/events.js';
import { ChangeNotifier, DEFAULT_NOTIFY_DELAY_MS, type ExternalStore } from './change-notifier.js';

/**
 * One process as the view keeps it: the fields status() and state events
 * share. `startedAt` is the uptime base: the control socket is a Unix socket,
 * so the supervisor's clock is this machine's and `now - startedAt` needs no
 * correction.
 */
export type ViewProcess = Omit<ProcessInfo, 'num'>;

export interface ProcessSnapshot {
  /** False until the first status() answer arrived. */
  loaded: boolean;
  /** In the supervisor's order. */
  processes: readonly ViewProcess[];
  byName: ReadonlyMap<string, ViewProcess>;
}

/**
 * Every process of the supervisor: the status() snapshot, then kept current by
 * state, processAdded and processRemoved events. An entry object is replaced
 * only when that process changes, so a component that shows one process
 * re-renders only for it.
 */
export class ProcessStore implements ExternalStore<ProcessSnapshot> {
  private readonly entries = new Map<string, ViewProcess>();
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
    for (const status of statuses) this.entries.set(status.name, toViewProcess(status));
    this.loaded = true;
    this.changed();
  }

  /** A state event or processAdded: the info is the whole truth about that process. */
  put(info: ProcessInfo): void {
    this.entries.set(info.name, toViewProcess(info));
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

/** A status() entry or a state event's process, cut to the fields both carry. */
function toViewProcess(p: ViewProcess): ViewProcess {
  return {
    name: p.name,
    program: p.program,
    processName: p.processName,
    group: p.group,
    state: p.state,
    pid: p.pid,
    description: p.description,
    restarts: p.restarts,
    exitCode: p.exitCode,
    exitSignal: p.exitSignal,
    startedAt: p.startedAt,
    lastExitAt: p.lastExitAt,
    ready: p.ready,
    scaledToZero: p.scaledToZero,
    done: p.done,
  };
}
