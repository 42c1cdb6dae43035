import type { ProgramConfig } from '../config/runtime.js';
import type { ExitRecord, ProcessStatus } from '../api/supervisor-api.js';
import type { ProcessState } from '../api/process-state.js';
import type { RestartPolicy } from './restart-policy.js';
import { ArmedRespawn } from './armed-respawn.js';
import type { SupervisorHooks } from './process-host.js';
import { describeProcess } from './process-info.js';
import { watchForLostExit, watchGroupEnd } from './process-watches.js';
import { groupExists, normalizeSignal, sendSignal } from './signals.js';
import type { SpawnedChild, SpawnResult } from './spawn-child.js';
import { initialMachine, transition, type Effect, type Machine, type MachineEvent, type TimerName } from './state-machine.js';

const TIMER_EVENTS: Record<TimerName, MachineEvent> = { startsecs: { kind: 'startsecsElapsed' }, backoff: { kind: 'backoffElapsed' }, stopTimeout: { kind: 'stopTimeout' } };

const EXIT_HISTORY = 10;

export type ProcessHost = SupervisorHooks<ManagedProcess>;

/**
 * One supervised process: holds the pure state machine's state and carries out
 * its effects (spawn, signals, timers). All restart rules live in state-machine.ts.
 */
export class ManagedProcess {
  /** `group:process` as supervisord names it (`grp:ga`; `web:web_00` outside groups); a change of group replaces the process. */
  readonly name: string;
  machine: Machine = initialMachine();
  child: SpawnedChild | null = null;
  startedAt: number | null = null;
  restarts = 0;
  exitCode: number | null = null;
  exitSignal: string | null = null;
  lastExitAt: number | null = null;
  /** Whether the readiness probe passes for the current child (meaningful only when the program has one). */
  ready = false;
  /** Stands in, STOPPED, for a program scaled to 0 (ProcessTable sets it). */
  scaledToZero = false;
  /** The latest exits, newest first, at most EXIT_HISTORY. */
  readonly exits: ExitRecord[] = [];
  private spawnCount = 0;
  private readonly timers = new Map<TimerName, NodeJS.Timeout>();
  /** Built-in-runtime workers: killed when silent (no heartbeat) for prefork.timeoutMs. */
  private watchdog: NodeJS.Timeout | null = null;
  /** Ends the watch for a killed child whose exit may never be reported (see process-watches.ts). */
  private endLostExitWatch: (() => void) | null = null;
  /** Ends the wait for a stopped program's process group to empty (see process-watches.ts). */
  private endGroupWatch: (() => void) | null = null;
  /** Children whose end was handled: a lost exit counted as one must not be counted again if it turns up. */
  private readonly ended = new WeakSet<SpawnedChild>();
  private readonly policy: RestartPolicy;
  private readonly respawn: ArmedRespawn;
  private readonly waiters = new Set<() => void>();
  /** Set while a STARTING is not announced yet (announced once the child exists, to name its pid, or the spawn failed): the state it came from. */
  private startingFrom: ProcessState | null = null;

  constructor(
    readonly program: ProgramConfig,
    readonly num: number,
    readonly processName: string,
    readonly group: string,
    private readonly host: ProcessHost,
  ) {
    this.name = `${group}:${processName}`;
    this.respawn = new ArmedRespawn(program, host.armRespawn, () => host.buildSpawnRequest(this), host.afterSpawns);
    this.policy = program.readiness
      ? { ...program, readyTimeoutMs: program.readiness.startTimeoutMs }
      : this.awaitsReady
        ? { ...program, readyTimeoutMs: program.prefork!.timeoutMs }
        : program;
  }

  get programName(): string {
    return this.program.name;
  }

