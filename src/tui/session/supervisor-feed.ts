import type { EngineEvent, EventSubscription, SupervisorApi } from '../../api/supervisor-api.js';
import type { ProcessStore } from '../stores/process-store.js';
import type { StatsStore } from '../stores/stats-store.js';
import type { ValueStore } from '../stores/value-store.js';

/** A supervisor message worth showing in the view. */
export interface SupervisorNotice {
  at: number;
  level: 'warn' | 'error';
  message: string;
}

/**
 * Keeps the process and stats stores current: one status() call, then events
 * only (never a status poll). The stream is opened before status() is asked,
 * and events that arrive meanwhile are applied after the snapshot: each state
 * event carries the whole process, so replaying them in order can only bring
 * the snapshot forward, and nothing that happens in between is missed.
 */
export class SupervisorFeed {
  private subscription: EventSubscription | null = null;
  private closed = false;
  /** The supervisor said it hands over to a fresh one (ctl reexec): the end of its stream is not the end of the view. */
  handingOver = false;

  constructor(
    private readonly api: SupervisorApi,
    private readonly processes: ProcessStore,
    private readonly stats: StatsStore,
    /** Supervisor warnings and errors (a liveness restart, a limit hit): the status line shows the latest. */
    private readonly notices: ValueStore<SupervisorNotice | null>,
    /** A process came or went: a config update or a scale, after which info()'s programs may read differently. */
    private readonly onMembershipChanged: () => void = () => undefined,
  ) {}

  /**
   * Resolves once the stores hold the first snapshot. `onGone` is called when
   * the event stream ends with an error: the supervisor went away.
   */
  async start(onGone: (error: Error) => void): Promise<void> {
    this.handingOver = false;
    let pending: EngineEvent[] | null = [];
    const subscription = await this.api.events({ stats: true }, (event) => {
      if (pending) pending.push(event);
      else this.apply(event);
    });
    if (this.closed) {
      subscription.close();
      return;
    }
    this.subscription = subscription;
    void subscription.ended.then((error) => {
      if (error && !this.closed) onGone(error);
    });
    try {
      this.processes.load(await this.api.status());
    } finally {
      const buffered = pending;
      pending = null;
      for (const event of buffered) this.apply(event);
    }
  }

  close(): void {
    this.closed = true;
    this.subscription?.close();
    this.subscription = null;
  }

  private apply(event: EngineEvent): void {
    switch (event.kind) {
      case 'state':
      case 'health':
        this.processes.put(event.process);
        return;
      case 'processAdded':
        this.processes.put(event.process);
        this.onMembershipChanged();
        return;
      case 'processRemoved':
        this.processes.remove(event.process.name);
        this.stats.forget(event.process.name);
        this.onMembershipChanged();
        return;
      case 'stats':
        this.stats.record(event.at, event.processes);
        return;
      case 'supervisor':
        if (event.handover) this.handingOver = true;
        // Info lines (a watched file changed) are for the logs; what needs a look goes on the status line.
        if (event.level !== 'info') this.notices.set({ at: event.at, level: event.level, message: event.message });
        return;
      case 'log':
        // Log lines come on the log pane's own stream.
        return;
    }
  }
}
