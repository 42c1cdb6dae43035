import { spawn, type ChildProcess } from 'node:child_process';
import { findNativeHelper } from './native-helpers.js';
import { OutputPairs, pairComplete } from './output-pairs.js';
import { ChildExit } from './child-exit.js';
import { errnoName, signalName } from './os-names.js';
import { sendSignal } from './signals.js';
import type { PreparedSpawn, SpawnedChild, SpawnResult } from './spawn-child.js';
import type { ArmedSpawn } from './armed-respawn.js';
import { watchUntilGone } from './orphan-watch.js';
import { encodeArm, encodeDisarm, encodeQuit, encodeSpawn, encodeWorker, spawnFields, type RespawnPolicy } from './spawner-frames.js';
import { KeeperHandover, type Handover } from './keeper-handover.js';
import type { Armed, HelperMessage, HelperMode, Pending } from './spawner-messages.js';

/**
 * Client of drover-spawner (native/spawner.c): sends spawn requests on the
 * helper's stdin and receives each child's pid, its stdout/stderr sockets (as
 * passed handles on a Node IPC channel) and, later, its exit status. The
 * helper hands over each child's sockets before the child exists, as a
 * numbered pair that its "spawned" names.
 *
 * In keep mode (`--keep PATH`) the helper is a keeper: it outlives this
 * supervisor with the children. A client in attach mode (`--attach PATH`)
 * talks to a keeper a previous supervisor started, through a relay, and first
 * receives what the keeper holds (see keeper-handover.ts).
 */

/** The built drover-spawner, or null when there was no C compiler. */
export function findSpawnerBinary(): string | null {
  return findNativeHelper('drover-spawner');
}

export class SpawnerClient {
  private readonly helper: ChildProcess;
  private nextId = 1;
  /** Spawns asked for and not yet answered in full (pid and both sockets). */
  private readonly pending = new Map<number, Pending>();
  /** Output pairs received, until a spawned child takes one. */
  private readonly pairs = new OutputPairs();
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
  private orphanWatch = false;
  private dead = false;
  /** The helper is gone: a pair still arriving belongs to no child. */
  private exited = false;
  /** Listening sockets the helper holds, by key: a worker spawn names them. */
  private readonly heldKeys = new Set<string>();
  /** Attach mode: what the keeper hands over, until it is all here. */
  private readonly handover: KeeperHandover | null;

  constructor(
    binary: string,
    private readonly onFailure: (message: string) => void,
    readonly mode: HelperMode = { kind: 'plain' },
  ) {
    const args = mode.kind === 'plain' ? [] : [mode.kind === 'keep' ? '--keep' : '--attach', mode.path];
    // A keeper or a relay may outlive this supervisor: it must not hold its stderr (a terminal, a pipe a shell waits on).
    this.helper = spawn(binary, args, { stdio: ['pipe', 'ignore', mode.kind === 'plain' ? 'inherit' : 'ignore', 'ipc'] });
    this.handover =
      mode.kind === 'attach'
        ? new KeeperHandover({
            track: (pid) => this.track(pid),
            pairs: this.pairs,
            child: (pid, pair, exit) => this.childOf(pid, pair, exit),
          })
        : null;
    // The helper must not keep an otherwise finished Node process alive; the
    // channel is referenced only while we wait for a spawn, a child's exit or a handover.
    this.helper.unref();
    this.updateRef();
    void this.handover?.done.finally(() => this.updateRef()).catch(() => {});
    this.helper.on('message', (message: HelperMessage, handle?: unknown) => this.onMessage(message, handle));
    this.helper.on('error', (err) => this.fail(`drover-spawner: ${err.message}`));
    this.helper.on('exit', (code, signal) => {
      this.exited = true;
      this.dropPairs();
      // A relay that ends before its keeper answered: no keeper there (it died, or refused us).
      if (this.handover?.fail(`drover-spawner --attach ${mode.kind === 'attach' ? mode.path : ''} exited (${signal ?? `status ${code}`})`)) {
        this.dead = true;
        return;
      }
      this.fail(helperGone(mode, this.pid, code, signal));
    });
    this.helper.stdin!.on('error', () => {});
  }

  /** The helper's pid: the parent of every child it started (a keeper's, in attach mode). */
  get pid(): number | undefined {
    return this.handover?.keeperPid ?? this.helper.pid;
  }

