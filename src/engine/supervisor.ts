import { rmSync } from 'node:fs';
import type { Config } from '../config/runtime.js';
import { EventHub } from './event-hub.js';
import { diffConfigs, mergeConfig } from './config-diff.js';
import { EngineError } from './errors.js';
import type { EngineListener, ProcessInspection } from './events.js';
import type { ActionResult, ConfigDiff, EngineEvent, LogStream, ProcessStatus } from '../api/supervisor-api.js';
import type { ManagedProcess, ProcessHost } from './managed-process.js';
import { ProcessOutput, SHUTDOWN_DRAIN_MS, type ConsoleLines } from './process-output.js';
import { nameProcess } from './process-names.js';
import type { ProcessState } from '../api/process-state.js';
import { knownSignal, signalProcess } from './signal-actions.js';
import { buildSpawnRequest } from './spawn-request.js';
import { DependencyStarter } from './dependency-starter.js';
import { StateRecorder } from './state-recorder.js';
import { ProcessTable } from './process-table.js';
import { ProcessSpawner } from './process-spawner.js';
import { programFingerprint } from './adopt-held.js';
import { keeperPaths } from './keeper-files.js';
import { takeOver } from './take-over.js';
import { PreforkMaster, rollsOnUpdate } from './prefork/prefork-master.js';
import { StatsSampler, type TreeSnapshot } from '../stats/index.js';
import { mergeByTime, type StreamLines } from '../logs/index.js';
import { Triggers } from './triggers/triggers.js';
import { inspectProcess } from './inspect-process.js';
import { ProcessActions, refuseWhileShuttingDown, stopResult } from './process-actions.js';

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
  private readonly actions: ProcessActions;
  private readonly spawner: ProcessSpawner;
  private readonly prefork: PreforkMaster;
  /** Probes, file watchers, cron restarts and resource limits: what acts without being asked. */
  private readonly triggers = new Triggers(
    {
      config: () => this.config,
      shuttingDown: () => this.shuttingDown,
      processes: () => this.table.all(),
      restart: (procs) => this.actions.restart(procs),
      reload: (procs) => this.actions.reload(procs),
      watchStats: () => this.watchStats(),
      note: (level, message) => this.note(level, message),
    },
    (event) => this.emit(event),
  );
  private shuttingDown = false;
  /** CPU and memory of every process's tree; samples only while a client watches (watchStats). */
  private readonly stats: StatsSampler;

  constructor(
    private config: Config,
    /** Where the lines of `stdout_logfile: console` streams go (the host's output); dropped when not given. */
    options: { consoleLines?: ConsoleLines } = {},
  ) {
    this.spawner = new ProcessSpawner((message) => this.note('warn', message), keeperPaths(config));
    this.prefork = new PreforkMaster(
      this.spawner,
      () => this.config.dir,
      (message) => this.note('warn', message),
    );
    const host: ProcessHost = {
      buildSpawnRequest: (proc) => buildSpawnRequest(this.config, proc),
      spawn: (request, proc) => (proc.program.prefork ? this.prefork.spawn(proc, request) : this.spawner.spawn(request)),
      attachOutput: (proc, child) => {
        this.output.attach(proc, child);
        this.triggers.spawned(proc, child);
        if (proc.program.prefork) this.prefork.watch(proc, child);
      },
      warn: (_proc, message) => this.note('warn', message),
      onStateChange: (proc, from, pid) => this.onStateChange(proc, from, pid),
      onChildSpawned: (proc, pid) =>
        this.recorder.recordSpawn(proc.name, pid, { startedAt: proc.startedAt ?? Date.now(), restarts: proc.restarts, program: programFingerprint(proc.program) }),
      onChildExited: (pid) => this.recorder.recordExit(pid),
      armRespawn: (child, request, policy) => this.spawner.arm(child, request, policy),
      afterSpawns: (run) => this.spawner.afterSpawns(run),
    };
    this.table = new ProcessTable(host, (program, num) => nameProcess(this.config, program, num));
    this.starter = new DependencyStarter(
      this.table,
      () => this.config.programs,
      () => this.shuttingDown,
      (message) => this.note('error', message),
    );
    this.actions = new ProcessActions({
      table: this.table,
      starter: this.starter,
      prefork: this.prefork,
      config: () => this.config,
      shuttingDown: () => this.shuttingDown,
      emit: (event) => this.emit(event),
      release: (proc) => {
        this.triggers.forget(proc);
        void this.output.detach(proc);
      },
      remember: (line) => this.recorder.recordIntent(line),
    });
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

  async start(): Promise<void> {
    await this.claim();
    await this.startAll();
  }

  /** Takes over the config (see take-over.ts): refuses a second drover, adopts what keepers held, stops what else a killed one left. */
  async claim(): Promise<void> {
    const { config, recorder, table, spawner, prefork } = this;
    this.keptStopped = await takeOver({ config, recorder, table, spawner, prefork, note: (level, message) => this.note(level, message) });
  }

  /** Processes a user stopped under the drover this one took over from: they stay stopped, autostart or not. */
  private keptStopped = new Set<string>();

  /** Starts every autostart program in priority order (after claim), and the watchers and schedules. */
  async startAll(): Promise<void> {
    const caring = this.triggers.sync();
    const autostart = this.config.programs.filter((p) => p.autostart).map((p) => p.name);
    await this.starter.start(autostart, (proc) => !this.keptStopped.has(proc.name));
    this.keptStopped.clear();
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
  preforkCounts() {
    return this.config.programs.flatMap((p) => (p.prefork ? [this.prefork.counts(p)] : []));
  }

  /** What is known about one process beyond its state: what it runs, where, and how it ended lately. */
  inspect(name: string): ProcessInspection {
    return inspectProcess(this.config, this.matchOne(name), (pid) => this.stats.tree(pid));
  }

  /** Every process, or those matching `patterns` (NO_MATCH names a pattern that matches nothing). */
  list(patterns?: string[]): ProcessStatus[] {
    const procs = patterns && patterns.length > 0 ? this.match(patterns) : this.table.all();
    return procs.map((proc) => proc.info());
  }

  /** Starts matching processes (and what their programs depend on); resolves once each settles. */
  async startProcesses(patterns: string[]): Promise<ActionResult[]> {
    this.refuseWhileShuttingDown();
    return this.actions.start(this.match(patterns));
  }

  async stopProcesses(patterns: string[]): Promise<ActionResult[]> {
    return this.actions.stop(this.match(patterns));
  }

  /** Stops the matching processes, then starts them again (see ProcessActions.restart). */
  async restartProcesses(patterns: string[]): Promise<ActionResult[]> {
    this.refuseWhileShuttingDown();
    return this.actions.restart(this.match(patterns));
  }

  /** Rolls prefork workers, sends reload_signal where a program has one, restarts the rest (see ProcessActions.reload). */
  async reloadProcesses(patterns: string[]): Promise<ActionResult[]> {
    this.refuseWhileShuttingDown();
    return this.actions.reload(this.match(patterns));
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
    return this.actions.scale(program, count);
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
    await this.actions.stopInOrder(leaving);
    for (const proc of leaving) this.actions.remove(proc);
    for (const name of [...removed, ...restarting]) this.prefork.release(name);
    this.config = mergeConfig(this.config, next, only);
    for (const proc of this.table.all()) proc.refreshRespawn();
    this.stats.setIntervalMs(this.config.supervisor.statsIntervalMs);
    for (const program of this.config.programs.filter((p) => rolling.includes(p.name))) {
      await this.prefork.reload(this.table.active(program.name), this.actions.reloadSteps, program);
      await this.scale(program.name, program.numprocs);
    }
    for (const program of this.config.programs.filter((p) => restarting.includes(p.name) || added.includes(p.name))) this.actions.add(program, program.numprocs);
    const toStart = [...restarting, ...added].filter((name) => this.config.programs.find((p) => p.name === name)?.autostart);
    await Promise.all([this.starter.start(toStart), this.triggers.sync()]);
    for (const listener of this.configListeners) listener(this.config);
    return { added, changed, removed, supervisorChanged: diff.supervisorChanged };
  }

  reopenLogs(): Promise<void> {
    return this.output.reopenAll();
  }

  /** The last lines of one process's output; `name` must match exactly one process. */
  tail(name: string, lines: number, stream: LogStream = 'stdout'): string[] {
    return this.output.tail(this.matchOne(name), stream, lines);
  }

  /** Older lines of one process: `lines` lines ending `skip` lines before the end of its log file. */
  history(name: string, lines: number, stream: LogStream, skip: number): Promise<string[]> {
    return this.output.history(this.matchOne(name), stream, lines, skip);
  }

  /** The matched processes' last `lines` lines each (both streams combined), all in arrival order. */
  backlog(pattern: string, streams: readonly LogStream[], lines: number, since?: number): StreamLines[] {
    return mergeByTime(this.match([pattern]).map((proc) => this.output.backlog(proc, streams, lines, since)));
  }

  /** supervisorctl's `clear`: empties the matched processes' log files, which they go on writing to, and what `tail` reads of them. */
  clearLogs(patterns: string[]): Promise<ActionResult[]> {
    return Promise.all(this.match(patterns).map((proc) => this.output.clearResult(proc)));
  }

  /** Stops every program in reverse order and removes the supervisor's files. */
  async shutdown(): Promise<ActionResult[]> {
    this.shuttingDown = true;
    // Nothing is kept for a next drover: a supervisor killed during the stop leaves its programs to the state file.
    this.spawner.stopKeeping();
    await this.triggers.close();
    this.stats.close();
    this.table.forgetPending();
    const procs = this.table.all();
    await this.actions.stopInOrder(procs);
    await this.output.closeAll(SHUTDOWN_DRAIN_MS);
    this.prefork.close();
    this.spawner.close();
    this.recorder.remove();
    rmSync(this.config.supervisor.pidfile, { force: true });
    return procs.map(stopResult);
  }

  /** Tells every event client the supervisor is handing over (ctl reexec): they subscribe again to the next one. */
  announceHandOver(): void {
    this.emit({ kind: 'supervisor', at: Date.now(), level: 'info', message: 'handing over to a fresh drover (ctl reexec)', handover: true });
  }

  /** Leaves every program to the keepers for a next drover (ctl reexec): nothing stops, and all output read is in the log files before it resolves. */
  async handOver(): Promise<void> {
    this.shuttingDown = true;
    this.spawner.close();
    await this.triggers.close();
    this.stats.close();
    await this.output.closeAll();
    this.recorder.flush();
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
    refuseWhileShuttingDown(this.shuttingDown);
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

  private readonly configListeners = new Set<(config: Config) => void>();
  /** Calls `listener` with the config in force after each update: what follows supervisor settings (watch_config, metrics) follows it. */
  onConfigApplied(listener: (config: Config) => void): () => void {
    this.configListeners.add(listener);
    return () => this.configListeners.delete(listener);
  }
}
