/**
 * The last `capacity` numbers pushed, oldest first on read. A typed array
 * written in place: a thousand processes sampled every second would otherwise
 * allocate a new array per process per sample.
 */
export class RingBuffer {
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new TypeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** The last `limit` values (all by default), oldest first. */
  toArray(limit = this.count): number[] {
    const n = Math.min(limit, this.count);
    const out = new Array<number>(n);
    const start = (this.next - n + this.capacity) % this.capacity;
    for (let i = 0; i < n; i++) out[i] = this.values[(start + i) % this.capacity]!;
    return out;
  }
}
