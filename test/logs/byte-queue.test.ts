import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, pooledBlocks } from '../../src/logs/block-pool.js';
import { ByteQueue } from '../../src/logs/byte-queue.js';

const bytes = (count: number) => Buffer.alloc(count);

describe('ByteQueue', () => {
  it('says stop at the high-water mark and fires drain when the writer takes the queue', () => {
    const queue = new ByteQueue(100);
    let drains = 0;
    queue.onDrain(() => (drains += 1));
    queue.push(bytes(60));
    expect(queue.hasRoom()).toBe(true);
    queue.push(bytes(40));
    expect(queue.hasRoom()).toBe(false);
    expect(queue.queuedBytes).toBe(100);
    expect(queue.take()).toHaveLength(2);
    expect(drains).toBe(1);
    expect(queue.isEmpty).toBe(true);
    queue.push(bytes(10));
    queue.take();
    expect(drains).toBe(1);
    expect(queue.peakBytes).toBe(100);
  });

  it('resolves a flush once the bytes pushed before it settle, ignoring later ones', async () => {
    const queue = new ByteQueue(1000);
    const order: string[] = [];
    queue.push(bytes(10));
    const first = queue.waitForSettled().then(() => order.push('first'));
    queue.push(bytes(5));
    const second = queue.waitForSettled().then(() => order.push('second'));
    queue.push(bytes(100));
    queue.settle(10);
    await first;
    expect(order).toEqual(['first']);
    queue.settle(5);
    await second;
    expect(order).toEqual(['first', 'second']);
  });

  it('resolves a flush at once when nothing is pending', async () => {
    await expect(new ByteQueue(1).waitForSettled()).resolves.toBeUndefined();
  });

  it('keeps its own copy, so the caller may reuse a buffer at once', () => {
    const queue = new ByteQueue(1 << 20);
    const reused = Buffer.from('first line\n');
    queue.push(reused);
    reused.write('xxxxxxxxxx\n');
    queue.push(Buffer.alloc(BLOCK_BYTES, 'a'));
    reused.fill('y');
    expect(Buffer.concat(queue.take()).toString()).toBe(`first line\n${'a'.repeat(BLOCK_BYTES)}`);
  });

  it('fills reused blocks while a batch is being written, and takes them back once it settles', () => {
    const queue = new ByteQueue(1 << 20);
    queue.push(Buffer.alloc(BLOCK_BYTES, 'a'));
    const first = queue.take();
    // The writer is busy: small chunks go one after another into one block.
    for (let i = 0; i < 10; i += 1) queue.push(Buffer.alloc(1000, String(i)));
    const second = queue.take();
    expect(second).toHaveLength(1);
    expect(second[0]!.toString()).toBe([...'0123456789'].map((digit) => digit.repeat(1000)).join(''));
    const pooled = pooledBlocks();
    queue.settle(first[0]!.length);
    queue.settle(second[0]!.length);
    expect(pooledBlocks()).toBe(pooled + 2);
    // The next flood reuses them instead of allocating.
    queue.push(Buffer.alloc(BLOCK_BYTES, 'b'));
    expect([first[0]!.buffer, second[0]!.buffer]).toContain(queue.take()[0]!.buffer);
    expect(pooledBlocks()).toBe(pooled + 1);
  });
});
