import { rmSync } from 'node:fs';
import type { Config, ProgramConfig } from '../config/runtime.js';
import { EventHub } from './event-hub.js';
import { diffConfigs, mergeConfig, type ConfigDiff } from './config-diff.js';
import { resolveScaleTarget } from './scale-target.js';
import { EngineError } from './errors.js';
import type { ActionResult, EngineEvent, EngineListener, LogStream, ProcessInfo, ProcessInspection } from './events.js';
import { ManagedProcess, type ProcessHost } from './managed-process.js';
import { satisfiesDependents } from './oneshot.js';
import { settleStart } from './settle-start.js';
import { ProcessOutput, type ConsoleLines } from './process-output.js';
import { nameProcess } from './process-names.js';
import { isLive, type ProcessState } from './process-state.js';
import { knownSignal, reloadsBySignal, sendReloadSignal, signalProcess } from './signal-actions.js';
import { buildSpawnRequest } from './spawn-request.js';
import { withDependencies } from './start-order.js';
import { stopInWaves } from './stop-in-waves.js';
import { DependencyStarter } from './dependency-starter.js';
import { claimSupervision } from './claim.js';
import { StateRecorder } from './state-recorder.js';
import { ProcessTable } from './process-table.js';
import { Launcher } from './launcher.js';
import { PreforkMaster, rollsOnUpdate } from './prefork/prefork-master.js';
import { StatsSampler, type TreeSnapshot } from '../stats/index.js';
import type { ReloadSteps } from './prefork/rolling-reload.js';
import { Triggers } from './triggers/triggers.js';
import { inspectProcess } from './inspect-process.js';

export type { ActionResult } from './events.js';

/**
 * The supervisor: programs → processes. It owns the process table, orders
 * starts and stops, applies config changes, and emits typed events. It knows
 * nothing of terminals, sockets or HTTP.
 */
export class Supervisor {
  private readonly hub = new EventHub((wanted) => this.output.setLineEvents(wanted));
  private readonly table: ProcessTable;
  private readonly starter: DependencyStarter;
  private readonly output: ProcessOutput;
  private readonly recorder: StateRecorder;
  private readonly launcher = new Launcher((message) => this.note('warn', message));
  private readonly prefork = new PreforkMaster(this.launcher, () => this.config.dir, (message) => this.note('warn', message));
  /** Probes, file watchers, cron restarts and resource limits: what acts without being asked. */
  private readonly triggers = new Triggers(this, (event) => this.emit(event));
  private shuttingDown = false;
  /** CPU and memory of every process's tree; samples only while a client watches (watchStats). */
  private readonly stats: StatsSampler;
  /** How a rolling reload adds a worker and retires one (prefork-master.ts drives it). */
  private readonly reloadSteps: ReloadSteps = {
    startReplacement: async (program) => {
      const [proc] = this.addProcesses(program, this.table.ofProgram(program.name).length + 1);
      proc!.dispatch({ kind: 'start' });
      return { proc: proc!, result: await settleStart(proc!, (p) => this.table.isPending(p), { throughRetries: true }) };
    },
    retire: async (proc) => {
      await this.stopInOrder([proc]);
      this.removeProcess(proc);
    },
  };

  constructor(
    private config: Config,
    /** Where the lines of `stdout_logfile: console` streams go (the host's output); dropped when not given. */
    options: { consoleLines?: ConsoleLines } = {},
  ) {
    const host: ProcessHost = {
      buildSpawnRequest: (proc) => buildSpawnRequest(this.config, proc),
      launch: (request, proc) => (proc.program.prefork ? this.prefork.launch(proc, request) : this.launcher.launch(request)),
      attachOutput: (proc, child) => {
        this.output.attach(proc, child);
        this.triggers.spawned(proc, child);
        if (proc.program.prefork) this.prefork.watch(proc, child);
      },
      warn: (_proc, message) => this.note('warn', message),
      onStateChange: (proc, from, pid) => this.onStateChange(proc, from, pid),
      onChildSpawned: (proc, pid) => this.recorder.recordSpawn(proc.name, pid),
      onChildExited: (pid) => this.recorder.recordExit(pid),
    };
    this.table = new ProcessTable(host, (program, num) => nameProcess(this.config, program, num));
    this.starter = new DependencyStarter(this.table, () => this.config.programs, () => this.shuttingDown, (message) => this.note('error', message));
    this.output = new ProcessOutput(
      () => this.config,
      (name, stream, lines) => this.emitLog(name, stream, lines),
      (message, level = 'error') => this.note(level, message),
      options.consoleLines,
    );
    this.recorder = new StateRecorder(config.supervisor.statefile, (message) => this.note('error', message));
    this.stats = new StatsSampler({
      intervalMs: config.supervisor.statsIntervalMs,
      roots: () => this.table.liveRoots(),
      onSample: (at, intervalMs, processes) => {
        this.emit({ kind: 'stats', at, intervalMs, processes });
        this.triggers.sample(at, processes);
      },
    });
  }

