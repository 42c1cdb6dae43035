/**
 * The bounded queue between a capture and the disk. It holds copies of the
 * chunks (in reused blocks while a flood fills it), says "stop" past a
 * high-water mark, fires drain listeners when the writer takes the queue (so
 * the source refills while the previous batch is being written), and tracks
 * byte progress for flush().
 *
 * A flush waits for the bytes queued before it, not for an empty queue: with
 * redirect_stderr two streams share one file, and a flooding sibling would
 * otherwise keep the queue from ever emptying.
 */
import { BLOCK_BYTES, returnBlock, takeBlock } from './block-pool.js';

export class ByteQueue {
  private chunks: Buffer[] = [];
  private bytes = 0;
  /** The last pooled block of `chunks` while it has room: the next bytes are copied on into it. */
  private tail: Buffer | null = null;
  private tailUsed = 0;
  /** Pooled blocks of each batch taken and not yet settled, oldest first. */
  private inFlight: Buffer[][] = [];
  private pooledInQueue: Buffer[] = [];
  private needDrain = false;
  private readonly drainListeners = new Set<() => void>();
  private accepted = 0;
  private settled = 0;
  /** Targets only grow, so the waiters stay sorted and settle from the front. */
  private waiters: Array<{ target: number; resolve: () => void }> = [];
  /** The most bytes ever waiting: the memory bound in practice. */
  peakBytes = 0;

  constructor(private readonly highWaterMark: number) {}

  get queuedBytes(): number {
    return this.bytes;
  }

  get isEmpty(): boolean {
    return this.chunks.length === 0;
  }

  /** Copies the chunk in, so the caller may reuse it at once. */
  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) offset += this.copyIn(chunk, offset);
    this.bytes += chunk.length;
    this.accepted += chunk.length;
    if (this.bytes > this.peakBytes) this.peakBytes = this.bytes;
  }

  /**
   * False once the queue holds the high-water mark, arming the drain. Asked
   * after the writer had its chance to take the queue: a drain fired before
   * the caller paused would be missed and leave its source paused forever.
   */
  hasRoom(): boolean {
    if (this.bytes < this.highWaterMark) return true;
    this.needDrain = true;
    return false;
  }

  /** Hands the whole queue to the writer and lets paused sources go on. Each take() is followed by one settle(). */
  take(): Buffer[] {
    if (this.tail !== null) this.chunks[this.chunks.length - 1] = this.tail.subarray(0, this.tailUsed);
    const batch = this.chunks;
    this.chunks = [];
    this.bytes = 0;
    this.tail = null;
    this.inFlight.push(this.pooledInQueue);
    this.pooledInQueue = [];
    if (this.needDrain) {
      this.needDrain = false;
      for (const listener of this.drainListeners) listener();
    }
    return batch;
  }

  /** The oldest batch taken left the queue (`bytes` of it, written or dropped): its blocks can be reused. */
  settle(bytes: number): void {
    for (const block of this.inFlight.shift() ?? []) returnBlock(block);
    this.settled += bytes;
    let ready = 0;
    while (ready < this.waiters.length && this.waiters[ready]!.target <= this.settled) ready += 1;
    if (ready === 0) return;
    for (const waiter of this.waiters.splice(0, ready)) waiter.resolve();
  }

  /** Resolves once every byte pushed so far has settled. */
  waitForSettled(): Promise<void> {
    if (this.settled >= this.accepted) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ target: this.accepted, resolve }));
  }

  onDrain(listener: () => void): () => void {
    this.drainListeners.add(listener);
    return () => this.drainListeners.delete(listener);
  }

  /**
   * Copies what fits of `chunk` from `offset` on; returns how many bytes.
   * Pooled blocks while a write is under way (the queue is filling: a flood),
   * otherwise a copy of its own size, so a thousand processes that each print
   * a little do not each take a block.
   */
  private copyIn(chunk: Buffer, offset: number): number {
    const rest = chunk.length - offset;
    if (this.tail === null && (this.inFlight.length > 0 || rest >= BLOCK_BYTES / 2)) {
      this.tail = takeBlock();
      this.tailUsed = 0;
      this.pooledInQueue.push(this.tail);
      this.chunks.push(this.tail);
    }
    if (this.tail === null) {
      const copy = Buffer.allocUnsafe(rest);
      chunk.copy(copy, 0, offset);
      this.chunks.push(copy);
      return rest;
    }
    const copied = chunk.copy(this.tail, this.tailUsed, offset);
    this.tailUsed += copied;
    // A full block is its own entry; a partly filled one is cut to its bytes when taken.
    if (this.tailUsed === this.tail.length) this.tail = null;
    return copied;
  }
}
