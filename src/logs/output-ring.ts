/**
 * The last few KiB of a stream's raw output, for the view's log pane and
 * `ctl tail`. Chunks are copied in as bytes; lines are only decoded when
 * someone asks, because a flooding child produces far more lines than anyone
 * will ever read. The buffer is allocated on the first byte, so an idle
 * process among a thousand costs nothing.
 */

const NEWLINE = 10;
export const DEFAULT_RING_BYTES = 64 * 1024;

export class OutputRing {
  readonly capacity: number;
  private buffer: Buffer | null = null;
  /** Where the next byte goes. */
  private end = 0;
  private held = 0;
  private total = 0;

  constructor(capacity: number = DEFAULT_RING_BYTES) {
    if (!Number.isSafeInteger(capacity) || capacity <= 0) {
      throw new TypeError(`OutputRing capacity must be a positive integer, got ${String(capacity)}`);
    }
    this.capacity = capacity;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.total += chunk.length;
    const buffer = (this.buffer ??= Buffer.allocUnsafe(this.capacity));
    const source = chunk.length > this.capacity ? chunk.subarray(chunk.length - this.capacity) : chunk;
    const untilWrap = Math.min(source.length, this.capacity - this.end);
    source.copy(buffer, this.end, 0, untilWrap);
    if (untilWrap < source.length) source.copy(buffer, 0, untilWrap);
    this.end = (this.end + source.length) % this.capacity;
    this.held = Math.min(this.capacity, this.held + source.length);
  }

  /** True once the first byte arrived and the buffer exists. */
  get isAllocated(): boolean {
    return this.buffer !== null;
  }

  /** Bytes currently held (at most `capacity`). */
  get byteLength(): number {
    return this.held;
  }

  /** Bytes ever pushed, including those overwritten since. */
  get totalBytes(): number {
    return this.total;
  }

  /** The held bytes, oldest first. A copy only when the ring has wrapped. */
  snapshot(): Buffer {
    if (this.buffer === null || this.held === 0) return Buffer.alloc(0);
    const start = (this.end - this.held + this.capacity) % this.capacity;
    if (start + this.held <= this.capacity) return this.buffer.subarray(start, start + this.held);
    return Buffer.concat([this.buffer.subarray(start), this.buffer.subarray(0, this.end)]);
  }

  /**
   * The last `count` lines, oldest first. A trailing line without its newline
   * yet is included as the last line. Once older output has been overwritten,
   * the first held line is a fragment and is left out (unless it is all there is).
   */
  lastLines(count: number): string[] {
    if (count <= 0 || this.held === 0) return [];
    let bytes = this.snapshot();
    if (this.total > this.held) bytes = dropLeadingFragment(bytes);
    let end = bytes.length;
    // A final newline ends the last line; it does not start an empty one.
    if (bytes[end - 1] === NEWLINE) end -= 1;
    const start = findStartOfLastLines(bytes, end, count);
    return bytes.toString('utf8', start, end).split('\n');
  }

  /** Forgets the output and releases the buffer. */
  clear(): void {
    this.buffer = null;
    this.end = 0;
    this.held = 0;
  }
}

function dropLeadingFragment(bytes: Buffer): Buffer {
  const newline = bytes.indexOf(NEWLINE);
  if (newline === -1 || newline === bytes.length - 1) return bytes;
  return bytes.subarray(newline + 1);
}

/** Scans back over `count` newlines so only the wanted tail gets decoded. */
function findStartOfLastLines(bytes: Buffer, end: number, count: number): number {
  let position = end - 1;
  for (let found = 0; position >= 0;) {
    const newline = bytes.lastIndexOf(NEWLINE, position);
    if (newline === -1) return 0;
    found += 1;
    if (found === count) return newline + 1;
    position = newline - 1;
  }
  return 0;
}