  /** Attach mode: resolves with what the keeper held once all of it is here; rejects when no keeper answered. */
  get adopted(): Promise<Handover> {
    return this.handover?.done ?? Promise.reject(new Error('not attached to a keeper'));
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

  /**
   * A prefork worker: the listening sockets go to the helper first (once per
   * key: it keeps them), and the worker gets them as fd 3, 4, … and, with
   * `notify`, a notify socket after them.
   */
  async spawnWorker(prepared: PreparedSpawn, sockets: { key: string; handle: unknown }[], notify: boolean): Promise<SpawnResult> {
    for (const { key, handle } of sockets) {
      if (this.heldKeys.has(key)) continue;
      // The frame goes out only after Node wrote the hold: the helper reads what waits on its channel before it looks a key up.
      const sent = await new Promise<boolean>((resolve) => {
        if (this.dead) return resolve(false);
        this.helper.send({ t: 'hold', key }, handle as never, (error) => resolve(error === null || error === undefined));
      });
      if (!sent) return { ok: false, reason: 'drover-spawner is not running' };
      this.heldKeys.add(key);
    }
    if (this.dead) return { ok: false, reason: 'drover-spawner is not running' };
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, notify });
      this.updateRef();
      this.helper.stdin!.write(
        encodeWorker(
          id,
          sockets.map((socket) => socket.key),
          notify,
          spawnFields(prepared),
        ),
      );
    });
  }

  /** The helper lets go of a listening socket it holds (its program stopped). */
  releaseSocket(key: string): void {
    if (!this.heldKeys.delete(key) || this.dead) return;
    this.helper.send({ t: 'release', key });
  }

  /** Keep mode ends: the helper exits with this supervisor from now on (ctl shutdown). */
  stopKeeping(): void {
    this.heldKeys.clear();
    if (!this.dead && this.mode.kind !== 'plain') this.helper.stdin!.write(encodeQuit());
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
    if (this.handover?.accepts(message)) {
      if (message.t === 'socket') this.heldKeys.add(message.key);
      this.handover.take(message, handle);
      return;
    }
    if (message.t === 'attached' || message.t === 'held' || message.t === 'socket' || message.t === 'adopted') return; // not attaching
    if (message.t === 'exit') {
      this.onRespawn(message.pid, message.respawn);
      this.onExit(message.pid, message.code, message.signal === null ? null : signalName(message.signal));
      return;
    }
    if (message.t === 'stdout' || message.t === 'stderr' || message.t === 'notify') {
      this.pairs.add(message.pair, message.t, handle);
      // No child will get it once the helper is gone: do not leak the descriptor.
      if (this.exited) this.dropPairs();
      const owner = this.pairOwners.get(message.pair);
      const pending = owner === undefined ? undefined : this.pending.get(owner);
      if (owner !== undefined && pending) this.resolveWhenComplete(owner, pending);
      else this.handover?.pairArrived(message.pair);
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
    if (pid === undefined || exit === undefined || pairNumber === undefined || !pairComplete(pair, pending.notify === true) || !this.pending.has(id)) return;
    this.pending.delete(id);
    this.pairOwners.delete(pairNumber);
    this.updateRef();
    pending.resolve({ ok: true, child: this.childOf(pid, pairNumber, exit) });
  }

  /** The child on a complete pair, which it takes: its sockets are referenced from now on. */
  private childOf(pid: number, pairNumber: number, exit: ChildExit): SpawnedChild {
    return {
      pid,
      parentPid: this.pid!,
      ...this.pairs.take(pairNumber),
      onExit: (listener) => {
        exit.listen(listener);
        if (exit.ended) return;
        this.watched.add(pid);
        this.updateRef();
        if (this.dead) this.watchOrphans(); // handed out just before the helper died
      },
    };
  }

  private updateRef(): void {
    if (this.pending.size > 0 || this.watched.size > 0 || this.handover?.open) this.helper.channel?.ref();
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
    this.pairs.dropAll();
    this.pairOwners.clear();
  }

  /**
   * Children of a dead helper are adopted by init and nobody tells us when they
   * end: watch /proc for them instead, so their state stays true.
   */
  private watchOrphans(): void {
    if (this.live.size === 0 || this.orphanWatch) return;
    this.orphanWatch = true;
    watchUntilGone(
      () => [...this.live.keys()],
      (pid) => this.onExit(pid, null, null),
      () => (this.orphanWatch = false),
    );
  }
}

/** Why a helper's process ended, as the warning says it: an attached keeper's relay ends when the keeper is gone. */
function helperGone(mode: HelperMode, pid: number | undefined, code: number | null, signal: NodeJS.Signals | null): string {
  if (mode.kind === 'attach') return `the keeper at ${mode.path} (pid ${pid}) is gone`;
  const how = signal ?? `status ${code}`;
  return `drover-spawner exited (${how}${code === 69 && mode.kind === 'keep' ? `: cannot listen on ${mode.path}` : ''})`;
}
