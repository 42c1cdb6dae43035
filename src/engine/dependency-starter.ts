import type { ProgramConfig } from '../config/types.js';
import type { ManagedProcess } from './managed-process.js';
import type { ProcessTable } from './process-table.js';
import { startOrder } from './start-order.js';

/** Spawning is synchronous; yield this often so signals and exits are still handled during a big start. */
const SPAWNS_PER_TICK = 25;

/**
 * Starts processes in priority order, holding back (as pending) those whose
 * `depends_on` programs are not all RUNNING, and starting them as soon as
 * they are.
 */
export class DependencyStarter {
  constructor(
    private readonly table: ProcessTable,
    private readonly programs: () => ProgramConfig[],
    private readonly stopping: () => boolean,
  ) {}

  async launch(names: string[], filter: (proc: ManagedProcess) => boolean = () => true): Promise<void> {
    const programs = startOrder(this.programs().filter((p) => names.includes(p.name)));
    let spawned = 0;
    for (const program of programs) {
      for (const proc of this.table.ofProgram(program.name).filter(filter)) {
        if (this.stopping()) return;
        const waitingFor = this.unmetDependencies(program);
        if (waitingFor.length > 0) {
          this.table.markPending(proc, `waiting for ${waitingFor.join(', ')} to be RUNNING`);
          continue;
        }
        proc.dispatch({ kind: 'start' });
        if (++spawned % SPAWNS_PER_TICK === 0) await new Promise((r) => setImmediate(r));
      }
    }
  }

  /** A process became RUNNING: start what waited for its program, if nothing else holds it back. */
  onRunning(proc: ManagedProcess): void {
    if (!this.table.hasPending() || this.stopping()) return;
    for (const waiting of this.table.pendingOn(proc.program.name)) {
      if (this.unmetDependencies(waiting.program).length === 0) {
        this.table.unmarkPending(waiting);
        waiting.dispatch({ kind: 'start' });
      }
    }
  }

  private unmetDependencies(program: ProgramConfig): string[] {
    return program.dependsOn.filter((dep) => {
      const procs = this.table.ofProgram(dep);
      return procs.length === 0 || procs.some((proc) => proc.state !== 'RUNNING');
    });
  }
}
