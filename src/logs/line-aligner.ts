/**
 * Holds back a trailing partial line, so that what is passed on ends at a
 * newline: two streams sharing one file (redirect_stderr; Node gives each its
 * own pipe) then interleave only between lines, and a file can rotate at a
 * line's end. Costs one lastIndexOf per chunk. The capture lets a held line
 * go after a short while (see stream-capture.ts): a prompt must not wait for
 * its newline to be seen.
 */
import { DEFAULT_MAX_LINE_BYTES } from './line-splitter.js';

const NEWLINE = 10;

export class LineAligner {
  private carry: Buffer[] = [];
  private carryBytes = 0;

  constructor(private readonly maxCarryBytes: number = DEFAULT_MAX_LINE_BYTES) {}

  /** Bytes of a line whose newline has not come yet. */
  get heldBytes(): number {
    return this.carryBytes;
  }

  /** The pieces to pass on now, in order; they end at a newline unless a line outgrew the cap. */
  push(chunk: Buffer): Buffer[] {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      // Copied: the chunk may be a read buffer that the next read overwrites.
      this.carry.push(Buffer.from(chunk));
      this.carryBytes += chunk.length;
      // A newline-less flood must not grow memory: give up on alignment for it.
      return this.carryBytes > this.maxCarryBytes ? this.flush() : [];
    }
    const ready = this.flush();
    ready.push(last + 1 === chunk.length ? chunk : chunk.subarray(0, last + 1));
    if (last + 1 < chunk.length) {
      this.carry.push(Buffer.from(chunk.subarray(last + 1)));
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