  get state(): ProcessState {
    return this.machine.state;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  info(): ProcessStatus {
    return describeProcess(this);
  }

  dispatch(event: MachineEvent): void {
    this.apply(event, null);
  }

  /** `exitedPid`: the child whose exit this event is, named in the change it causes. */
  private apply(event: MachineEvent, exitedPid: number | null): void {
    const from = this.machine.state;
    const { machine, effects } = transition(this.machine, event, this.policy);
    // A STARTING still waiting for its pid is announced before whatever follows it.
    if (machine.state !== from) this.announceStarting();
    this.machine = machine;
    const next: MachineEvent[] = [];
    // Only a move into STARTING spawns: that STARTING is announced once the spawn's outcome is known.
    const spawns = effects.some((e) => e.kind === 'spawn');
    if (spawns) this.startingFrom = from;
    for (const effect of effects) {
      if (effect.kind === 'next') next.push(effect.event);
      else this.execute(effect);
    }
    if (machine.state === from) return;
    if (!spawns) this.announce(from, this.child?.pid ?? exitedPid);
    const child = this.child;
    if (machine.state === 'RUNNING' && child) this.respawn.armFor(child, () => this.child === child && this.machine.state === 'RUNNING');
    for (const follow of next) this.apply(follow, null);
  }

  private announce(from: ProcessState, pid: number | null): void {
    this.host.onStateChange(this, from, pid);
    this.wakeWaiters();
  }

  /** waitUntil conditions are checked again: at a state change, and when the process stops waiting for a dependency. */
  wakeWaiters(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private announceStarting(): void {
    const from = this.startingFrom;
    if (from === null) return;
    this.startingFrom = null;
    this.announce(from, this.child?.pid ?? null);
  }

  /** Resolves once `done(this)` holds, checked at every state change. */
  waitUntil(done: (proc: ManagedProcess) => boolean): Promise<void> {
    if (done(this)) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!done(this)) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  /**
   * Prefork workers of the built-in runtime, and command workers with
   * `ready_when`, are RUNNING when they say they are ready, not after startsecs.
   */
  private get awaitsReady(): boolean {
    const prefork = this.program.prefork;
    return prefork !== null && (prefork.app !== null || prefork.readyWhenLog !== null);
  }

  /** The worker reported ready (notify pipe), printed its ready line, or passed its readiness probe. */
  markReady(detail?: string): void {
    if (!this.child) return;
    const after = this.startedAt === null ? '' : ` after ${Date.now() - this.startedAt}ms`;
    this.dispatch({ kind: 'ready', why: `ready${after}${detail ? `: ${detail}` : ''}` });
    if (this.program.prefork?.app) this.heartbeat();
  }

  /** A heartbeat from a built-in-runtime worker: it is alive for another timeout. */
  heartbeat(): void {
    if (this.machine.state !== 'RUNNING') return;
    this.clearWatchdog();
    const child = this.child;
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      if (!child || this.child !== child) return;
      this.host.warn(this, `${this.name} (pid ${child.pid}) sent no heartbeat for ${this.program.prefork!.timeoutMs} ms: killing it`);
      sendSignal(child.pid, 'SIGKILL', this.program.killasgroup);
    }, this.program.prefork!.timeoutMs);
  }

  private clearWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  /**
   * Sends a signal to the running child's main pid, as supervisord's `signal`
   * and systemd's `kill $MAINPID` do: a master such as gunicorn handles HUP by
   * replacing its workers, which the same HUP would kill. `toGroup` reaches
   * everything the child forked as well.
   */
  signal(signal: NodeJS.Signals, toGroup = false): boolean {
    if (!this.child) return false;
    this.respawn.disarm();
    return sendSignal(this.child.pid, signal, toGroup);
  }

  private execute(effect: Effect): void {
    switch (effect.kind) {
      case 'spawn':
        this.spawn();
        return;
      case 'sendStopSignal': {
        const signal = normalizeSignal(this.program.stopsignal) ?? 'SIGTERM';
        if (this.child) this.respawn.sendStop(this.child, signal, this.program.stopasgroup);
        return;
      }
      case 'kill':
        if (!this.child) return;
        // Killing a starting process is the readiness deadline (state-machine.ts): say so.
        if (this.machine.state === 'STARTING') this.host.warn(this, `${this.name} (pid ${this.child.pid}) ${this.machine.description}`);
        sendSignal(this.child.pid, 'SIGKILL', this.program.killasgroup);
        this.watchKilled(this.child);
        return;
      case 'startTimer': {
        this.cancelTimer(effect.timer);
        const timer = effect.timer;
        this.timers.set(
          timer,
          setTimeout(() => {
            this.timers.delete(timer);
            this.dispatch(TIMER_EVENTS[timer]);
          }, effect.ms),
        );
        return;
      }
      case 'cancelTimer':
        this.cancelTimer(effect.timer);
        return;
    }
  }

  private cancelTimer(timer: TimerName): void {
    const handle = this.timers.get(timer);
    if (handle) clearTimeout(handle);
    this.timers.delete(timer);
  }

  private spawn(): void {
    const result = this.respawn.take() ?? this.host.spawn(this.host.buildSpawnRequest(this), this);
    if (result instanceof Promise) void result.then((settled) => this.onSpawnResult(settled));
    // Dispatch after the current transition finishes: effects must not re-enter it.
    else queueMicrotask(() => this.onSpawnResult(result));
  }

