/**
 * Reused blocks for the file queues. A flood moves a gigabyte a second through
 * them: fresh Buffers would be garbage the collector frees only every few tens
 * of megabytes (it counts them as outside memory), so the supervisor's RSS
 * would grow by that much. Blocks come back once written and wait here, few
 * enough that an idle supervisor keeps little.
 */

export const BLOCK_BYTES = 64 * 1024;
/** Enough for one flooding file's whole queue (the high-water mark) and the batch being written. */
const MAX_POOLED_BLOCKS = 24;

const pool: Buffer[] = [];

export function takeBlock(): Buffer {
  return pool.pop() ?? Buffer.allocUnsafe(BLOCK_BYTES);
}

/** A block nothing refers to any more (its bytes are written or dropped). */
export function returnBlock(block: Buffer): void {
  if (pool.length < MAX_POOLED_BLOCKS) pool.push(block);
}

/** Blocks waiting for reuse (for tests). */
export function pooledBlocks(): number {
  return pool.length;
}
