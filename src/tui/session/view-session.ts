import type { SupervisorApi, SupervisorInfo } from '../../api/supervisor-api.js';
import { DEFAULT_NOTIFY_DELAY_MS } from '../stores/change-notifier.js';
import { LogStore } from '../stores/log-store.js';
import { ProcessStore } from '../stores/process-store.js';
import { StatsStore } from '../stores/stats-store.js';
import { ValueStore } from '../stores/value-store.js';
import { LogFollower } from './log-follower.js';
import { SupervisorFeed, type SupervisorNotice } from './supervisor-feed.js';
import { awaitSuccessor } from '../../client/await-successor.js';

/**
 * Everything the view knows about the supervisor, outside React: the stores
 * the components read, and the event streams that fill them. The view reaches
 * the supervisor only through `api`.
 */
export class ViewSession {
  readonly processes: ProcessStore;
  readonly stats: StatsStore;
  readonly logs: LogStore;
  /** null until info() answered (the header shows what it can meanwhile). */
  readonly info: ValueStore<SupervisorInfo | null>;
  /** The latest supervisor warning or error; null until one comes. */
  readonly notices: ValueStore<SupervisorNotice | null>;
  /** Settles when the main event stream ended with an error: the supervisor is gone. */
  readonly gone: Promise<Error>;
  private readonly feed: SupervisorFeed;
  private readonly follower: LogFollower;
  private reportGone!: (error: Error) => void;
  /** An info() call is under way; `infoStale`: something changed since it was asked. */
  private infoLoading = false;
  private infoStale = false;
  private closed = false;

  constructor(
    readonly api: SupervisorApi,
    notifyDelayMs = DEFAULT_NOTIFY_DELAY_MS,
  ) {
    this.processes = new ProcessStore(notifyDelayMs);
    this.stats = new StatsStore(notifyDelayMs);
    this.logs = new LogStore(notifyDelayMs);
    this.info = new ValueStore<SupervisorInfo | null>(null, notifyDelayMs);
    this.notices = new ValueStore<SupervisorNotice | null>(null, notifyDelayMs);
    this.feed = new SupervisorFeed(api, this.processes, this.stats, this.notices, () => this.loadInfo());
    this.follower = new LogFollower(api, this.logs);
    this.gone = new Promise((resolve) => (this.reportGone = resolve));
  }

  /** Opens the event stream and loads the first snapshot; rejects when the supervisor cannot be reached. */
  async start(): Promise<void> {
    this.loadInfo();
    await this.feed.start((error) => this.onStreamEnded(error));
  }

  /**
   * The supervisor's event stream ended. After it said it hands over (ctl
   * reexec), the view waits for the next supervisor and carries on with it;
   * otherwise the supervisor is gone.
   */
  private onStreamEnded(error: Error): void {
    if (!this.feed.handingOver || this.closed) return this.reportGone(error);
    const previous = this.info.getSnapshot()?.pid ?? null;
    this.notices.set({ at: Date.now(), level: 'warn', message: `supervisor pid ${previous ?? '?'} is handing over to a fresh drover; waiting for it…` });
    void awaitSuccessor(this.api, previous, () => this.closed)
      .then(async (next) => {
        if (next === null) return this.reportGone(error);
        await this.feed.start((ended) => this.onStreamEnded(ended));
        this.loadInfo();
        this.follower.resume();
        this.notices.set({ at: Date.now(), level: 'warn', message: `reconnected: supervisor pid ${next} took over from pid ${previous ?? '?'}` });
      })
      .catch((failure: unknown) => this.reportGone(failure instanceof Error ? failure : new Error(String(failure))));
  }

  /**
   * Asks info() (again): the programs' commands and binds follow config updates.
   * A burst of changes (scaling by 100) costs one call in flight and one after it.
   */
  private loadInfo(): void {
    if (this.infoLoading) {
      this.infoStale = true;
      return;
    }
    this.infoLoading = true;
    const settle = () => {
      this.infoLoading = false;
      if (this.infoStale) {
        this.infoStale = false;
        this.loadInfo();
      }
    };
    // The header can do without info: a failure here is not worth ending the view.
    this.api.info().then(
      (info) => {
        this.info.set(info);
        settle();
      },
      () => settle(),
    );
  }

  /** Follows one process's output (a name or `program:*`) in the log store; null stops. */
  follow(target: string | null): void {
    this.follower.follow(target);
  }

  /** Reads older lines of the followed process from its log files; resolves to what to tell the user. */
  loadOlderLogs(): Promise<string> {
    return this.follower.loadOlder();
  }

  close(): void {
    this.closed = true;
    this.feed.close();
    this.follower.close();
    this.processes.dispose();
    this.stats.dispose();
    this.logs.dispose();
    this.info.dispose();
    this.notices.dispose();
  }
}
