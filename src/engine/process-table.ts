import type { ProgramConfig } from '../config/runtime.js';
import { EngineError } from './errors.js';
import { ManagedProcess, type ProcessHost } from './managed-process.js';
import { matchPatterns } from './patterns.js';

/**
 * The supervisor's processes, in a stable order (programs in file order,
 * processes by number), plus the ones waiting for their dependencies.
 */
export class ProcessTable {
  private readonly byProgram = new Map<string, ManagedProcess[]>();
  private readonly pending = new Set<ManagedProcess>();
  private ordered: ManagedProcess[] | null = null;

  constructor(
    private readonly host: ProcessHost,
    /** The process part of the name of a program's process number `num`, and its group. */
    private readonly nameOf: (program: ProgramConfig, num: number) => { processName: string; group: string },
  ) {}

  all(): ManagedProcess[] {
    this.ordered ??= [...this.byProgram.values()].flat();
    return this.ordered;
  }

  /** The processes matching any of `patterns` (NO_MATCH names a pattern that matches nothing). */
  match(patterns: string[], groups: Record<string, string[]>): ManagedProcess[] {
    if (patterns.length === 0) throw new EngineError('NO_MATCH', 'no process pattern given');
    const result = matchPatterns(patterns, this.all(), groups);
    if (!result.ok) throw new EngineError('NO_MATCH', `no process matches ${result.unmatched.map((p) => `'${p}'`).join(', ')}`);
    return result.matches;
  }

  /** The one process `name` matches (AMBIGUOUS_NAME when it matches several). */
  matchOne(name: string, groups: Record<string, string[]>): ManagedProcess {
    const procs = this.match([name], groups);
    if (procs.length > 1) {
      throw new EngineError(
        'AMBIGUOUS_NAME',
        `'${name}' matches ${procs.length} processes (${procs
          .slice(0, 3)
          .map((p) => p.name)
          .join(', ')}${procs.length > 3 ? ', …' : ''}); name one`,
      );
    }
    return procs[0]!;
  }

  /** Name and pid of every process with a child (of those in `names`, when given): what stats measure. */
  liveRoots(names?: Set<string>): Array<{ name: string; pid: number }> {
    return this.all().flatMap((proc) => (proc.pid === null || (names && !names.has(proc.name)) ? [] : [{ name: proc.name, pid: proc.pid }]));
  }

  ofProgram(name: string): ManagedProcess[] {
    return this.byProgram.get(name) ?? [];
  }

  /** Whether the process is still supervised: a scale, an update or a rolling reload removes processes. */
  has(proc: ManagedProcess): boolean {
    return this.ofProgram(proc.program.name).includes(proc);
  }

  /** The processes that run or may run: all but the stand-in of a program scaled to 0. */
  active(name: string): ManagedProcess[] {
    return this.ofProgram(name).filter((proc) => !proc.scaledToZero);
  }

  /**
   * Adds processes until the program has `count`; returns the new ones. The
   * stand-in of a program scaled to 0 counts among them: it becomes the
   * program's first process again.
   */
  grow(program: ProgramConfig, count: number): ManagedProcess[] {
    const procs = this.byProgram.get(program.name) ?? [];
    const restored = procs.filter((proc) => proc.scaledToZero && count > 0);
    for (const proc of restored) {
      proc.scaledToZero = false;
      proc.machine = { ...proc.machine, description: 'not started' };
    }
    const created: ManagedProcess[] = [];
    // The lowest free numbers: a rolling reload or a removal leaves gaps, and
    // names should stay as close to web_00, web_01, … as they can.
    const used = new Set(procs.map((p) => p.num));
    let num = program.numprocsStart;
    for (let index = procs.length; index < count; index++) {
      while (used.has(num)) num++;
      used.add(num);
      const { processName, group } = this.nameOf(program, num);
      created.push(new ManagedProcess(program, num, processName, group, this.host));
    }
    this.byProgram.set(
      program.name,
      [...procs, ...created].sort((a, b) => a.num - b.num),
    );
    this.ordered = null;
    return [...restored, ...created];
  }

  /** The program keeps its place in the order even with no process left: its stand-in may follow. */
  remove(proc: ManagedProcess): void {
    this.byProgram.set(
      proc.program.name,
      this.ofProgram(proc.program.name).filter((p) => p !== proc),
    );
    this.pending.delete(proc);
    this.ordered = null;
  }

  /**
   * A program scaled to 0 (none of its processes left) keeps one STOPPED
   * process, its first, so that it stays listed and can be started again.
   */
  addStandIn(program: ProgramConfig): ManagedProcess {
    const [standIn] = this.grow(program, 1);
    standIn!.scaledToZero = true;
    standIn!.machine = { ...standIn!.machine, description: 'scaled to 0' };
    return standIn!;
  }

  markPending(proc: ManagedProcess, why: string): void {
    this.pending.add(proc);
    proc.machine = { ...proc.machine, description: why };
  }

  /** It waits no more, and will not start on its own: `why` says so, and whoever awaits its start hears it. */
  dropPending(proc: ManagedProcess, why: string): void {
    this.pending.delete(proc);
    proc.machine = { ...proc.machine, description: why };
    proc.wakeWaiters();
  }

  unmarkPending(proc: ManagedProcess): void {
    this.pending.delete(proc);
  }

  isPending(proc: ManagedProcess): boolean {
    return this.pending.has(proc);
  }

  hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Pending processes whose program depends on `program`. */
  pendingOn(program: string): ManagedProcess[] {
    return [...this.pending].filter((proc) => proc.program.dependsOn.includes(program));
  }

  forgetPending(): void {
    this.pending.clear();
  }
}
