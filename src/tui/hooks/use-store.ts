import { useSyncExternalStore } from 'react';
import type { ExternalStore } from '../stores/change-notifier.js';

/** The current snapshot of a store; the component renders again when it changes. */
export function useStore<T>(store: ExternalStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
