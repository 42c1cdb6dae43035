/**
 * The bounded queue between a capture and the disk. It holds raw chunks,
 * says "stop" past a high-water mark, fires drain listeners when the writer
 * takes the queue (so the source refills while the previous batch is being
 * written), and tracks byte progress for flush().
 *
 * A flush waits for the bytes queued before it, not for an empty queue: with
 * redirect_stderr two streams share one file, and a flooding sibling would
 * otherwise keep the queue from ever emptying.
 */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private bytes = 0;
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

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
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

  /** Hands the whole queue to the writer and lets paused sources go on. */
  take(): Buffer[] {
    const batch = this.chunks;
    this.chunks = [];
    this.bytes = 0;
    if (this.needDrain) {
      this.needDrain = false;
      for (const listener of this.drainListeners) listener();
    }
    return batch;
  }

  /** Bytes that left the queue, whether written or dropped. */
  settle(bytes: number): void {
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
}
