import { isChildGone } from './proc-fs.js';
import type { SpawnedChild } from './spawn-child.js';

/** How often a killed child is looked for: its exit normally arrives within milliseconds of SIGKILL. */
const CHECK_EVERY_MS = 1000;

/**
 * After SIGKILL, calls `onGone` once if the kernel no longer has the child
 * although its exit was never reported, so a stop cannot wait forever for a
 * pid that is gone. Returns a function that ends the watch (the exit came).
 */
export function watchForLostExit(child: SpawnedChild, onGone: () => void): () => void {
  const timer = setInterval(() => {
    if (!isChildGone(child.pid, child.parentPid)) return;
    clearInterval(timer);
    onGone();
  }, CHECK_EVERY_MS);
  return () => clearInterval(timer);
}
