import type { ProcessUsage } from '../../api/supervisor-api.js';
import { ChangeNotifier, DEFAULT_NOTIFY_DELAY_MS, type ExternalStore } from './change-notifier.js';
import { RingBuffer } from './ring-buffer.js';

/** How many samples the sparklines can show: five minutes at the default one-second interval. */
export const HISTORY_SAMPLES = 300;

export interface StatsSnapshot {
  /** The latest sample of every process that runs; a process missing here has no figures. */
  usage: ReadonlyMap<string, ProcessUsage>;
  /** When that sample was taken; 0 before the first. */
  at: number;
  /** Bumped on every sample, so a history reader knows when to read again. */
  sample: number;
}

export interface UsageHistory {
  cpuPercent: number[];
  rssBytes: number[];
}

/**
 * CPU and memory from stats events: the latest figures for the rows, and a
 * short history per process for the details pane's sparklines.
 */
export class StatsStore implements ExternalStore<StatsSnapshot> {
  private readonly notifier: ChangeNotifier;
  private readonly histories = new Map<string, { cpu: RingBuffer; rss: RingBuffer }>();
  private snapshot: StatsSnapshot = { usage: new Map(), at: 0, sample: 0 };

  constructor(
    delayMs = DEFAULT_NOTIFY_DELAY_MS,
    private readonly historySamples = HISTORY_SAMPLES,
  ) {
    this.notifier = new ChangeNotifier(delayMs);
  }

  readonly subscribe = (listener: () => void): (() => void) => this.notifier.subscribe(listener);

  readonly getSnapshot = (): StatsSnapshot => this.snapshot;

  /** One stats event: replaces the latest figures and extends every history. */
  record(at: number, processes: readonly ProcessUsage[]): void {
    const usage = new Map<string, ProcessUsage>();
    for (const entry of processes) {
      usage.set(entry.name, entry);
      let history = this.histories.get(entry.name);
      if (!history) {
        history = { cpu: new RingBuffer(this.historySamples), rss: new RingBuffer(this.historySamples) };
        this.histories.set(entry.name, history);
      }
      history.cpu.push(entry.cpuPercent);
      history.rss.push(entry.rssBytes);
    }
    this.snapshot = { usage, at, sample: this.snapshot.sample + 1 };
    this.notifier.changed();
  }

  /** The last `limit` samples of one process, oldest first (empty arrays when never sampled). */
  history(name: string, limit = this.historySamples): UsageHistory {
    const history = this.histories.get(name);
    if (!history) return { cpuPercent: [], rssBytes: [] };
    return { cpuPercent: history.cpu.toArray(limit), rssBytes: history.rss.toArray(limit) };
  }

  /** A removed process takes its history with it (a new one of that name starts afresh). */
  forget(name: string): void {
    this.histories.delete(name);
  }

  dispose(): void {
    this.notifier.dispose();
  }
}
