import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findNativeHelper } from './native-helpers.js';
import type { Socket } from 'node:net';
import { openPipeSocket } from '../logs/index.js';
import { ChildExit } from './child-exit.js';
import { errnoName, signalName } from './os-names.js';
import { sendSignal } from './signals.js';
import type { PreparedSpawn, SpawnResult } from './spawn-child.js';
import { encodeArm, encodeDisarm, encodeSpawn, spawnFields, type RespawnPolicy } from './spawner-frames.js';

/**
 * Client of drover-spawner (native/spawner.c): sends spawn requests on the
 * helper's stdin and receives each child's pid, its stdout/stderr sockets (as
 * passed handles on a Node IPC channel) and, later, its exit status. The
 * helper hands over each child's sockets before the child exists, as a
 * numbered pair that its "spawned" names.
 */

interface Pending {
  resolve: (result: SpawnResult) => void;
  pid?: number;
  exit?: ChildExit;
  /** The output pair the helper gave the child. */
  pair?: number;
}

/**
 * A pair's read ends, wrapped as sockets when they arrive (wrapping costs about
 * as much as the spawn: done then, it is off the path of a respawn), and
 * unreferenced until a child has them, so an unused pair keeps no Node alive.
 */
interface OutputPair {
  stdout?: Socket;
  stderr?: Socket;
}

type HelperMessage =
  | { t: 'stdout'; pair: number }
  | { t: 'stderr'; pair: number }
  | { t: 'spawned'; id: number; pid: number; pair: number }
  | { t: 'error'; id: number; errno: number }
  | { t: 'exit'; pid: number; code: number | null; signal: number | null; respawn?: { id: number } };

/** The built drover-spawner, or null when there was no C compiler. */
export function findSpawnerBinary(): string | null {
  return findNativeHelper('drover-spawner');
}

/**
 * A running child's respawn, armed in the helper that is its parent: on the
 * child's end the helper itself starts the replacement if the armed policy
 * restarts it, and reports both at once.
 */
export interface ArmedSpawn {
  /** Set, before the old child's exit is told, when the helper started the replacement: `result` then settles with it. */
  readonly fired: boolean;
  readonly result: Promise<SpawnResult>;
  /**
   * The helper must not respawn; `signals` then go to the child from the
   * helper, after the disarm, so the stop they are cannot meet a respawn.
   * False when the helper could not take them (it is gone, or it fired): the caller sends them.
   */
  disarm(signals?: NodeJS.Signals[], toGroup?: boolean): boolean;
}

interface Armed {
  id: number;
  fired: boolean;
  /** Disarmed, but kept until the child's exit: the helper may have fired before it read the disarm. */
  disarmed: boolean;
  resolve: (result: SpawnResult) => void;
}

export class SpawnerClient {
  private readonly helper: ChildProcess;
  private nextId = 1;
  /** Spawns asked for and not yet answered in full (pid and both sockets). */
  private readonly pending = new Map<number, Pending>();
  /** Output pairs received, by number, until a spawned child takes one. */
  private readonly pairs = new Map<number, OutputPair>();
  /** Which spawn waits for a pair whose sockets have not all arrived. */
  private readonly pairOwners = new Map<number, number>();
  /** Every child whose exit has not come yet, by pid, from its "spawned" on. */
  private readonly live = new Map<number, ChildExit>();
  /** Live children someone listens to: while there are any, the channel keeps Node alive. */
  private readonly watched = new Set<number>();
  /** Armed respawns, by the pid of the child whose end fires them, until that end is told. */
  private readonly armed = new Map<number, Armed>();
  /**
   * Exits whose "spawned" has not been handled yet. The helper sends them in
   * order, but Node hands over a message that carries a socket a few ticks
   * after a plain one, so arrival order is not the order sent.
   */
  private readonly exitsAhead = new Map<number, { code: number | null; signal: string | null }>();
  private orphanWatch: NodeJS.Timeout | null = null;
  private dead = false;
  /** The helper is gone: a pair still arriving belongs to no child. */
  private exited = false;

