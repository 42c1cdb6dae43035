import { availableParallelism } from 'node:os';
import { prepareSpawn, spawnWithNode, type PreparedSpawn, type SpawnedChild, type SpawnRequest, type SpawnResult } from './spawn-child.js';
import { findSpawnerBinary, SpawnerClient, type ArmedSpawn } from './spawner-client.js';
import type { RespawnPolicy } from './spawner-frames.js';

/**
 * Picks how processes are created: drover-spawner (posix_spawn, fast) when it
 * was built and is running, else Node's child_process. `user:` programs always
 * go through Node, which can set uid and gid; posix_spawn cannot.
 * DROVER_SPAWNER=node forces the Node path.
 */
const SPAWNERS_MAX = 4;

/** drover-spawner passes no extra fds and cannot change users: prefork workers and `user:` programs go through Node. */
function needsNode(prepared: PreparedSpawn): boolean {
  return prepared.uid !== undefined || prepared.extraFds !== undefined || prepared.notifyPipe === true;
}

export class ProcessSpawner {
  private spawners: SpawnerClient[] = [];
  private next = 0;
  private failed = false;
  private readonly useSpawner: boolean;
  /** The latest spawn still settling: each spawn settles after the ones asked for before it. */
  private tail: Promise<unknown> | null = null;
  /** What waits for every spawn asked for to settle (afterSpawns). */
  private settledWaiters: (() => void)[] = [];

  constructor(private readonly onWarning: (message: string) => void) {
    this.useSpawner = process.env.DROVER_SPAWNER !== 'node' && findSpawnerBinary() !== null;
  }

  /**
   * Synchronous for Node's child_process, a promise for drover-spawner. Results
   * settle in the order they were asked for: two helpers answer at their own
   * pace, and processes started in priority order must be seen starting in it.
   */
  spawn(request: SpawnRequest): SpawnResult | Promise<SpawnResult> {
    const result = this.create(request);
    if (!(result instanceof Promise) && this.tail === null) return result;
    const before = this.tail;
    const ordered = Promise.all([result, before]).then(([settled]) => settled);
    this.tail = ordered;
    void ordered.then(() => {
      if (this.tail !== ordered) return;
      this.tail = null;
      // After what the settled spawn's own handlers do: they run on this same resolution.
      if (this.settledWaiters.length > 0) setImmediate(() => this.runSettledWaiters());
    });
    return ordered;
  }

  /** Runs `run` on a later turn once no spawn is settling: work that can wait keeps off a burst of starts. */
  afterSpawns(run: () => void): void {
    if (this.tail === null) setImmediate(run);
    else this.settledWaiters.push(run);
  }

  private runSettledWaiters(): void {
    if (this.tail !== null) return; // a new burst began: its end runs them
    for (const run of this.settledWaiters.splice(0)) run();
  }

  private create(request: SpawnRequest): SpawnResult | Promise<SpawnResult> {
    const prepared = prepareSpawn(request);
    if (!prepared.ok) return prepared;
    if (needsNode(prepared.spawn) || !this.useSpawner) return spawnWithNode(prepared.spawn);
    const spawner = this.client();
    return spawner ? spawner.spawn(prepared.spawn) : spawnWithNode(prepared.spawn);
  }

  /**
   * Arms `child`'s respawn in the drover-spawner that is its parent (only it
   * reaps the child); null when none is, or when the request needs Node.
   */
  arm(child: SpawnedChild, request: SpawnRequest, policy: RespawnPolicy): ArmedSpawn | null {
    const parent = this.spawners.find((spawner) => spawner.pid === child.parentPid);
    if (!parent) return null;
    const prepared = prepareSpawn(request);
    if (!prepared.ok || needsNode(prepared.spawn)) return null;
    return parent.arm(child.pid, prepared.spawn, policy);
  }

  get kind(): 'spawner' | 'node' {
    return this.useSpawner && !this.failed ? 'spawner' : 'node';
  }

  close(): void {
    for (const spawner of this.spawners) spawner.close();
  }

  /**
   * Up to one helper per core, each started only when every running one is
   * busy: the kernel's exec work is what costs, and two helpers do it on two
   * cores at once during a burst of starts, but a supervisor whose programs
   * start one at a time keeps a single helper (1.5 MB each, and a helper
   * stays as long as the programs it started).
   */
  private client(): SpawnerClient | null {
    if (this.failed) return null; // a helper died once: stay on the Node path
    const idle = this.spawners.find((spawner) => !spawner.busy);
    if (idle) return idle.alive ? idle : null;
    if (this.spawners.length < Math.max(1, Math.min(SPAWNERS_MAX, availableParallelism()))) {
      const binary = findSpawnerBinary();
      if (!binary) return null;
      const spawner = new SpawnerClient(binary, (message) => this.onHelperFailure(message));
      this.spawners.push(spawner);
      return spawner;
    }
    const spawner = this.spawners[this.next++ % this.spawners.length]!;
    return spawner.alive ? spawner : null;
  }

  private onHelperFailure(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.onWarning(`${message}; starting programs with Node's child_process from now on`);
  }
}
