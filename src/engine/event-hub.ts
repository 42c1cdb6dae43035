import type { EngineListener } from './events.js';
import type { EngineEvent } from '../api/supervisor-api.js';

/**
 * Fans engine events out to listeners. Log lines are costly to turn into
 * events, so the hub tells its owner when the first listener that wants them
 * arrives and when the last one leaves.
 */
export class EventHub {
  private readonly listeners = new Set<EngineListener>();
  private logListeners = 0;

  constructor(private readonly onLogInterest: (wanted: boolean) => void) {}

  subscribe(listener: EngineListener, options: { logs?: boolean } = {}): () => void {
    const wrapped: EngineListener = options.logs ? listener : (event) => event.kind !== 'log' && listener(event);
    this.listeners.add(wrapped);
    if (options.logs && ++this.logListeners === 1) this.onLogInterest(true);
    return () => {
      if (this.listeners.delete(wrapped) && options.logs && --this.logListeners === 0) this.onLogInterest(false);
    };
  }

  emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // A broken listener (a client that went away) must never take the supervisor down.
        if (event.kind !== 'supervisor') this.emit({ kind: 'supervisor', at: Date.now(), level: 'error', message: `event listener failed: ${(err as Error).message}` });
      }
    }
  }
}
