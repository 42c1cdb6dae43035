import { ArrivalRecords } from './arrival-records.js';

/**
 * The last few KiB of a stream's raw output, for the view's log pane and
 * `ctl tail`. Chunks are copied in as bytes; lines are only decoded when
 * someone asks, because a flooding child produces far more lines than anyone
 * will ever read. The buffer is allocated on the first byte, so an idle
 * process among a thousand costs nothing. Beside the bytes, when each chunk
 * arrived (arrival-records.ts), so the lines can be put in arrival order with
 * the other stream's.
 */

const NEWLINE = 10;
export const DEFAULT_RING_BYTES = 64 * 1024;

/** Lines that arrived together: at `at` (ms since the epoch), chunk number `seq` of their process. */
export interface ArrivedLines {
  at: number;
  seq: number;
  lines: string[];
}

export class OutputRing {
  readonly capacity: number;
  private buffer: Buffer | null = null;
  /** Where the next byte goes. */
  private end = 0;
  private held = 0;
  private total = 0;
  private readonly arrivals = new ArrivalRecords();

  constructor(capacity: number = DEFAULT_RING_BYTES) {
    if (!Number.isSafeInteger(capacity) || capacity <= 0) {
      throw new TypeError(`OutputRing capacity must be a positive integer, got ${String(capacity)}`);
    }
    this.capacity = capacity;
  }

  /** `at` and `seq`: when the chunk arrived, and its number among its process's chunks (both streams). */
  push(chunk: Buffer, at: number = Date.now(), seq: number = 0): void {
    if (chunk.length === 0) return;
    this.arrivals.add(this.total, at, seq);
    this.total += chunk.length;
    const buffer = (this.buffer ??= Buffer.allocUnsafe(this.capacity));
    const source = chunk.length > this.capacity ? chunk.subarray(chunk.length - this.capacity) : chunk;
    const untilWrap = Math.min(source.length, this.capacity - this.end);
    source.copy(buffer, this.end, 0, untilWrap);
    if (untilWrap < source.length) source.copy(buffer, 0, untilWrap);
    this.end = (this.end + source.length) % this.capacity;
    this.held = Math.min(this.capacity, this.held + source.length);
    this.arrivals.dropBefore(this.total - this.held);
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
    const { bytes, start, end } = this.lastLineBytes(count);
    return bytes.toString('utf8', start, end).split('\n');
  }

  /**
   * The last `count` lines as lastLines gives them, grouped by when they
   * arrived (a line arrived with the chunk holding its end), oldest first;
   * with `since`, only those that arrived at or after it.
   */
  lastArrivedLines(count: number, since = 0): ArrivedLines[] {
    if (count <= 0 || this.held === 0) return [];
    const { bytes, start, end } = this.lastLineBytes(count);
    const base = this.total - bytes.length;
    const arrivalOf = this.arrivals.cursor();
    const groups: ArrivedLines[] = [];
    for (let lineStart = start; lineStart <= end;) {
      const newline = bytes.indexOf(NEWLINE, lineStart);
      const lineEnd = newline === -1 || newline > end ? end : newline;
      // The line arrived with its newline, or (a line still without one) with its last byte.
      const lastByte = lineEnd < end || bytes[end] === NEWLINE ? lineEnd : Math.max(lineStart, end - 1);
      const { at, seq } = arrivalOf(base + lastByte);
      const line = bytes.toString('utf8', lineStart, lineEnd);
      lineStart = lineEnd + 1;
      if (at < since) continue;
      const last = groups.at(-1);
      if (last !== undefined && last.at === at && last.seq === seq) last.lines.push(line);
      else groups.push({ at, seq, lines: [line] });
    }
    return groups;
  }

  /** The held bytes (without an overwritten first fragment), and where the last `count` lines start and end in them. */
  private lastLineBytes(count: number): { bytes: Buffer; start: number; end: number } {
    let bytes = this.snapshot();
    if (this.total > this.held) bytes = dropLeadingFragment(bytes);
    let end = bytes.length;
    // A final newline ends the last line; it does not start an empty one.
    if (bytes[end - 1] === NEWLINE) end -= 1;
    return { bytes, start: findStartOfLastLines(bytes, end, count), end };
  }

  /** Forgets the output and releases the buffer. */
  clear(): void {
    this.buffer = null;
    this.end = 0;
    this.held = 0;
    this.arrivals.clear();
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
