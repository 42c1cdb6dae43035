import { groupExists } from './signals.js';

/** How often a draining process group is looked at: its members end within one stopwaitsecs. */
const CHECK_EVERY_MS = 50;

/**
 * Calls `onEnd` once the process group `pgid` has no members left. Used while
 * a stop drains what the program forked: the main process may exit at once on
 * SIGTERM while its workers finish their own graceful stop, and the stop is
 * done only when they have. Returns a function that ends the watch.
 */
export function watchGroupEnd(pgid: number, onEnd: () => void): () => void {
  const timer = setInterval(() => {
    if (groupExists(pgid)) return;
    clearInterval(timer);
    onEnd();
  }, CHECK_EVERY_MS);
  return () => clearInterval(timer);
}
