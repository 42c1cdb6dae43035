import { existsSync } from 'node:fs';

/** How often /proc is checked for children nobody will report the end of. */
const ORPHAN_POLL_MS = 250;

/**
 * Polls /proc until every pid `pids()` lists is gone, calling `gone` for each
 * as it goes: the children of a dead drover-spawner are init's now, and no
 * exit status reaches us.
 */
export function watchUntilGone(pids: () => number[], gone: (pid: number) => void, done: () => void): void {
  const timer = setInterval(() => {
    for (const pid of pids()) if (!existsSync(`/proc/${pid}`)) gone(pid);
    if (pids().length > 0) return;
    clearInterval(timer);
    done();
  }, ORPHAN_POLL_MS);
  timer.unref();
}
