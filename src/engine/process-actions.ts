import type { Config, ProgramConfig } from '../config/runtime.js';
import type { DependencyStarter } from './dependency-starter.js';
import { EngineError } from './errors.js';
import type { ActionResult, EngineEvent } from '../api/supervisor-api.js';
import type { ManagedProcess } from './managed-process.js';
import { satisfiesDependents } from './oneshot.js';
import type { PreforkMaster } from './prefork/prefork-master.js';
import type { ReloadSteps } from './prefork/rolling-reload.js';
import { isLive } from './process-state.js';
import type { ProcessTable } from './process-table.js';
import { resolveScaleTarget } from './scale-target.js';
import { settleStart } from './settle-start.js';
import { reloadsBySignal, sendReloadSignal } from './signal-actions.js';
import { withDependencies } from './start-order.js';
import { stopInWaves } from './stop-in-waves.js';
import type { IntentLine } from './state-file.js';

/** What the actions use of the supervisor: its table and starter, and its word to the clients. */
export interface ProcessActionsContext {
  table: ProcessTable;
  starter: DependencyStarter;
  prefork: PreforkMaster;
  config(): Config;
  shuttingDown(): boolean;
  emit(event: EngineEvent): void;
  /** A process leaves the supervisor: its probes and output end. */
  release(proc: ManagedProcess): void;
  /** What users asked for, kept for a next drover that adopts the programs (state-file.ts Intents). */
  remember(line: IntentLine): void;
}

/** SHUTTING_DOWN: nothing may start once the supervisor stops everything. */
export function refuseWhileShuttingDown(shuttingDown: boolean): void {
  if (shuttingDown) throw new EngineError('SHUTTING_DOWN', 'drover is shutting down');
}

/** A stop's answer: done once the process no longer runs. */
export function stopResult(proc: ManagedProcess): ActionResult {
  return { name: proc.name, ok: !isLive(proc.state), state: proc.state, message: proc.machine.description };
}

/**
 * What the supervisor does to processes once its public methods have matched
 * them: start, stop, restart, reload and scale, and the adding and removing of
 * processes they need. They take the processes themselves: a pattern is
 * matched once, where it comes in.
 */
export class ProcessActions {
  /** How a rolling reload adds a worker and retires one (prefork-master.ts drives it). */
  readonly reloadSteps: ReloadSteps = {
    startReplacement: async (program) => {
      const [proc] = this.add(program, this.ctx.table.ofProgram(program.name).length + 1);
      proc!.dispatch({ kind: 'start' });
      return { proc: proc!, result: await settleStart(proc!, (p) => this.ctx.table.isPending(p), { throughRetries: true }) };
    },
    retire: async (proc) => {
      await this.stopInOrder([proc]);
      this.remove(proc);
    },
  };

  constructor(private readonly ctx: ProcessActionsContext) {}

  /** Starts the processes (and what their programs depend on); resolves once each settles. */
  async start(procs: ManagedProcess[]): Promise<ActionResult[]> {
    const { table, starter } = this.ctx;
    for (const proc of procs) this.ctx.remember({ started: proc.name });
    const wanted = this.bringBack(procs);
    const programs = new Set(wanted.map((proc) => proc.program.name));
    const needed = withDependencies([...programs], new Map(this.ctx.config().programs.map((p) => [p.name, p])));
    const deps = [...needed].filter((name) => !programs.has(name));
    this.bringBack(deps.flatMap((name) => table.ofProgram(name)));
    await starter.start(deps, (proc) => !satisfiesDependents(proc));
    await starter.start([...programs], (proc) => wanted.includes(proc));
    return Promise.all(wanted.map((proc) => this.settleStart(proc)));
  }

  async stop(procs: ManagedProcess[]): Promise<ActionResult[]> {
    for (const proc of procs) this.ctx.remember({ stopped: proc.name });
    await this.stopInOrder(procs);
    return procs.map(stopResult);
  }

