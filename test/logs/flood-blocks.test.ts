import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { madeBlocks, MAX_POOLED_BLOCKS, pooledBlocks } from '../../src/logs/block-pool.js';
import { RotatingFile } from '../../src/logs/rotating-file.js';
import { TestScope } from './helpers.js';

/**
 * Under a flood a file's queue fills to its high-water mark while the batch
 * before it is being written. Every block both hold must come back to the
 * pool, or each round drops some and allocates new ones: garbage outside the
 * JavaScript heap that the collector frees late, growing the supervisor's RSS.
 */

const scope = new TestScope();
afterEach(() => scope.cleanUp());

/** Writes `total` bytes in `chunkBytes` pieces as a capture does: until write() says stop, then until the drain. */
async function floodFile(file: RotatingFile, chunkBytes: number, total: number): Promise<void> {
  const chunk = Buffer.alloc(chunkBytes, 'x');
  chunk[chunk.length - 1] = 10;
  let drained: () => void = () => {};
  file.onDrain(() => drained());
  for (let sent = 0; sent < total;) {
    let room = true;
    while (room && sent < total) {
      room = file.write(chunk);
      sent += chunk.length;
    }
    if (!room) await new Promise<void>((resolve) => (drained = resolve));
  }
  await file.flush();
}

describe('a flooded file queue', () => {
  it('reuses its blocks: a full queue and the batch being written fit in the pool', async () => {
    const path = join(scope.tempDir(), 'flood.log');
    // The thread-pool path is the one that queues: direct writes would empty the queue as it fills.
    const file = scope.adopt(new RotatingFile(path, { directWrites: false }));
    const chunkBytes = 40_000;
    const total = 2000 * chunkBytes;
    const madeBefore = madeBlocks();
    await floodFile(file, chunkBytes, total);
    expect(file.stats.peakQueuedBytes).toBeGreaterThanOrEqual(1024 * 1024);
    expect(madeBlocks() - madeBefore).toBeLessThanOrEqual(MAX_POOLED_BLOCKS);
    expect(pooledBlocks()).toBeLessThanOrEqual(MAX_POOLED_BLOCKS);
    await file.close();
    expect(readFileSync(path).length).toBe(total);
  });
});
