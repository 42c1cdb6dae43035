import type { ProcessStatus } from '../../control/api.js';
import type { ProcessInfo } from '../../engine/events.js';
import type { ProcessState } from '../../engine/process-state.js';
import { ChangeNotifier, DEFAULT_NOTIFY_DELAY_MS, type ExternalStore } from './change-notifier.js';

/** One process as the view keeps it: the fields status() and state events share. */
export interface ViewProcess {
  /** `program:process` */
  name: string;
  program: string;
  processName: string;
  group: string;
  state: ProcessState;
  pid: number | null;
  description: string;
  restarts: number;
  exitCode: number | null;
  exitSignal: string | null;
  /**
   * When the current child started (ms since the epoch), null when none runs.
   * The uptime base: the control socket is a Unix socket, so the supervisor's
   * clock is this machine's clock and `now - startedAt` needs no correction.
   */
  startedAt: number | null;
  lastExitAt: number | null;
}

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
    for (const status of statuses) this.entries.set(status.name, fromStatus(status));
    this.loaded = true;
    this.changed();
  }

  /** A state event or processAdded: the info is the whole truth about that process. */
  put(info: ProcessInfo): void {
    this.entries.set(info.name, fromInfo(info));
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

function fromStatus(status: ProcessStatus): ViewProcess {
  return {
    name: status.name,
    program: status.program,
    processName: status.processName,
    group: status.group,
    state: status.state,
    pid: status.pid,
    description: status.description,
    restarts: status.restarts,
    exitCode: status.exitCode,
    exitSignal: status.exitSignal,
    startedAt: status.startedAt,
    lastExitAt: status.lastExitAt,
  };
}

function fromInfo(info: ProcessInfo): ViewProcess {
  return {
    name: info.name,
    program: info.program,
    processName: info.processName,
    group: info.group,
    state: info.state,
    pid: info.pid,
    description: info.description,
    restarts: info.restarts,
    exitCode: info.exitCode,
    exitSignal: info.exitSignal,
    startedAt: info.startedAt,
    lastExitAt: info.lastExitAt,
  };
}