  private onSpawnResult(result: SpawnResult): void {
    if (!result.ok) {
      this.dispatch({ kind: 'spawnFailed', reason: result.reason });
      return;
    }
    const child = result.child;
    if (this.spawnCount++ > 0) this.restarts++;
    this.take(child, Date.now());
    if (this.machine.state === 'STOPPING') {
      // A stop arrived while the process was being created: it could not be
      // signalled then, so signal it now; its exit completes the stop.
      this.execute({ kind: 'sendStopSignal' });
      return;
    }
    this.announceStarting();
    this.dispatch({ kind: 'spawned', pid: child.pid });
  }

  private take(child: SpawnedChild, startedAt: number): void {
    this.child = child;
    this.startedAt = startedAt;
    this.host.attachOutput(this, child);
    this.host.onChildSpawned(this, child.pid);
    child.onExit((code, signal) => this.onChildExit(child, code, signal));
  }

  /** A child a keeper held for the previous drover (adopt-held.ts), RUNNING as it was; an exit meanwhile follows as any exit. */
  adopt(child: SpawnedChild, since: { startedAt: number; restarts: number; previousDrover: number }): void {
    this.machine = { ...this.machine, state: 'RUNNING', description: `adopted from the previous drover (pid ${since.previousDrover})` };
    this.spawnCount = 1;
    this.restarts = since.restarts;
    this.take(child, since.startedAt);
    this.announce('STOPPED', child.pid);
    this.respawn.armFor(child, () => this.child === child && this.machine.state === 'RUNNING');
    if (this.program.prefork?.app) this.heartbeat();
  }

  /** A killed child whose exit never comes is counted as exited once the kernel no longer has it. */
  private watchKilled(child: SpawnedChild): void {
    this.endLostExitWatchNow();
    this.endLostExitWatch = watchForLostExit(child, () => {
      this.endLostExitWatch = null;
      if (this.ended.has(child)) return; // its main process exited; the group is draining
      this.host.warn(this, `${this.name}: pid ${child.pid} is gone but its exit was never reported; counting it as exited`);
      this.onChildExit(child, null, null);
    });
  }

  private endLostExitWatchNow(): void {
    this.endLostExitWatch?.();
    this.endLostExitWatch = null;
  }

  private onChildExit(child: SpawnedChild, code: number | null, signal: string | null): void {
    if (this.ended.has(child)) return;
    this.ended.add(child);
    if (this.machine.state === 'STOPPING' && this.program.stopasgroup && this.program.killasgroup && groupExists(child.pid)) {
      // As in supervisord, what it forked may finish its own graceful stop after the main
      // process is gone; the stop timer's SIGKILL to the group bounds that wait.
      this.endGroupWatch = watchGroupEnd(child.pid, () => {
        this.endGroupWatch = null;
        this.finishExit(child, code, signal);
      });
      return;
    }
    this.finishExit(child, code, signal);
  }

  private finishExit(child: SpawnedChild, code: number | null, signal: string | null): void {
    if (this.child === child) {
      this.clearWatchdog();
      this.endLostExitWatchNow();
    }
    // Whatever the program forked dies with it when killasgroup is set: a crashed
    // program must not leave workers holding its port for the next start.
    if (this.program.killasgroup && groupExists(child.pid)) sendSignal(child.pid, 'SIGKILL', true);
    const startedAt = this.child === child ? this.startedAt : null;
    if (this.child === child) {
      this.child = null;
      this.startedAt = null;
    }
    this.exitCode = code;
    this.exitSignal = signal;
    this.lastExitAt = Date.now();
    const expected = this.machine.state === 'STOPPING' || (code !== null && this.program.exitcodes.includes(code));
    this.exits.unshift({ at: this.lastExitAt, pid: child.pid, exitCode: code, exitSignal: signal, uptimeMs: startedAt === null ? 0 : this.lastExitAt - startedAt, expected });
    if (this.exits.length > EXIT_HISTORY) this.exits.pop();
    this.apply({ kind: 'exited', code, signal }, child.pid);
    this.respawn.settled(child);
    // After the restart it may have started: a new child is recorded later still (its spawn settles
    // asynchronously), so a pid reused at once is recorded ended, then live, in that order.
    this.host.onChildExited(child.pid);
  }

  /** The config changed around it: a respawn armed with what a spawn no longer is gets disarmed. */
  refreshRespawn(): void {
    this.respawn.refresh();
  }

  /** Stops timers; used when the process is removed from the supervisor. */
  dispose(): void {
    this.startingFrom = null;
    this.respawn.disarm();
    this.clearWatchdog();
    this.endLostExitWatchNow();
    this.endGroupWatch?.();
    for (const timer of [...this.timers.keys()]) this.cancelTimer(timer);
    this.wakeWaiters();
  }
}
