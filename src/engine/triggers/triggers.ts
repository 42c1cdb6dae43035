import path from 'node:path';
import type { Config, ProgramConfig, WatchAction } from '../../config/runtime.js';
import type { ActionResult, EngineEvent, ProcessUsage } from '../../api/supervisor-api.js';
import type { ManagedProcess } from '../managed-process.js';
import type { SpawnedChild } from '../spawn-child.js';
import { CronRestarts } from './cron-restarts.js';
import { HealthMonitor } from './health-monitor.js';
import { resolveProbe } from './resolve-probe.js';
import { ProgramWatchers } from './program-watchers.js';
import { ResourceLimits } from './resource-limits.js';

/** The supervisor as the triggers use it: its processes and the actions a client could ask for. */
export interface TriggersHost {
  config(): Config;
  shuttingDown(): boolean;
  /** Every process, in the supervisor's order. */
  processes(): ManagedProcess[];
  restart(procs: ManagedProcess[]): Promise<ActionResult[]>;
  /** Prefork workers roll (each new one ready before an old one stops); a program with reload_signal gets that signal; other processes restart. */
  reload(procs: ManagedProcess[]): Promise<ActionResult[]>;
  watchStats(): () => void;
  note(level: 'info' | 'warn', message: string): void;
}

/**
 * What acts on programs without anyone asking: readiness and liveness
 * probes, file watchers (`watch:`), `cron_restart` and the resource limits
 * (`max_memory`, `max_cpu`). Beyond feeding probes, it drives the supervisor
 * only through the actions a client could ask for, and runs one action at
 * a time per program, so a cron restart and a watched change never restart
 * the same program at once.
 */
export class Triggers {
  private readonly watchers = new ProgramWatchers(
    (program, files) => this.act(program, describeChanges(files.map((file) => path.relative(this.host.config().dir, file))), this.watchAction(program)),
    (message) => this.host.note('warn', message),
  );
  private readonly cron = new CronRestarts((program, schedule) => void this.act(program, `cron_restart "${schedule.expression}" is due`, this.cronAction(program)));
  private readonly limits = new ResourceLimits((name, reason) => this.replaceNamed(name, reason));
  private readonly queues = new Map<string, Promise<void>>();
  private readonly health = new HealthMonitor({
    resolve: (proc, check) => resolveProbe(this.host.config(), proc, check),
    readinessChanged: (proc, message) => this.emit({ kind: 'health', at: Date.now(), process: proc.info(), message }),
    recycle: (proc, reason) => void this.replace(proc, reason),
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
    const config = this.host.config();
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
    const programs = new Map(this.host.config().programs.map((p) => [p.name, p]));
    const programOf = this.programsByProcess();
    this.limits.sample(at, processes, (name) => programs.get(programOf.get(name) ?? ''));
  }

  /**
   * Replaces one process (a failed liveness probe, a limit): `reason` is
   * logged first. Never by reload_signal: a hung or bloated program needs a
   * new process, not a request to reload itself.
   */
  replace(proc: ManagedProcess, reason: string): Promise<void> {
    const program = proc.program.name;
    return this.queue(program, async () => {
      this.host.note('warn', reason);
      // An action queued before it (a scale, an update, a rolling reload) may have removed it.
      if (!this.host.processes().includes(proc)) {
        this.host.note('warn', `${program}: no process matches '${proc.name}'`);
        return;
      }
      const rolls = this.program(program)?.prefork;
      this.report(proc.name, await (rolls ? this.host.reload([proc]) : this.host.restart([proc])));
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

  /** A limit names the process a stats sample measured; one gone since then needs no replacing. */
  private replaceNamed(name: string, reason: string): void {
    const proc = this.host.processes().find((p) => p.name === name);
    if (proc) void this.replace(proc, reason);
  }

  /** Restarts or reloads every process of the program that is not STOPPED (a program someone stopped stays stopped). */
  private act(program: string, why: string, action: WatchAction): Promise<void> {
    return this.queue(program, async () => {
      const procs = this.host.processes().filter((p) => p.program.name === program && p.state !== 'STOPPED');
      if (procs.length === 0) {
        this.host.note('info', `${program}: ${why}; it is stopped, so it stays stopped`);
        return;
      }
      this.host.note('info', `${program}: ${why}: ${this.describeAction(program, action)}`);
      this.report(program, await (action === 'reload' ? this.host.reload(procs) : this.host.restart(procs)));
    });
  }

  /** Runs `task` after the program's previous one; errors are reported, never thrown into a timer. */
  private queue(program: string, task: () => Promise<void>): Promise<void> {
    const run = async () => {
      if (this.closed || this.host.shuttingDown()) return;
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
    return new Map(this.host.processes().map((p) => [p.name, p.program.name]));
  }

  private program(name: string): ProgramConfig | undefined {
    return this.host.config().programs.find((p) => p.name === name);
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