  get currentConfig(): Config {
    return this.config;
  }

  /** Cleans up after a previous instance, then starts every autostart program in order. */
  async start(): Promise<void> {
    await this.claim();
    await this.startAll();
  }

  /**
   * Takes over the config: refuses if another live drover supervises it,
   * stops what a killed one left behind, writes the pidfile, and lists every
   * process (STOPPED) so clients see them before they start.
   */
  async claim(): Promise<void> {
    await claimSupervision(this.config, this.recorder, (message) => this.note('warn', message));
    for (const program of this.config.programs) this.table.grow(program, program.numprocs);
  }

  /** Starts every autostart program in priority order (after claim), and the watchers and schedules. */
  async startAll(): Promise<void> {
    const caring = this.triggers.sync();
    await this.starter.launch(this.config.programs.filter((p) => p.autostart).map((p) => p.name));
    await caring;
  }

  subscribe(listener: EngineListener, options: { logs?: boolean } = {}): () => void {
    return this.hub.subscribe(listener, options);
  }

  /** Starts stats events (every stats_interval) until the returned release is called; reference-counted. */
  watchStats(): () => void {
    return this.stats.acquire();
  }

  /** RSS, CPU time so far and CPU percent (only while watched; else null) of each named process's tree, from one /proc scan. */
  usage(names: string[]): Map<string, TreeSnapshot> {
    return this.stats.snapshot(this.table.liveRoots(new Set(names)));
  }

  /** Workers asked for and rolling reloads done, per prefork program (for the metrics). */
  preforkCounts() { return this.config.programs.flatMap((p) => (p.prefork ? [this.prefork.counts(p)] : [])); }

  /** What is known about one process beyond its state: what it runs, where, and how it ended lately. */
  inspect(name: string): ProcessInspection {
    return inspectProcess(this.config, this.matchOne(name), (pid) => this.stats.tree(pid));
  }

  /** Every process, or those matching `patterns` (NO_MATCH names a pattern that matches nothing). */
  list(patterns?: string[]): ProcessInfo[] {
    const procs = patterns && patterns.length > 0 ? this.match(patterns) : this.table.all();
    return procs.map((proc) => proc.info());
  }

  /** Starts matching processes (and what their programs depend on); resolves once each settles. */
  async startProcesses(patterns: string[]): Promise<ActionResult[]> {
    this.refuseWhileShuttingDown();
    const procs = this.bringBack(this.match(patterns));
    const programs = new Set(procs.map((proc) => proc.program.name));
    const needed = withDependencies([...programs], new Map(this.config.programs.map((p) => [p.name, p])));
    const deps = [...needed].filter((name) => !programs.has(name));
    this.bringBack(deps.flatMap((name) => this.table.ofProgram(name)));
    await this.starter.launch(deps, (proc) => !satisfiesDependents(proc));
    await this.starter.launch([...programs], (proc) => procs.includes(proc));
    return Promise.all(procs.map((proc) => this.settleStart(proc)));
  }

  async stopProcesses(patterns: string[]): Promise<ActionResult[]> {
    const procs = this.match(patterns);
    await this.stopInOrder(procs);
    return procs.map((proc) => ({ name: proc.name, ok: !isLive(proc.state), state: proc.state, message: proc.machine.description }));
  }

