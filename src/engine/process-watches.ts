import { isChildGone } from './proc-fs.js';
import { groupExists } from './signals.js';
import type { SpawnedChild } from './spawn-child.js';

/** Calls `onDone` once `done()` holds, looking every `everyMs`; returns a function that ends the watch. */
function pollUntil(done: () => boolean, everyMs: number, onDone: () => void): () => void {
  const timer = setInterval(() => {
    if (!done()) return;
    clearInterval(timer);
    onDone();
  }, everyMs);
  return () => clearInterval(timer);
}

/**
 * After SIGKILL, calls `onGone` once if the kernel no longer has the child
 * although its exit was never reported, so a stop cannot wait forever for a
 * pid that is gone. Once a second: the exit normally arrives within
 * milliseconds of SIGKILL.
 */
export function watchForLostExit(child: SpawnedChild, onGone: () => void): () => void {
  return pollUntil(() => isChildGone(child.pid, child.parentPid), 1000, onGone);
}

/**
 * Calls `onEnd` once the process group `pgid` has no members left. Used while
 * a stop drains what the program forked: the main process may exit at once on
 * SIGTERM while its workers finish their own graceful stop, and the stop is
 * done only when they have. Every 50 ms: the members end within one stopwaitsecs.
 */
export function watchGroupEnd(pgid: number, onEnd: () => void): () => void {
  return pollUntil(() => !groupExists(pgid), 50, onEnd);
}
