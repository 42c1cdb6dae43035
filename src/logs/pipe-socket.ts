/**
 * A child's output pipe read into one reused buffer instead of a new one per
 * read. Node's default gives every read its own 64 KiB buffer; under a flood
 * that is a gigabyte a second of short-lived memory the collector frees late,
 * which showed as 40+ MB of RSS growth. Here the bytes go to a sink that must
 * copy what it keeps (the ring and the file queue copy anyway), and only bytes
 * read before the sink is attached are copied aside.
 *
 * The socket stays a normal Readable for its other users (`end`, `close`,
 * pause/resume, destroy); `data` listeners (readiness and log probes) are
 * given a copy of each chunk.
 */
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';

/** Receives a chunk that is only valid during the call: keep a copy, never the Buffer. */
export type ChunkSink = (chunk: Buffer) => void;

/**
 * The most one read takes. The output sockets hold megabytes (drover-spawner's send buffer), so under a
 * flood a read fills whatever it is given: four times Node's 64 KiB means a quarter of the reads, wake-ups
 * and file writes per gigabyte. Shared, since a chunk is handled before the next read.
 */
export const READ_BUFFER_BYTES = 256 * 1024;
/** Bytes held while no sink is attached yet; past it, reading stops and the pipe itself holds the rest. */
const EARLY_BYTES_LIMIT = 64 * 1024;

let readBuffer: Buffer | null = null;

interface PipeState {
  sink: ChunkSink | null;
  early: Buffer[];
  earlyBytes: number;
}

const states = new WeakMap<Readable, PipeState>();

/** Wraps a pipe handle (received over IPC) as a readable socket read through the shared buffer. */
export function openPipeSocket(handle: unknown): Socket {
  const state: PipeState = { sink: null, early: [], earlyBytes: 0 };
  let socket: Socket | null = null;
  const onRead = (bytesRead: number, buffer: Uint8Array): boolean => {
    const chunk = Buffer.from(buffer.buffer, buffer.byteOffset, bytesRead);
    if (socket !== null && socket.listenerCount('data') > 0) socket.emit('data', Buffer.from(chunk));
    if (state.sink !== null) {
      state.sink(chunk);
      return true;
    }
    state.early.push(Buffer.from(chunk));
    state.earlyBytes += bytesRead;
    // False stops reading until resume(): the child then waits on a full pipe, losing nothing.
    return state.earlyBytes < EARLY_BYTES_LIMIT;
  };
  // `handle` is accepted by net.Socket but missing from @types/node's options (an extra property of this object passes).
  // manualStart: nothing is read until the capture routes the socket (or a `data` listener
  // resumes it), so every reader attached in the same tick as the capture sees every byte.
  const options = { handle, readable: true, writable: false, manualStart: true, onread: { buffer: sharedReadBuffer(), callback: onRead } };
  socket = new Socket(options);
  states.set(socket, state);
  return socket;
}

/**
 * Sends a socket from openPipeSocket to `sink` from now on, starting with the
 * bytes that came before; false for any other Readable (read it through `data`).
 */
export function routeChunks(source: Readable, sink: ChunkSink): boolean {
  const state = states.get(source);
  if (state === undefined) return false;
  state.sink = sink;
  const early = state.early;
  state.early = [];
  state.earlyBytes = 0;
  for (const chunk of early) sink(chunk);
  // Flowing mode restarts reading if the early limit stopped it, and lets `end` be emitted.
  source.resume();
  return true;
}

/** Stops sending to the sink; later bytes are held as before a sink was attached. */
export function unrouteChunks(source: Readable): void {
  const state = states.get(source);
  if (state !== undefined) state.sink = null;
}

function sharedReadBuffer(): Buffer {
  return (readBuffer ??= Buffer.allocUnsafe(READ_BUFFER_BYTES));
}
