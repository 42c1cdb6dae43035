import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config, ProgramConfig } from '../../config/runtime.js';
import type { ProcessSpawner } from '../process-spawner.js';
import type { ManagedProcess } from '../managed-process.js';
import type { SpawnedChild, SpawnRequest, SpawnResult } from '../spawn-child.js';
import type { ActionResult, PreforkCounts } from '../../api/supervisor-api.js';
import { isLive } from '../process-state.js';
import { HookRunner } from './hooks.js';
import { rollingReload, type ReloadSteps } from './rolling-reload.js';
import { watchNotifyPipe, watchReadyLine } from './worker-signals.js';
import type { BoundSocket } from './bind-address.js';
import { drainingUvicornArgv } from './uvicorn-drain.js';
import { heldSocketKey, SocketRegistry, type AcquireResult } from './socket-registry.js';
import { PreforkTally } from './prefork-tally.js';

/** How often a built-in-runtime worker sends a heartbeat: a few per timeout, bounded. */
export function heartbeatIntervalMs(timeoutMs: number): number {
  return Math.min(5000, Math.max(100, Math.floor(timeoutMs / 4)));
}

/** `sh -c` sets LISTEN_PID to the worker's own pid (exec keeps it), as systemd does. */
const LISTEN_PID_WRAPPER = ['/bin/sh', '-c', 'LISTEN_PID=$$ exec "$0" "$@"'];

/** What a worker of an `app:` program runs: drover's worker runtime, serving that module. */
export function builtInRuntimeArgv(app: string): string[] {
  return [process.execPath, runtimePath(), app];
}

function runtimePath(): string {
  const candidates = [new URL('../../worker-runtime/worker-main.js', import.meta.url), new URL('../../../dist/worker-runtime/worker-main.js', import.meta.url)];
  for (const url of candidates) if (existsSync(fileURLToPath(url))) return fileURLToPath(url);
  throw new Error('drover is not built: dist/worker-runtime/worker-main.js is missing (run npm run build)');
}

/**
 * The master side of `type: prefork` programs: binds each program's sockets
 * once, hands them to every worker as fd 3, 4, … with systemd's LISTEN_*
 * variables, and turns what workers say (notify pipe, ready line) into the
 * worker's readiness and heartbeats.
 */
export class PreforkMaster {
  private readonly sockets = new SocketRegistry((keys) => this.spawner.releaseSockets(keys));
  private readonly hooks: HookRunner;
  private readonly tally = new PreforkTally();
  /** on_starting + binding in progress, shared by workers starting together. */
  private readonly opening = new Map<string, Promise<AcquireResult>>();
  /** Programs whose on_starting has run (and succeeded) since they last stopped. */
  private readonly opened = new Set<string>();
  /** Programs whose when_ready has run since they last started. */
  private readonly announced = new Set<string>();

  constructor(
    private readonly spawner: ProcessSpawner,
    defaultDir: () => string,
    warn: (message: string) => void,
  ) {
    this.hooks = new HookRunner(defaultDir, warn);
  }

  async spawn(proc: ManagedProcess, request: SpawnRequest): Promise<SpawnResult> {
    const program = proc.program;
    const opened = await this.open(program);
    if (!opened.ok) return opened;
    await this.hooks.run(program, 'pre_fork', { WORKER_NAME: proc.name, WORKERS: program.numprocs });
    const result = await this.spawnWorker(proc, request, opened.sockets);
    if (result.ok) void this.hooks.run(program, 'post_fork', { WORKER_NAME: proc.name, WORKER_PID: result.child.pid });
    return result;
  }

  /**
   * The program's sockets. At its first start (or its first since it
   * stopped) on_starting runs first, and its failure stops the start.
   */
  private open(program: ProgramConfig): Promise<AcquireResult> {
    if (this.opened.has(program.name)) return this.sockets.acquire(program);
    let pending = this.opening.get(program.name);
    if (!pending) {
      pending = (async () => {
        const hook = await this.hooks.run(program, 'on_starting');
        if (!hook.ok) {
          // The program will not run, so nothing the failed hook started may either.
          await this.hooks.stopLeftovers(program);
          return { ok: false as const, reason: `${hook.message}; not starting` };
        }
        const acquired = await this.sockets.acquire(program);
        if (acquired.ok) this.opened.add(program.name);
        return acquired;
      })().finally(() => this.opening.delete(program.name));
      this.opening.set(program.name, pending);
    }
    return pending;
  }

  private spawnWorker(proc: ManagedProcess, request: SpawnRequest, sockets: BoundSocket[]): SpawnResult | Promise<SpawnResult> {
    const program = proc.program;
    const prefork = program.prefork!;
    const fds = sockets.map((socket) => socket.fd);
    // An inherited fd://N has no handle to send: such a program's workers stay children of drover.
    const heldSockets = sockets.every((socket) => socket.handle !== undefined)
      ? sockets.map((socket) => ({ key: heldSocketKey(program.name, socket.address), handle: socket.handle }))
      : undefined;
    const firstFd = '3';
    const env: Record<string, string> = {
      ...request.env,
      LISTEN_FDS: String(fds.length),
      LISTEN_FDNAMES: sockets.map((socket) => socket.address.text.replace(/:/g, '_')).join(':'),
    };
    if (prefork.app) {
      // The runtime reads its fds directly and needs no LISTEN_PID.
      Object.assign(env, {
        DROVER_NOTIFY_FD: String(3 + fds.length),
        DROVER_HEARTBEAT_MS: String(heartbeatIntervalMs(prefork.timeoutMs)),
        DROVER_GRACEFUL_TIMEOUT_MS: String(prefork.gracefulTimeoutMs),
        DROVER_MAX_REQUESTS: String(maxRequestsFor(program)),
      });
      return this.spawner.spawn({ ...request, argv: builtInRuntimeArgv(prefork.app), env, extraFds: fds, notifyPipe: true, heldSockets });
    }
    const argv = request.argv.map((token) => token.replaceAll('{fd}', firstFd));
    const command = (prefork.uvicornDrain && drainingUvicornArgv(argv, request.cwd, request.env.PATH)) || argv;
    return this.spawner.spawn({ ...request, argv: [...LISTEN_PID_WRAPPER, ...command], env, extraFds: fds, heldSockets });
  }

