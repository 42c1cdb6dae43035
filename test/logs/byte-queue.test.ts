import { describe, expect, it } from 'vitest';
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
});
