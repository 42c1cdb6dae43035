import { ChangeNotifier, DEFAULT_NOTIFY_DELAY_MS, type ExternalStore } from './change-notifier.js';

/** One value that changes now and then (the supervisor's info), as an external store. */
export class ValueStore<T> implements ExternalStore<T> {
  private readonly notifier: ChangeNotifier;

  constructor(
    private value: T,
    delayMs = DEFAULT_NOTIFY_DELAY_MS,
  ) {
    this.notifier = new ChangeNotifier(delayMs);
  }

  readonly subscribe = (listener: () => void): (() => void) => this.notifier.subscribe(listener);

  readonly getSnapshot = (): T => this.value;

  set(value: T): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    this.notifier.changed();
  }

  dispose(): void {
    this.notifier.dispose();
  }
}