  /**
   * A keeper held the program's sockets for a previous drover: they serve on,
   * and its hooks already ran (on_starting, and when_ready once all of its
   * adopted workers are RUNNING). False when the keeper had not all of them.
   */
  adopt(program: ProgramConfig, handles: ReadonlyMap<string, unknown>): boolean {
    if (!this.sockets.adopt(program, handles)) return false;
    this.opened.add(program.name);
    this.announced.add(program.name);
    return true;
  }

  /** Called right after a worker is spawned. */
  watch(proc: ManagedProcess, child: SpawnedChild): void {
    const prefork = proc.program.prefork!;
    child.onExit((code, signal) => {
      void this.hooks.run(proc.program, 'worker_exit', { WORKER_NAME: proc.name, WORKER_PID: child.pid, EXIT_CODE: code, EXIT_SIGNAL: signal });
    });
    if (prefork.app && child.notify) {
      watchNotifyPipe(child.notify, {
        ready: () => proc.child === child && proc.markReady(),
        heartbeat: () => proc.child === child && proc.heartbeat(),
      });
    } else if (prefork.readyWhenLog) {
      const pattern = new RegExp(prefork.readyWhenLog);
      watchReadyLine([child.stdout, child.stderr], pattern, () => proc.child === child && proc.markReady());
    }
  }

  /**
   * A worker changed state. All RUNNING: when_ready, once. None left that
   * may serve (the last one went FATAL): the sockets close, so clients are
   * refused at once rather than queued for a worker that never comes.
   */
  workerStateChanged(proc: ManagedProcess, workers: ManagedProcess[]): void {
    const program = proc.program;
    if (proc.state === 'FATAL' && !workers.some(maySoonServe)) this.sockets.release(program.name);
    if (proc.state !== 'RUNNING' || this.announced.has(program.name) || !workers.every((w) => w.state === 'RUNNING')) return;
    this.announced.add(program.name);
    void this.hooks.run(program, 'when_ready', { WORKERS: workers.length });
  }

  countChanged(program: ProgramConfig, before: number, after: number): void {
    this.tally.scaledTo(program.name, after);
    if (before !== after) void this.hooks.run(program, 'nworkers_changed', { OLD_WORKERS: before, NEW_WORKERS: after });
  }

  /**
   * Workers were stopped. When none of the program's is left running: unless
   * `keepSockets` (a restart, whose connects should queue for the new workers)
   * the sockets close; then on_exit, then what its hooks left in the background
   * is stopped (all awaited, so shutdown waits for it).
   */
  async stopped(program: ProgramConfig, workers: ManagedProcess[], { keepSockets = false } = {}): Promise<void> {
    if (workers.some((w) => isLive(w.state))) return;
    if (!keepSockets) this.sockets.release(program.name);
    if (this.opened.delete(program.name)) {
      this.announced.delete(program.name);
      await this.hooks.run(program, 'on_exit');
    }
    await this.hooks.stopLeftovers(program);
  }

  /**
   * Rolling replacement of the given workers, program by program, after each
   * program's on_reload. `onto` is the program's new config on an update.
   */
  async reload(workers: ManagedProcess[], steps: ReloadSteps, onto?: ProgramConfig): Promise<ActionResult[]> {
    const results: ActionResult[] = [];
    for (const program of new Set(workers.map((w) => w.program))) {
      const target = onto ?? program;
      this.tally.reloadStarted(target.name);
      await this.hooks.run(target, 'on_reload', { WORKERS: target.numprocs });
      const replaced = await rollingReload(
        target,
        workers.filter((w) => w.program === program),
        steps,
      );
      if (replaced.some((result) => !result.ok)) this.tally.reloadFailed(target.name);
      results.push(...replaced);
    }
    return results;
  }

  /** Workers asked for and reloads done, for the metrics. */
  counts(program: ProgramConfig): PreforkCounts {
    return this.tally.countsOf(program);
  }

  /** The program is gone from the config (or restarts on a new one): its sockets close. */
  release(programName: string): void {
    this.sockets.release(programName);
    this.tally.released(programName);
  }

  close(): void {
    this.sockets.releaseAll();
  }
}

/** Running, starting, stopping, or waiting to retry: it still counts on the sockets. */
function maySoonServe(worker: ManagedProcess): boolean {
  return isLive(worker.state) || worker.state === 'BACKOFF';
}

/** max_requests plus a random part of the jitter, per worker, so they do not all retire at once. */
function maxRequestsFor(program: ProgramConfig): number {
  const prefork = program.prefork!;
  if (prefork.maxRequests === 0) return 0;
  return prefork.maxRequests + Math.floor(Math.random() * (prefork.maxRequestsJitter + 1));
}

/**
 * A changed prefork program rolls onto its new config (no moment without a
 * ready worker) when it stays prefork on the same addresses; otherwise its
 * workers stop and start like any program's, and its sockets are rebound.
 */
export function rollsOnUpdate(before: Config, after: Config, name: string): boolean {
  const old = before.programs.find((p) => p.name === name)?.prefork;
  const next = after.programs.find((p) => p.name === name)?.prefork;
  return old != null && next != null && JSON.stringify(old.bind) === JSON.stringify(next.bind);
}
