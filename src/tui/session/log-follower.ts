import type { EventSubscription, SupervisorApi } from '../../api/supervisor-api.js';
import type { LogStore } from '../stores/log-store.js';

/** Lines sent first when a process is followed: more than any terminal shows. */
export const FOLLOW_TAIL_LINES = 200;

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

  constructor(
    private readonly api: SupervisorApi,
    private readonly store: LogStore,
  ) {}

  follow(target: string | null): void {
    if (target === this.target) return;
    this.target = target;
    const generation = ++this.generation;
    this.subscription?.close();
    this.subscription = null;
    this.store.reset(target);
    if (target === null) return;
    const current = () => generation === this.generation;
    this.api
      .events({ logs: true, process: target, tail: FOLLOW_TAIL_LINES }, (event) => {
        if (event.kind === 'log' && current()) this.store.append(event.process, event.stream, event.lines);
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

  close(): void {
    this.generation++;
    this.target = null;
    this.subscription?.close();
    this.subscription = null;
  }
}
