import { availableParallelism } from 'node:os';
import { prepareSpawn, spawnWithNode, type PreparedSpawn, type SpawnedChild, type SpawnRequest, type SpawnResult } from './spawn-child.js';
import { findSpawnerBinary, SpawnerClient } from './spawner-client.js';
import type { HelperMode } from './spawner-messages.js';
import type { Handover } from './keeper-handover.js';
import type { ArmedSpawn } from './armed-respawn.js';
import type { RespawnPolicy } from './spawner-frames.js';

/**
 * Picks how processes are created: drover-spawner (posix_spawn, fast) when it
 * was built and is running, else Node's child_process. `user:` programs always
 * go through Node, which can set uid and gid; posix_spawn cannot.
 * DROVER_SPAWNER=node forces the Node path.
 */
const SPAWNERS_MAX = 4;
/** How long a keeper may take to hand over what it holds (a few messages per program). */
const ATTACH_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * drover-spawner cannot change users: `user:` programs go through Node. It
 * passes a prefork worker's sockets only from a keeper that holds them
 * (keep_programs), so other workers go through Node too.
 */
function needsNode(prepared: PreparedSpawn, keeping: boolean): boolean {
  if (prepared.uid !== undefined) return true;
  if (prepared.extraFds === undefined && prepared.notifyPipe !== true) return false;
  return !keeping || prepared.heldSockets === undefined;
}

/** Where helper `index` listens when it keeps programs (see keeper-files.ts), or null when programs do not outlive drover. */
export type KeeperPath = ((index: number) => string) | null;

export class ProcessSpawner {
  private spawners: SpawnerClient[] = [];
  private next = 0;
  private failed = false;
  private readonly useSpawner: boolean;
  /** The latest spawn still settling: each spawn settles after the ones asked for before it. */
  private tail: Promise<unknown> | null = null;
  /** What waits for every spawn asked for to settle (afterSpawns). */
  private settledWaiters: (() => void)[] = [];

  /** Helper indexes in use (keeper socket names): adopted keepers keep theirs. */
  private readonly indexes = new Set<number>();

  constructor(
    private readonly onWarning: (message: string) => void,
    private keeperPath: KeeperPath = null,
  ) {
    this.useSpawner = process.env.DROVER_SPAWNER !== 'node' && findSpawnerBinary() !== null;
  }

  /**
   * Attaches to the keeper listening at each path (left by a previous
   * drover); resolves with what each handed over. A keeper that does not
   * answer is skipped: its programs are then the state file's to stop.
   */
  async attach(paths: { path: string; index: number }[]): Promise<Handover[]> {
    const binary = findSpawnerBinary();
    if (!binary || !this.useSpawner) return [];
    const attached = await Promise.all(
      paths.map(async ({ path, index }) => {
        const client = new SpawnerClient(binary, (message) => this.onHelperFailure(message), { kind: 'attach', path });
        const handover = await withTimeout(client.adopted, ATTACH_TIMEOUT_MS).catch((error: Error) => {
          this.onWarning(`cannot attach to the keeper at ${path}: ${error.message}`);
          client.close();
          return null;
        });
        if (!handover) return null;
        this.spawners.push(client);
        this.indexes.add(index);
        return handover;
      }),
    );
    return attached.filter((handover) => handover !== null);
  }

  /** Keepers hold listening sockets by key: a program's closed here, they let go of them too. */
  releaseSockets(keys: string[]): void {
    for (const spawner of this.spawners) for (const key of keys) spawner.releaseSocket(key);
  }

  /** Programs stop outliving drover (ctl shutdown, or keep_programs turned off): every keeper lets go and ends with this supervisor. */
  stopKeeping(): void {
    this.keeperPath = null;
    for (const spawner of this.spawners) spawner.stopKeeping();
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
    const spawn = prepared.spawn;
    if (needsNode(spawn, this.keeperPath !== null) || !this.useSpawner) return spawnWithNode(spawn);
    const spawner = this.client();
    if (!spawner) return spawnWithNode(spawn);
    if (spawn.heldSockets) return spawner.spawnWorker(spawn, spawn.heldSockets, spawn.notifyPipe === true);
    return spawner.spawn(spawn);
  }

  /**
   * Arms `child`'s respawn in the drover-spawner that is its parent (only it
   * reaps the child); null when none is, or when the request needs Node.
   */
  arm(child: SpawnedChild, request: SpawnRequest, policy: RespawnPolicy): ArmedSpawn | null {
    const parent = this.spawners.find((spawner) => spawner.pid === child.parentPid);
    if (!parent) return null;
    const prepared = prepareSpawn(request);
    if (!prepared.ok || needsNode(prepared.spawn, false)) return null;
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
      const spawner = new SpawnerClient(binary, (message) => this.onHelperFailure(message), this.helperMode());
      this.spawners.push(spawner);
      return spawner;
    }
    const spawner = this.spawners[this.next++ % this.spawners.length]!;
    return spawner.alive ? spawner : null;
  }

  /** A new helper keeps its programs when they outlive drover, under the first index no helper uses. */
  private helperMode(): HelperMode {
    if (this.keeperPath === null) return { kind: 'plain' };
    let index = 0;
    while (this.indexes.has(index)) index++;
    this.indexes.add(index);
    return { kind: 'keep', path: this.keeperPath(index) };
  }

  private onHelperFailure(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.onWarning(`${message}; starting programs with Node's child_process from now on`);
  }
}
