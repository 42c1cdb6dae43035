import type { BindAddress, ProgramConfig } from '../../config/runtime.js';
import type { BoundSocket } from './bind-address.js';

export type AcquireResult = { ok: true; sockets: BoundSocket[] } | { ok: false; reason: string };

/**
 * The listening sockets of each prefork program, bound when its first worker
 * starts and kept open across worker crashes, backoff, reloads and scaling, so
 * clients queue in the kernel rather than being refused. Released when no
 * worker will serve them (stopped, scaled to 0, FATAL, removed, shutdown), so
 * clients are refused at once; the next start binds them again.
 */
/** The key a keeper holds one of a program's sockets under. */
export function heldSocketKey(programName: string, address: BindAddress): string {
  return `${programName}|${address.text}`;
}

export class SocketRegistry {
  private readonly bound = new Map<string, BoundSocket[]>();

  /** `onRelease`: the program's sockets closed here, so the keepers holding them must let go too. */
  constructor(private readonly onRelease: (keys: string[]) => void = () => {}) {}

  /**
   * The program's sockets, handed back by a keeper: still listening, with
   * connections queued meanwhile. False (and none taken) unless every bind
   * address of the program is among them.
   */
  adopt(program: ProgramConfig, handles: ReadonlyMap<string, unknown>): boolean {
    const addresses = program.prefork!.bind;
    const held = addresses.map((address) => handles.get(heldSocketKey(program.name, address)) as { fd: number; close(): void } | undefined);
    if (this.bound.has(program.name) || held.some((handle) => handle === undefined)) return false;
    this.bound.set(
      program.name,
      held.map((handle, i) => ({ address: addresses[i]!, fd: handle!.fd, handle, close: () => handle!.close() })),
    );
    return true;
  }
  /** Binds in progress: workers starting together must share one bind, not race to make two. */
  private readonly binding = new Map<string, Promise<AcquireResult>>();

  /** The program's sockets, binding them if needed; all or nothing. */
  acquire(program: ProgramConfig): Promise<AcquireResult> {
    const existing = this.bound.get(program.name);
    if (existing) return Promise.resolve({ ok: true, sockets: existing });
    let pending = this.binding.get(program.name);
    if (!pending) {
      pending = this.bind(program).finally(() => this.binding.delete(program.name));
      this.binding.set(program.name, pending);
    }
    return pending;
  }

  private async bind(program: ProgramConfig): Promise<AcquireResult> {
    // Imported on the first prefork bind: the resolver (node:dns/promises) and the port-holder lookup are of no use to a supervisor without one.
    const { bindAddress } = await import('./bind-address.js');
    const sockets: BoundSocket[] = [];
    for (const address of program.prefork!.bind) {
      const result = await bindAddress(address);
      if (!result.ok) {
        for (const socket of sockets) socket.close();
        return result;
      }
      sockets.push(result.socket);
    }
    this.bound.set(program.name, sockets);
    return { ok: true, sockets };
  }

  release(programName: string): void {
    const sockets = this.bound.get(programName) ?? [];
    for (const socket of sockets) socket.close();
    this.bound.delete(programName);
    if (sockets.length > 0) this.onRelease(sockets.map((socket) => heldSocketKey(programName, socket.address)));
  }

  releaseAll(): void {
    for (const name of [...this.bound.keys()]) this.release(name);
  }
}
