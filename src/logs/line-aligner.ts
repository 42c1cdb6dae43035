/**
 * Holds back a trailing partial line. Used when two streams share one file
 * and ring (redirect_stderr): Node gives each stream its own pipe, so without
 * this a stderr line could land in the middle of a half-written stdout line.
 * Costs one lastIndexOf per chunk; only enabled for shared destinations,
 * since it delays a prompt without newline until the next line or EOF.
 */
import { DEFAULT_MAX_LINE_BYTES } from './line-splitter.js';

const NEWLINE = 10;

export class LineAligner {
  private carry: Buffer[] = [];
  private carryBytes = 0;

  constructor(private readonly maxCarryBytes: number = DEFAULT_MAX_LINE_BYTES) {}

  /** The pieces to pass on now, in order; they end at a newline unless a line outgrew the cap. */
  push(chunk: Buffer): Buffer[] {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      this.carry.push(chunk);
      this.carryBytes += chunk.length;
      // A newline-less flood must not grow memory: give up on alignment for it.
      return this.carryBytes > this.maxCarryBytes ? this.flush() : [];
    }
    const ready = this.flush();
    ready.push(last + 1 === chunk.length ? chunk : chunk.subarray(0, last + 1));
    if (last + 1 < chunk.length) {
      this.carry.push(chunk.subarray(last + 1));
      this.carryBytes = chunk.length - last - 1;
    }
    return ready;
  }

  /** Everything held back (at end of stream). */
  flush(): Buffer[] {
    const held = this.carry;
    this.carry = [];
    this.carryBytes = 0;
    return held;
  }
}
