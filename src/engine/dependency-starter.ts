import type { ProgramConfig } from '../config/runtime.js';
import type { ManagedProcess } from './managed-process.js';
import { hasGivenUp, satisfiesDependents } from './oneshot.js';
import type { ProcessTable } from './process-table.js';
import { startOrder } from './start-order.js';

/** Spawning is synchronous; yield this often so signals and exits are still handled during a big start. */
const SPAWNS_PER_TICK = 25;

/**
 * Starts processes in priority order, holding back (as pending) those whose
 * `depends_on` programs are not all RUNNING (a one-shot: done), and starting
 * them as soon as they are. When a one-shot gives up, what waited for it is
 * told it will not start.
 */
export class DependencyStarter {
  constructor(
    private readonly table: ProcessTable,
    private readonly programs: () => ProgramConfig[],
    private readonly stopping: () => boolean,
    /** An error for drover.log and the clients: a dependent that will not start. */
    private readonly report: (message: string) => void,
  ) {}

  async start(names: string[], filter: (proc: ManagedProcess) => boolean = () => true): Promise<void> {
    const programs = startOrder(this.programs().filter((p) => names.includes(p.name)));
    let spawned = 0;
    for (const program of programs) {
      for (const proc of this.table.ofProgram(program.name).filter(filter)) {
        if (this.stopping()) return;
        const waitingFor = this.unmetDependencies(program);
        if (waitingFor.length > 0) {
          this.table.markPending(proc, `waiting for ${this.describeWait(waitingFor)}`);
          continue;
        }
        proc.dispatch({ kind: 'start' });
        if (++spawned % SPAWNS_PER_TICK === 0) await new Promise((r) => setImmediate(r));
      }
    }
  }

  /** A process changed state: start what waited for its program, if nothing else holds it back, or drop what waited for a one-shot that gave up. */
  onStateChange(proc: ManagedProcess): void {
    if (!this.table.hasPending() || this.stopping()) return;
    if (hasGivenUp(proc)) this.abandonDependents(proc);
    if (!satisfiesDependents(proc)) return;
    for (const waiting of this.table.pendingOn(proc.program.name)) {
      if (this.unmetDependencies(waiting.program).length === 0) {
        this.table.unmarkPending(waiting);
        waiting.dispatch({ kind: 'start' });
      }
    }
  }

  /** As systemd's Requires= on a failed oneshot: the dependents stay STOPPED, saying why, instead of waiting forever. */
  private abandonDependents(failed: ManagedProcess): void {
    const why = `not started: ${failed.name} ${failed.machine.description}`;
    for (const waiting of this.table.pendingOn(failed.program.name)) {
      this.table.dropPending(waiting, why);
      this.report(`${waiting.name} ${why}`);
    }
  }

  private unmetDependencies(program: ProgramConfig): string[] {
    return program.dependsOn.filter((dep) => {
      const procs = this.table.ofProgram(dep);
      return procs.length === 0 || !procs.every(satisfiesDependents);
    });
  }

  /** `release to finish, db to be RUNNING`: what each unmet dependency has yet to do. */
  private describeWait(names: string[]): string {
    const oneshot = (name: string) => this.programs().find((p) => p.name === name)?.oneshot === true;
    return names.map((name) => `${name} to ${oneshot(name) ? 'finish' : 'be RUNNING'}`).join(', ');
  }
}
