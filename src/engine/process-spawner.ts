import { availableParallelism } from 'node:os';
import { prepareSpawn, spawnWithNode, type SpawnRequest, type SpawnResult } from './spawn-child.js';
import { findSpawnerBinary, SpawnerClient } from './spawner-client.js';

/**
 * Picks how processes are created: drover-spawner (posix_spawn, fast) when it
 * was built and is running, else Node's child_process. `user:` programs always
 * go through Node, which can set uid and gid; posix_spawn cannot.
 * DROVER_SPAWNER=node forces the Node path.
 */
const SPAWNERS_MAX = 4;

export class ProcessSpawner {
  private spawners: SpawnerClient[] = [];
  private next = 0;
  private failed = false;
  private readonly useSpawner: boolean;
  /** The latest spawn still settling: each spawn settles after the ones asked for before it. */
  private tail: Promise<unknown> | null = null;

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
      if (this.tail === ordered) this.tail = null;
    });
    return ordered;
  }

  private create(request: SpawnRequest): SpawnResult | Promise<SpawnResult> {
    const prepared = prepareSpawn(request);
    if (!prepared.ok) return prepared;
    // drover-spawner passes no extra fds: prefork workers go through Node, which does.
    const needsNode = prepared.spawn.uid !== undefined || prepared.spawn.extraFds !== undefined || prepared.spawn.notifyPipe === true;
    if (needsNode || !this.useSpawner) return spawnWithNode(prepared.spawn);
    const spawner = this.client();
    return spawner ? spawner.spawn(prepared.spawn) : spawnWithNode(prepared.spawn);
  }

  get kind(): 'spawner' | 'node' {
    return this.useSpawner && !this.failed ? 'spawner' : 'node';
  }

  close(): void {
    for (const spawner of this.spawners) spawner.close();
  }

  /**
   * Round-robin over one helper per core: the kernel's exec work is what costs,
   * and two helpers do it on two cores at once.
   */
  private client(): SpawnerClient | null {
    if (this.failed) return null; // a helper died once: stay on the Node path
    if (this.spawners.length === 0) {
      const binary = findSpawnerBinary();
      if (!binary) return null;
      const count = Math.max(1, Math.min(SPAWNERS_MAX, availableParallelism()));
      for (let i = 0; i < count; i++) {
        this.spawners.push(new SpawnerClient(binary, (message) => this.onHelperFailure(message)));
      }
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
