import { groupExists, sendSignal, sendStopSignal } from '../signals.js';
import { watchGroupEnd } from '../process-watches.js';

/**
 * The process groups of one supervisor's hooks, per program. A hook runs in
 * its own session and group (pgid = its pid), so whatever it starts in the
 * background (`scheduler &`) stays in that group after the hook itself has
 * exited. When the program stops, drover stops those groups as it stops the
 * program's own processes: SIGTERM, then SIGKILL after stopwaitsecs, so
 * nothing a hook started outlives the program.
 *
 * A group is forgotten once found empty. Until then its number cannot be
 * given to a new process (the kernel does not reuse a pid while a group of
 * that id has members), so signalling it never reaches a stranger.
 */
export class HookGroups {
  private readonly groups = new Map<string, Set<number>>();
  /** Hooks whose own process has not exited yet: a stop lets them finish first. */
  private readonly running = new Map<string, Set<Promise<unknown>>>();

  /** A hook of `program` was spawned as group `pgid`; `done` settles when its own process exits. */
  add(program: string, pgid: number, done: Promise<unknown>): void {
    this.setOf(this.groups, program).add(pgid);
    const running = this.setOf(this.running, program);
    running.add(done);
    void done.finally(() => {
      running.delete(done);
      if (!groupExists(pgid)) this.groups.get(program)?.delete(pgid);
    });
  }

  /**
   * Waits for the program's running hooks (each bounded by the hook timeout),
   * then stops what is left in their groups: SIGTERM, SIGKILL after graceMs.
   */
  async stop(program: string, graceMs: number): Promise<void> {
    await Promise.allSettled([...(this.running.get(program) ?? [])]);
    const pgids = [...(this.groups.get(program) ?? [])];
    this.groups.delete(program);
    await Promise.all(pgids.map((pgid) => stopGroup(pgid, graceMs)));
  }

  private setOf<T>(map: Map<string, Set<T>>, key: string): Set<T> {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    return set;
  }
}

/** After SIGKILL, how long to wait for the group to be reaped before the stop goes on without it. */
const REAP_WAIT_MS = 2000;

/**
 * SIGTERM (and SIGCONT, for a stopped member) to the group, SIGKILL after
 * graceMs; resolves once it is empty, or a little after the SIGKILL (an
 * unreaped zombie still counts as a member, and must not hold up the stop).
 */
function stopGroup(pgid: number, graceMs: number): Promise<void> {
  if (!sendStopSignal(pgid, 'SIGTERM', true)) return Promise.resolve();
  return new Promise((resolve) => {
    let giveUp: NodeJS.Timeout | undefined;
    const killer = setTimeout(() => {
      sendSignal(pgid, 'SIGKILL', true);
      giveUp = setTimeout(() => {
        unwatch();
        resolve();
      }, REAP_WAIT_MS);
    }, graceMs);
    const unwatch = watchGroupEnd(pgid, () => {
      clearTimeout(killer);
      clearTimeout(giveUp);
      resolve();
    });
  });
}