  /**
   * supervisorctl's restart: the processes stop (in waves, each within its
   * stopwaitsecs), then start again in priority order. Prefork sockets stay
   * open meanwhile, so connects queue for the new workers.
   */
  async restart(procs: ManagedProcess[]): Promise<ActionResult[]> {
    await this.stopInOrder(procs, { keepSockets: true });
    refuseWhileShuttingDown(this.ctx.shuttingDown());
    // A process removed during the stop (a scale, an update, a rolling reload) is not started again.
    return this.start(procs.filter((proc) => this.ctx.table.has(proc)));
  }

  /** Prefork: rolling replacement (one scaled to 0 has no worker to replace: restart); reload_signal: that signal to a RUNNING main pid; others: restart. */
  async reload(procs: ManagedProcess[]): Promise<ActionResult[]> {
    const signalled = procs.filter(reloadsBySignal);
    const rolling = procs.filter((proc) => proc.program.prefork && !proc.scaledToZero);
    const plain = procs.filter((proc) => !rolling.includes(proc) && !signalled.includes(proc));
    const results = signalled.map(sendReloadSignal);
    if (plain.length > 0) results.push(...(await this.restart(plain)));
    results.push(...(await this.ctx.prefork.reload(rolling, this.reloadSteps)));
    return results;
  }

  /** Changes how many processes a program runs. `count` may be `+N`/`-N`; at 0 a stand-in keeps the program listed. */
  async scale(program: ProgramConfig, count: number | string): Promise<ActionResult[]> {
    const current = this.ctx.table.active(program.name);
    const target = resolveScaleTarget(program, current.length, count);
    this.ctx.remember({ scaled: program.name, count: target, configured: program.numprocs });
    if (program.prefork) this.ctx.prefork.countChanged(program, current.length, target);
    if (target > current.length) {
      const added = this.add(program, target);
      return Promise.all(added.map((proc) => (proc.dispatch({ kind: 'start' }), this.settleStart(proc))));
    }
    const removed = current.slice(target);
    await this.stopInOrder(removed);
    for (const proc of removed) this.remove(proc);
    if (target === 0 && removed.length > 0) this.ctx.emit({ kind: 'processAdded', at: Date.now(), process: this.ctx.table.addStandIn(program).info() });
    return removed.map((proc) => ({ name: proc.name, ok: true, state: proc.state, message: 'removed' }));
  }

  /** Grows the program to `count` processes and tells the clients of the new ones. */
  add(program: ProgramConfig, count: number): ManagedProcess[] {
    const added = this.ctx.table.grow(program, count);
    for (const proc of added) this.ctx.emit({ kind: 'processAdded', at: Date.now(), process: proc.info() });
    return added;
  }

  remove(proc: ManagedProcess): void {
    this.ctx.table.remove(proc);
    this.ctx.release(proc);
    proc.dispose();
    this.ctx.emit({ kind: 'processRemoved', at: Date.now(), process: proc.info() });
  }

  /** `keepSockets`: a restart, whose prefork sockets stay open so connects queue for the new workers. */
  async stopInOrder(procs: ManagedProcess[], { keepSockets = false } = {}): Promise<void> {
    const { table, prefork } = this.ctx;
    for (const proc of procs) table.unmarkPending(proc);
    const programs = this.ctx.config().programs.filter((p) => procs.some((proc) => proc.program.name === p.name));
    await stopInWaves(procs, programs);
    for (const program of programs) if (program.prefork) await prefork.stopped(program, table.ofProgram(program.name), { keepSockets });
  }

  /** Starting a program scaled to 0 brings it back at its configured count: its stand-in gives way to all its processes. */
  private bringBack(procs: ManagedProcess[]): ManagedProcess[] {
    return procs.flatMap((proc) => {
      if (!proc.scaledToZero) return [proc];
      if (proc.program.prefork) this.ctx.prefork.countChanged(proc.program, 0, proc.program.numprocs);
      this.add(proc.program, proc.program.numprocs);
      return this.ctx.table.ofProgram(proc.program.name);
    });
  }

  private settleStart(proc: ManagedProcess): Promise<ActionResult> {
    return settleStart(proc, (p) => this.ctx.table.isPending(p));
  }
}
