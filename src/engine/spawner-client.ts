import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findNativeHelper } from './native-helpers.js';
import { Socket } from 'node:net';
import { errnoName, signalName } from './os-names.js';
import type { PreparedSpawn, SpawnResult } from './spawn-child.js';

/**
 * Client of drover-spawner (native/spawner.c): sends spawn requests on the
 * helper's stdin and receives each child's pid, its stdout/stderr sockets (as
 * passed handles on a Node IPC channel) and, later, its exit status.
 */

type ExitListener = (code: number | null, signal: string | null) => void;

interface Pending {
  resolve: (result: SpawnResult) => void;
  stdout?: Socket;
  stderr?: Socket;
}

type HelperMessage =
  | { t: 'stdout' | 'stderr'; id: number }
  | { t: 'spawned'; id: number; pid: number }
  | { t: 'error'; id: number; errno: number }
  | { t: 'exit'; pid: number; code: number | null; signal: number | null };


/** The built drover-spawner, or null when there was no C compiler. */
export function findSpawnerBinary(): string | null {
  return findNativeHelper('drover-spawner');
}

function encodeRequest(id: number, prepared: PreparedSpawn): Buffer {
  const env = Object.entries(prepared.env).map(([key, value]) => `${key}=${value}`);
  const fields = [
    String(id),
    prepared.executable,
    prepared.cwd,
    prepared.umask === null ? '-1' : prepared.umask.toString(8),
    String(prepared.argv.length),
    ...prepared.argv,
    String(env.length),
    ...env,
  ];
  const body = Buffer.from(`${fields.join('\0')}\0`);
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length);
  return Buffer.concat([header, body]);
}

export class SpawnerClient {
  private readonly helper: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly exitListeners = new Map<number, ExitListener>();
  /**
   * Exits that came before anyone listened: when the event loop was blocked, a
   * short-lived child's "spawned" and "exit" arrive in one read and are handled
   * before the spawn's promise lets the caller register its listener.
   */
  private readonly earlyExits = new Map<number, { code: number | null; signal: string | null }>();
  /** Children handed out whose caller has not asked for their exit yet. */
  private readonly unclaimed = new Set<number>();
  private orphanWatch: NodeJS.Timeout | null = null;
  private dead = false;

  constructor(binary: string, private readonly onFailure: (message: string) => void) {
    this.helper = spawn(binary, [], { stdio: ['pipe', 'ignore', 'inherit', 'ipc'] });
    // The helper must not keep an otherwise finished Node process alive; the
    // channel is referenced only while we wait for a spawn or a child's exit.
    this.helper.unref();
    this.helper.channel?.unref();
    this.helper.on('message', (message: HelperMessage, handle?: unknown) => this.onMessage(message, handle));
    this.helper.on('error', (err) => this.fail(`drover-spawner: ${err.message}`));
    this.helper.on('exit', (code, signal) => this.fail(`drover-spawner exited (${signal ?? `status ${code}`})`));
    this.helper.stdin!.on('error', () => {});
  }

  get alive(): boolean {
    return !this.dead;
  }

  spawn(prepared: PreparedSpawn): Promise<SpawnResult> {
    if (this.dead) return Promise.resolve({ ok: false, reason: 'drover-spawner is not running' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.updateRef();
      this.helper.stdin!.write(encodeRequest(id, prepared));
    });
  }

  close(): void {
    this.dead = true;
    this.helper.stdin!.end();
  }

  private onMessage(message: HelperMessage, handle?: unknown): void {
    if (message.t === 'exit') {
      const signal = message.signal === null ? null : signalName(message.signal);
      const listener = this.exitListeners.get(message.pid);
      this.exitListeners.delete(message.pid);
      if (!listener && this.unclaimed.has(message.pid)) this.earlyExits.set(message.pid, { code: message.code, signal });
      this.updateRef();
      listener?.(message.code, signal);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.t === 'stdout' || message.t === 'stderr') {
      // A raw pipe handle passed over the IPC channel: wrap it as a readable socket.
      // `handle` is accepted by net.Socket but missing from @types/node's options.
      pending[message.t] = new Socket({ handle, readable: true, writable: false } as ConstructorParameters<typeof Socket>[0]);
      return;
    }
    this.pending.delete(message.id);
    if (message.t === 'error') {
      pending.stdout?.destroy();
      pending.stderr?.destroy();
      const code = errnoName(message.errno);
      pending.resolve({ ok: false, reason: `the system refused to start it (${code})` });
      this.updateRef();
      return;
    }
    if (message.t !== 'spawned') return;
    const { pid } = message;
    this.unclaimed.add(pid);
    pending.resolve({
      ok: true,
      child: {
        pid,
        stdout: pending.stdout!,
        stderr: pending.stderr!,
        onExit: (listener) => {
          this.unclaimed.delete(pid);
          const early = this.earlyExits.get(pid);
          if (early) {
            this.earlyExits.delete(pid);
            // Later, as a live exit would be: the caller finishes its own start first.
            queueMicrotask(() => listener(early.code, early.signal));
            return;
          }
          this.exitListeners.set(pid, listener);
          this.updateRef();
          if (this.dead) this.watchOrphans(); // handed out just before the helper died
        },
      },
    });
    this.updateRef();
  }

  private updateRef(): void {
    if (this.pending.size > 0 || this.exitListeners.size > 0) this.helper.channel?.ref();
    else this.helper.channel?.unref();
  }

  private fail(message: string): void {
    if (this.dead && this.pending.size === 0) return;
    this.dead = true;
    this.onFailure(message);
    for (const pending of this.pending.values()) pending.resolve({ ok: false, reason: message });
    this.pending.clear();
    this.watchOrphans();
  }

  /**
   * Children of a dead helper are adopted by init and nobody tells us when they
   * end: watch /proc for them instead, so their state stays true.
   */
  private watchOrphans(): void {
    if (this.exitListeners.size === 0 || this.orphanWatch) return;
    const timer = setInterval(() => {
      for (const [pid, listener] of this.exitListeners) {
        if (existsSync(`/proc/${pid}`)) continue;
        this.exitListeners.delete(pid);
        listener(null, null);
      }
      if (this.exitListeners.size === 0) {
        clearInterval(timer);
        this.orphanWatch = null;
      }
    }, 250);
    timer.unref();
    this.orphanWatch = timer;
  }
}
