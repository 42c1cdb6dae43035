import path from 'node:path';
import type { Config, ProgramConfig, WatchAction } from '../../config/runtime.js';
import type { ProcessUsage } from '../../stats/types.js';
import type { ActionResult, EngineEvent, ProcessInfo } from '../events.js';
import type { ManagedProcess } from '../managed-process.js';
import type { SpawnedChild } from '../spawn-child.js';
import { CronRestarts } from './cron-restarts.js';
import { HealthMonitor } from './health-monitor.js';
import { resolveProbe } from './resolve-probe.js';
import { ProgramWatchers } from './program-watchers.js';
import { ResourceLimits } from './resource-limits.js';

/** The supervisor as the triggers uses it: its public actions, nothing inside. */
export interface TriggersHost {
  readonly currentConfig: Config;
  readonly isShuttingDown: boolean;
  list(): ProcessInfo[];
  restartProcesses(names: string[]): Promise<ActionResult[]>;
  /** Prefork workers roll (each new one ready before an old one stops); a program with reload_signal gets that signal; other processes restart. */
  reloadProcesses(names: string[]): Promise<ActionResult[]>;
  watchStats(): () => void;
  note(level: 'info' | 'warn', message: string): void;
}

/**
 * What acts on programs without anyone asking: readiness and liveness
 * probes, file watchers (`watch:`), `cron_restart` and the resource limits
 * (`max_memory`, `max_cpu`). Beyond feeding probes, it drives the supervisor
 * only through its public actions, as a client would, and runs one action at
 * a time per program, so a cron restart and a watched change never restart
 * the same program at once.
 */
export class Triggers {
  private readonly watchers = new ProgramWatchers(
    (program, files) => this.act(program, describeChanges(files.map((file) => path.relative(this.host.currentConfig.dir, file))), this.watchAction(program)),
    (message) => this.host.note('warn', message),
  );
  private readonly cron = new CronRestarts((program, schedule) => void this.act(program, `cron_restart "${schedule.expression}" is due`, this.cronAction(program)));
  private readonly limits = new ResourceLimits((name, reason) => void this.replace(name, reason));
  private readonly queues = new Map<string, Promise<void>>();
  private readonly health = new HealthMonitor({
    resolve: (proc, check) => resolveProbe(this.host.currentConfig, proc, check),
    readinessChanged: (proc, message) => this.emit({ kind: 'health', at: Date.now(), process: proc.info(), message }),
    recycle: (proc, reason) => void this.replace(proc.name, reason),
  });
  private releaseStats: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly host: TriggersHost,
    private readonly emit: (event: EngineEvent) => void,
  ) {}

  /** A child was spawned: its probes start (readiness now, liveness once it is RUNNING). */
  spawned(proc: ManagedProcess, child: SpawnedChild): void {
    this.health.spawned(proc, child);
  }

  stateChanged(proc: ManagedProcess): void {
    this.health.stateChanged(proc);
  }

  /** The process left the supervisor. */
  forget(proc: ManagedProcess): void {
    this.health.forget(proc);
  }

  /** Matches watchers, schedules and stats sampling to the current config (at start and after each update). */
  async sync(): Promise<void> {
    if (this.closed) return;
    const config = this.host.currentConfig;
    this.cron.sync(config.programs);
    // Limits need samples: the sampler runs while any program has one, and only then.
    const limited = ResourceLimits.wanted(config.programs);
    if (limited && !this.releaseStats) this.releaseStats = this.host.watchStats();
    else if (!limited && this.releaseStats) {
      this.releaseStats();
      this.releaseStats = null;
    }
    await this.watchers.sync(config);
  }

  /** Each stats sample (every stats_interval while anyone samples). */
  sample(at: number, processes: ProcessUsage[]): void {
    // Held while some program has a limit: a view streaming stats for 1,000 processes costs nothing here otherwise.
    if (this.closed || !this.releaseStats) return;
    const programs = new Map(this.host.currentConfig.programs.map((p) => [p.name, p]));
    const programOf = this.programsByProcess();
    this.limits.sample(at, processes, (name) => programs.get(programOf.get(name) ?? ''));
  }

  /**
   * Replaces one process (a failed liveness probe, a limit): `reason` is
   * logged first. Never by reload_signal: a hung or bloated program needs a
   * new process, not a request to reload itself.
   */
  replace(name: string, reason: string): Promise<void> {
    const program = this.programsByProcess().get(name) ?? name;
    return this.queue(program, async () => {
      this.host.note('warn', reason);
      const rolls = this.program(program)?.prefork;
      this.report(name, await (rolls ? this.host.reloadProcesses([name]) : this.host.restartProcesses([name])));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.health.close();
    this.cron.close();
    this.releaseStats?.();
    this.releaseStats = null;
    await this.watchers.close();
  }

  /** Restarts or reloads every process of the program that is not STOPPED (a program someone stopped stays stopped). */
  private act(program: string, why: string, action: WatchAction): Promise<void> {
    return this.queue(program, async () => {
      const names = this.host.list().filter((p) => p.program === program && p.state !== 'STOPPED').map((p) => p.name);
      if (names.length === 0) {
        this.host.note('info', `${program}: ${why}; it is stopped, so it stays stopped`);
        return;
      }
      this.host.note('info', `${program}: ${why}: ${this.describeAction(program, action)}`);
      this.report(program, await (action === 'reload' ? this.host.reloadProcesses(names) : this.host.restartProcesses(names)));
    });
  }

  /** Runs `task` after the program's previous one; errors are reported, never thrown into a timer. */
  private queue(program: string, task: () => Promise<void>): Promise<void> {
    const run = async () => {
      if (this.closed || this.host.isShuttingDown) return;
      try {
        await task();
      } catch (error) {
        this.host.note('warn', `${program}: ${(error as Error).message}`);
      }
    };
    const next = (this.queues.get(program) ?? Promise.resolve()).then(run);
    this.queues.set(program, next);
    void next.then(() => {
      if (this.queues.get(program) === next) this.queues.delete(program);
    });
    return next;
  }

  private report(what: string, results: ActionResult[]): void {
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) this.host.note('warn', `${what}: ${failed.map((r) => `${r.name} ${r.state}: ${r.message}`).join('; ')}`);
  }

  /** Process name → program name: a name is `group:process`, which does not say the program. */
  private programsByProcess(): Map<string, string> {
    return new Map(this.host.list().map((p) => [p.name, p.program]));
  }

  private program(name: string): ProgramConfig | undefined {
    return this.host.currentConfig.programs.find((p) => p.name === name);
  }

  /** What `action` does to the program, in the words of the log line. */
  private describeAction(name: string, action: WatchAction): string {
    const program = this.program(name);
    if (action === 'restart' || !program) return 'restarting';
    if (program.prefork) return 'rolling reload';
    return program.reloadSignal === null ? 'restarting' : `sending SIG${program.reloadSignal} (reload_signal)`;
  }

  private watchAction(name: string): WatchAction {
    return this.program(name)?.watch?.action ?? 'restart';
  }

  /** A prefork program is recycled worker by worker, so it keeps serving; others restart. */
  private cronAction(name: string): WatchAction {
    return this.program(name)?.prefork ? 'reload' : 'restart';
  }
}

/** `src/app.py changed`, or `3 files changed (src/a.py, src/b.py, …)`. */
function describeChanges(files: string[]): string {
  if (files.length === 1) return `${files[0]} changed`;
  const shown = files.slice(0, 3).join(', ');
  return `${files.length} files changed (${shown}${files.length > 3 ? ', …' : ''})`;
}