  constructor(
    binary: string,
    private readonly onFailure: (message: string) => void,
  ) {
    this.helper = spawn(binary, [], { stdio: ['pipe', 'ignore', 'inherit', 'ipc'] });
    // The helper must not keep an otherwise finished Node process alive; the
    // channel is referenced only while we wait for a spawn or a child's exit.
    this.helper.unref();
    this.helper.channel?.unref();
    this.helper.on('message', (message: HelperMessage, handle?: unknown) => this.onMessage(message, handle));
    this.helper.on('error', (err) => this.fail(`drover-spawner: ${err.message}`));
    this.helper.on('exit', (code, signal) => {
      this.exited = true;
      this.dropPairs();
      this.fail(`drover-spawner exited (${signal ?? `status ${code}`})`);
    });
    this.helper.stdin!.on('error', () => {});
  }

  /** The helper's pid: the parent of every child it started. */
  get pid(): number | undefined {
    return this.helper.pid;
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** True while a spawn asked of this helper has not been answered in full. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  spawn(prepared: PreparedSpawn): Promise<SpawnResult> {
    if (this.dead) return Promise.resolve({ ok: false, reason: 'drover-spawner is not running' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.updateRef();
      this.helper.stdin!.write(encodeSpawn(id, spawnFields(prepared)));
    });
  }

  /** Arms `pid`'s respawn with `prepared` (see ArmedSpawn); null when this helper cannot (gone, or not its parent). */
  arm(pid: number, prepared: PreparedSpawn, policy: RespawnPolicy): ArmedSpawn | null {
    if (this.dead || !this.live.has(pid) || this.armed.has(pid)) return null;
    const armed: Armed = { id: this.nextId++, fired: false, disarmed: false, resolve: () => {} };
    const result = new Promise<SpawnResult>((resolve) => (armed.resolve = resolve));
    this.armed.set(pid, armed);
    this.helper.stdin!.write(encodeArm(pid, armed.id, policy, spawnFields(prepared)));
    return {
      get fired() {
        return armed.fired;
      },
      result,
      disarm: (signals = [], toGroup = false) => {
        if (this.armed.get(pid) !== armed || armed.disarmed || this.dead) return false;
        armed.disarmed = true;
        this.helper.stdin!.write(encodeDisarm(pid, signals, toGroup));
        return true;
      },
    };
  }

  close(): void {
    this.dead = true;
    this.helper.stdin!.end();
  }

  private onMessage(message: HelperMessage, handle?: unknown): void {
    if (message.t === 'exit') {
      this.onRespawn(message.pid, message.respawn);
      this.onExit(message.pid, message.code, message.signal === null ? null : signalName(message.signal));
      return;
    }
    if (message.t === 'stdout' || message.t === 'stderr') {
      const socket = openPipeSocket(handle);
      if (this.exited) {
        socket.destroy(); // no child will get it: do not leak the descriptor
        return;
      }
      socket.unref();
      const pair = this.pairs.get(message.pair) ?? {};
      pair[message.t] = socket;
      this.pairs.set(message.pair, pair);
      const owner = this.pairOwners.get(message.pair);
      const pending = owner === undefined ? undefined : this.pending.get(owner);
      if (owner !== undefined && pending) this.resolveWhenComplete(owner, pending);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.t === 'spawned') {
      pending.pid = message.pid;
      pending.exit = this.track(message.pid);
      pending.pair = message.pair;
      this.pairOwners.set(message.pair, message.id);
      this.resolveWhenComplete(message.id, pending);
    } else {
      this.pending.delete(message.id);
      pending.resolve({ ok: false, reason: `the system refused to start it (${errnoName(message.errno)})` });
    }
    this.updateRef();
  }

  /**
   * An armed child ended and the helper is starting its replacement: from
   * here that is a spawn awaiting its answer ("spawned" or "error", next),
   * and the respawn is fired before the old child's exit is told, so the
   * restart that exit causes finds it.
   */
  private onRespawn(pid: number, respawn: { id: number } | undefined): void {
    const armed = this.armed.get(pid);
    this.armed.delete(pid);
    if (!armed || !respawn) return;
    armed.fired = true;
    this.pending.set(respawn.id, { resolve: armed.resolve });
    this.updateRef();
  }

  /** A child exists from its "spawned" on: record it, and settle it at once if its exit came first. */
  private track(pid: number): ChildExit {
    const exit = new ChildExit();
    const ahead = this.exitsAhead.get(pid);
    if (ahead) {
      this.exitsAhead.delete(pid);
      exit.settle(ahead.code, ahead.signal);
    } else {
      this.live.set(pid, exit);
    }
    return exit;
  }

  private onExit(pid: number, code: number | null, signal: string | null): void {
    const exit = this.live.get(pid);
    if (!exit) {
      this.exitsAhead.set(pid, { code, signal });
      return;
    }
    this.live.delete(pid);
    this.watched.delete(pid);
    this.updateRef();
    exit.settle(code, signal);
  }

  /** A spawn is answered only once its pid and both sockets are here, in whatever order they came. */
  private resolveWhenComplete(id: number, pending: Pending): void {
    const { pid, exit, pair: pairNumber } = pending;
    const pair = pairNumber === undefined ? undefined : this.pairs.get(pairNumber);
    if (pid === undefined || exit === undefined || pairNumber === undefined || !pair?.stdout || !pair.stderr || !this.pending.has(id)) return;
    this.pending.delete(id);
    this.pairs.delete(pairNumber);
    this.pairOwners.delete(pairNumber);
    this.updateRef();
    const stdout = pair.stdout.ref();
    const stderr = pair.stderr.ref();
    pending.resolve({
      ok: true,
      child: {
        pid,
        parentPid: this.helper.pid!,
        stdout,
        stderr,
        onExit: (listener) => {
          exit.listen(listener);
          if (exit.ended) return;
          this.watched.add(pid);
          this.updateRef();
          if (this.dead) this.watchOrphans(); // handed out just before the helper died
        },
      },
    });
  }

  private updateRef(): void {
    if (this.pending.size > 0 || this.watched.size > 0) this.helper.channel?.ref();
    else this.helper.channel?.unref();
  }

  private fail(message: string): void {
    if (this.dead && this.pending.size === 0) return;
    this.dead = true;
    this.onFailure(message);
    this.dropPairs();
    for (const pending of this.pending.values()) {
      // Created, but its output never reached us: it cannot be supervised, so it must not run unseen.
      if (pending.pid !== undefined) sendSignal(pending.pid, 'SIGKILL', true);
      pending.resolve({ ok: false, reason: message });
    }
    this.pending.clear();
    this.armed.clear(); // never fired: their children's exits restart them the ordinary way
    this.watchOrphans();
  }

  /** Closes the pairs no child took (made ahead for the next spawn, or a failed spawn's). */
  private dropPairs(): void {
    for (const pair of this.pairs.values()) {
      pair.stdout?.destroy();
      pair.stderr?.destroy();
    }
    this.pairs.clear();
    this.pairOwners.clear();
  }

  /**
   * Children of a dead helper are adopted by init and nobody tells us when they
   * end: watch /proc for them instead, so their state stays true.
   */
  private watchOrphans(): void {
    if (this.live.size === 0 || this.orphanWatch) return;
    const timer = setInterval(() => {
      for (const pid of [...this.live.keys()]) {
        if (!existsSync(`/proc/${pid}`)) this.onExit(pid, null, null);
      }
      if (this.live.size === 0) {
        clearInterval(timer);
        this.orphanWatch = null;
      }
    }, 250);
    timer.unref();
    this.orphanWatch = timer;
  }
}