  async restartProcesses(patterns: string[]): Promise<ActionResult[]> {
    this.refuseWhileShuttingDown();
    const procs = this.match(patterns);
    await this.stopInOrder(procs, { keepSockets: true });
    return this.startProcesses(procs.map((proc) => proc.name));
  }

  /** Prefork: rolling replacement (one scaled to 0 has no worker to replace: restart); reload_signal: that signal to a RUNNING main pid; others: restart. */
  async reloadProcesses(patterns: string[]): Promise<ActionResult[]> {
    this.refuseWhileShuttingDown();
    const procs = this.match(patterns);
    const signalled = procs.filter(reloadsBySignal);
    const rolling = procs.filter((proc) => proc.program.prefork && !proc.scaledToZero);
    const plain = procs.filter((proc) => !rolling.includes(proc) && !signalled.includes(proc));
    const results = signalled.map(sendReloadSignal);
    if (plain.length > 0) results.push(...(await this.restartProcesses(plain.map((proc) => proc.name))));
    results.push(...(await this.prefork.reload(rolling, this.reloadSteps)));
    return results;
  }

  /** To each matched process's main pid; `group`: to its whole process group. */
  signalProcesses(signal: string, patterns: string[], { group = false }: { group?: boolean } = {}): ActionResult[] {
    const normalized = knownSignal(signal);
    return this.match(patterns).map((proc) => signalProcess(proc, normalized, group));
  }

  /** Changes how many processes a program runs, live. `count` may be `+N`/`-N`; at 0 a stand-in keeps the program listed. */
  async scale(programName: string, count: number | string): Promise<ActionResult[]> {
    this.refuseWhileShuttingDown();
    const program = this.config.programs.find((p) => p.name === programName);
    if (!program) throw new EngineError('UNKNOWN_PROGRAM', `no such program: ${programName}`);
    const current = this.table.active(programName);
    const target = resolveScaleTarget(program, current.length, count);
    if (program.prefork) this.prefork.countChanged(program, current.length, target);
    if (target > current.length) {
      const added = this.addProcesses(program, target);
      return Promise.all(added.map((proc) => (proc.dispatch({ kind: 'start' }), this.settleStart(proc))));
    }
    const removed = current.slice(target);
    await this.stopInOrder(removed);
    for (const proc of removed) this.removeProcess(proc);
    if (target === 0 && removed.length > 0) this.emit({ kind: 'processAdded', at: Date.now(), process: this.table.addStandIn(program).info() });
    return removed.map((proc) => ({ name: proc.name, ok: true, state: proc.state, message: 'removed' }));
  }

  /** What applying `next` would change. */
  reread(next: Config): ConfigDiff {
    return diffConfigs(this.config, next);
  }

  /** Applies a new config: added programs start, removed stop, changed restart, the rest are untouched. */
  async update(next: Config, only?: string[]): Promise<ConfigDiff> {
    this.refuseWhileShuttingDown();
    const diff = diffConfigs(this.config, next);
    const pick = (names: string[]) => (only ? names.filter((n) => only.includes(n)) : names);
    const removed = pick(diff.removed);
    const changed = pick(diff.changed);
    const added = pick(diff.added);
    // A changed prefork program with the same bind rolls onto its new config; the rest stop and start.
    const rolling = changed.filter((name) => rollsOnUpdate(this.config, next, name));
    const restarting = changed.filter((name) => !rolling.includes(name));
    const leaving = [...removed, ...restarting].flatMap((name) => this.table.ofProgram(name));
    await this.stopInOrder(leaving);
    for (const proc of leaving) this.removeProcess(proc);
    for (const name of [...removed, ...restarting]) this.prefork.release(name);
    this.config = mergeConfig(this.config, next, only);
    this.stats.setIntervalMs(this.config.supervisor.statsIntervalMs);
    for (const program of this.config.programs.filter((p) => rolling.includes(p.name))) {
      await this.prefork.reload(this.table.active(program.name), this.reloadSteps, program);
      await this.scale(program.name, program.numprocs);
    }
    for (const program of this.config.programs.filter((p) => restarting.includes(p.name) || added.includes(p.name))) this.addProcesses(program, program.numprocs);
    const toStart = [...restarting, ...added].filter((name) => this.config.programs.find((p) => p.name === name)?.autostart);
    await Promise.all([this.starter.launch(toStart), this.triggers.sync()]);
    return { added, changed, removed, supervisorChanged: diff.supervisorChanged };
  }

