/**
 * Reused blocks for the file queues. A flood moves a gigabyte a second through
 * them: fresh Buffers would be garbage the collector frees only every few tens
 * of megabytes (it counts them as outside memory), so the supervisor's RSS
 * would grow by that much. Blocks come back once written and wait here, few
 * enough that an idle supervisor keeps little.
 */

export const BLOCK_BYTES = 64 * 1024;
/** Blocks in a queue at its default high-water mark (rotating-file.ts, 1 MiB) plus the chunk that passes it, partly filled at both ends. */
const BLOCKS_PER_FULL_QUEUE = (1024 * 1024) / BLOCK_BYTES + 2;
/**
 * One flooding file's full queue and the batch being written, which was a
 * full queue when taken. With fewer, every round of a flood drops the blocks
 * past the bound and allocates new ones: the garbage this pool is there to avoid.
 */
export const MAX_POOLED_BLOCKS = 2 * BLOCKS_PER_FULL_QUEUE;

let made = 0;

const pool: Buffer[] = [];

export function takeBlock(): Buffer {
  const reused = pool.pop();
  if (reused !== undefined) return reused;
  made += 1;
  return Buffer.allocUnsafe(BLOCK_BYTES);
}

/** A block nothing refers to any more (its bytes are written or dropped). */
export function returnBlock(block: Buffer): void {
  if (pool.length < MAX_POOLED_BLOCKS) pool.push(block);
}

/** Blocks waiting for reuse (for tests). */
export function pooledBlocks(): number {
  return pool.length;
}

/** Blocks ever allocated (for tests: a flood must reuse, not allocate). */
export function madeBlocks(): number {
  return made;
}
