import type { PreforkCounts } from '../../api/supervisor-api.js';
import type { ProgramConfig } from '../../config/runtime.js';

/**
 * Per prefork program: the worker count asked for and the rolling reloads
 * done, for the metrics. The counts live as long as the supervisor, so they
 * only grow, as Prometheus counters must.
 */
export class PreforkTally {
  /** Programs scaled at runtime; the others want their config's count. */
  private readonly scaled = new Map<string, number>();
  private readonly reloads = new Map<string, { started: number; failed: number }>();

  /** `ctl scale` (or an update rolling onto a new config) asked for `count` workers. */
  scaledTo(program: string, count: number): void {
    this.scaled.set(program, count);
  }

  /** The program stopped being what it was (removed, or restarted by an update): its config's count applies again. */
  released(program: string): void {
    this.scaled.delete(program);
  }

  reloadStarted(program: string): void {
    this.reloadsOf(program).started++;
  }

  reloadFailed(program: string): void {
    this.reloadsOf(program).failed++;
  }

  countsOf(program: ProgramConfig): PreforkCounts {
    const reloads = this.reloads.get(program.name);
    return {
      program: program.name,
      desiredWorkers: this.scaled.get(program.name) ?? program.numprocs,
      reloads: reloads?.started ?? 0,
      failedReloads: reloads?.failed ?? 0,
    };
  }

  private reloadsOf(program: string): { started: number; failed: number } {
    let counts = this.reloads.get(program);
    if (!counts) this.reloads.set(program, (counts = { started: 0, failed: 0 }));
    return counts;
  }
}
