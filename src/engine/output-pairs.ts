import { Socket } from 'node:net';
import { openPipeSocket } from '../logs/index.js';

/**
 * The output sockets drover-spawner hands over, by pair number, until a
 * child takes its pair. Each read end is wrapped as a socket when it arrives
 * (wrapping costs about as much as the spawn: done then, it is off the path
 * of a respawn) and unreferenced until a child has it, so an unused pair
 * keeps no Node alive.
 */
export interface OutputPair {
  stdout?: Socket;
  stderr?: Socket;
  /** A prefork worker's notify socket (the built-in runtime's readiness and heartbeats). */
  notify?: Socket;
}

export type PairStream = keyof OutputPair;

/** Both output sockets are here, and the notify socket when the child has one. */
export function pairComplete(pair: OutputPair | undefined, notify: boolean): boolean {
  return pair?.stdout !== undefined && pair.stderr !== undefined && (!notify || pair.notify !== undefined);
}

export class OutputPairs {
  private readonly pairs = new Map<number, OutputPair>();

  get(pair: number): OutputPair | undefined {
    return this.pairs.get(pair);
  }

  /** Wraps a read end that arrived; stdout and stderr are read through the shared buffer (see pipe-socket.ts). */
  add(pair: number, stream: PairStream, handle: unknown): void {
    const socket = stream === 'notify' ? openNotifySocket(handle) : openPipeSocket(handle);
    socket.unref();
    const entry = this.pairs.get(pair) ?? {};
    entry[stream] = socket;
    this.pairs.set(pair, entry);
  }

  /** The pair, for the child that takes it: referenced from now on, and no longer here. */
  take(pair: number): Required<Pick<OutputPair, 'stdout' | 'stderr'>> & Pick<OutputPair, 'notify'> {
    const entry = this.pairs.get(pair)!;
    this.pairs.delete(pair);
    return { stdout: entry.stdout!.ref(), stderr: entry.stderr!.ref(), ...(entry.notify ? { notify: entry.notify.ref() } : {}) };
  }

  /** Closes the pairs no child took (made ahead for the next spawn, or a failed spawn's). */
  dropAll(): void {
    for (const entry of this.pairs.values()) {
      entry.stdout?.destroy();
      entry.stderr?.destroy();
      entry.notify?.destroy();
    }
    this.pairs.clear();
  }
}

/** A worker's notify socket, read through `data` (a few short lines a second). */
function openNotifySocket(handle: unknown): Socket {
  // `handle` is accepted by net.Socket but missing from @types/node's options.
  return new Socket({ handle, readable: true, writable: false } as ConstructorParameters<typeof Socket>[0]);
}