  reopenLogs(): Promise<void> {
    return this.output.reopenAll();
  }

  /** The last lines of one process's output; `name` must match exactly one process. */
  tail(name: string, lines: number, stream: LogStream = 'stdout'): string[] {
    return this.output.tail(this.matchOne(name), stream, lines);
  }

  /** Stops every program in reverse order and removes the supervisor's files. */
  async shutdown(): Promise<ActionResult[]> {
    this.shuttingDown = true;
    await this.triggers.close();
    this.stats.close();
    this.table.forgetPending();
    const procs = this.table.all();
    await this.stopInOrder(procs);
    await this.output.closeAll();
    this.prefork.close();
    this.launcher.close();
    this.recorder.remove();
    rmSync(this.config.supervisor.pidfile, { force: true });
    return procs.map((proc) => ({ name: proc.name, ok: !isLive(proc.state), state: proc.state, message: proc.machine.description }));
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  private match(patterns: string[]): ManagedProcess[] {
    return this.table.match(patterns, this.config.groups);
  }

  private matchOne(name: string): ManagedProcess {
    return this.table.matchOne(name, this.config.groups);
  }

  private refuseWhileShuttingDown(): void {
    if (this.shuttingDown) throw new EngineError('SHUTTING_DOWN', 'drover is shutting down');
  }

  /** Grows the program to `count` processes and tells the clients of the new ones. */
  private addProcesses(program: ProgramConfig, count: number): ManagedProcess[] {
    const added = this.table.grow(program, count);
    for (const proc of added) this.emit({ kind: 'processAdded', at: Date.now(), process: proc.info() });
    return added;
  }

  /** Starting a program scaled to 0 brings it back at its configured count: its stand-in gives way to all its processes. */
  private bringBack(procs: ManagedProcess[]): ManagedProcess[] {
    return procs.flatMap((proc) => {
      if (!proc.scaledToZero) return [proc];
      if (proc.program.prefork) this.prefork.countChanged(proc.program, 0, proc.program.numprocs);
      this.addProcesses(proc.program, proc.program.numprocs);
      return this.table.ofProgram(proc.program.name);
    });
  }

  private removeProcess(proc: ManagedProcess): void {
    this.table.remove(proc);
    this.triggers.forget(proc);
    void this.output.detach(proc);
    proc.dispose();
    this.emit({ kind: 'processRemoved', at: Date.now(), process: proc.info() });
  }

  /** `keepSockets`: a restart, whose prefork sockets stay open so connects queue for the new workers. */
  private async stopInOrder(procs: ManagedProcess[], { keepSockets = false } = {}): Promise<void> {
    for (const proc of procs) this.table.unmarkPending(proc);
    const programs = this.config.programs.filter((p) => procs.some((proc) => proc.program.name === p.name));
    await stopInWaves(procs, programs);
    for (const program of programs) if (program.prefork) await this.prefork.stopped(program, this.table.ofProgram(program.name), { keepSockets });
  }

  private settleStart(proc: ManagedProcess): Promise<ActionResult> {
    return settleStart(proc, (p) => this.table.isPending(p));
  }

  private onStateChange(proc: ManagedProcess, from: ProcessState, pid: number | null): void {
    this.triggers.stateChanged(proc);
    this.emit({ kind: 'state', at: Date.now(), process: proc.info(), from, pid });
    if (proc.program.prefork) this.prefork.workerStateChanged(proc, this.table.ofProgram(proc.program.name));
    this.starter.onStateChange(proc);
  }

  private emitLog(name: string, stream: LogStream, lines: string[]): void {
    this.emit({ kind: 'log', at: Date.now(), process: name, stream, lines });
  }

  /** A message from the supervisor itself, for logs and ctl's tail. */
  note(level: 'info' | 'warn' | 'error', message: string): void {
    this.emit({ kind: 'supervisor', at: Date.now(), level, message });
  }

  private emit(event: EngineEvent): void {
    this.hub.emit(event);
  }
}
