import type { ProgramConfig } from '../config/types.js';
import { ManagedProcess, type ProcessHost } from './managed-process.js';

/**
 * The supervisor's processes, in a stable order (programs in file order,
 * processes by number), plus the ones waiting for their dependencies.
 */
export class ProcessTable {
  private readonly byProgram = new Map<string, ManagedProcess[]>();
  private readonly pending = new Set<ManagedProcess>();
  private ordered: ManagedProcess[] | null = null;

  constructor(private readonly host: ProcessHost) {}

  all(): ManagedProcess[] {
    this.ordered ??= [...this.byProgram.values()].flat();
    return this.ordered;
  }

  ofProgram(name: string): ManagedProcess[] {
    return this.byProgram.get(name) ?? [];
  }

  /** Adds processes until the program has `count`; returns the new ones. */
  grow(program: ProgramConfig, count: number, name: (num: number) => { processName: string; group: string }): ManagedProcess[] {
    const procs = this.byProgram.get(program.name) ?? [];
    const added: ManagedProcess[] = [];
    // The lowest free numbers: a rolling reload or a removal leaves gaps, and
    // names should stay as close to web_00, web_01, … as they can.
    const used = new Set(procs.map((p) => p.num));
    let num = program.numprocsStart;
    for (let index = procs.length; index < count; index++) {
      while (used.has(num)) num++;
      used.add(num);
      const { processName, group } = name(num);
      added.push(new ManagedProcess(program, num, processName, group, this.host));
    }
    this.byProgram.set(program.name, [...procs, ...added].sort((a, b) => a.num - b.num));
    this.ordered = null;
    return added;
  }

  remove(proc: ManagedProcess): void {
    const procs = this.ofProgram(proc.program.name).filter((p) => p !== proc);
    if (procs.length > 0) this.byProgram.set(proc.program.name, procs);
    else this.byProgram.delete(proc.program.name);
    this.pending.delete(proc);
    this.ordered = null;
  }

  regroup(groupOf: (program: string) => string): void {
    for (const proc of this.all()) proc.group = groupOf(proc.program.name);
  }

  markPending(proc: ManagedProcess, why: string): void {
    this.pending.add(proc);
    proc.machine = { ...proc.machine, description: why };
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
