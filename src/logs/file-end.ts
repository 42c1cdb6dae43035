import { lastLineEnd } from './rotation-plan.js';

/**
 * Where an open log file ends, and where its last whole line ends: rotation
 * only cuts at a line's end, and a write that failed halfway is cut back to it.
 */
export class FileEnd {
  size = 0;
  /** File size at the end of the last whole line written. */
  lineEnd = 0;

  /** The file ends with a whole line (or is empty). */
  get atLineStart(): boolean {
    return this.lineEnd === this.size;
  }

  /**
   * A file opened at `size` (0 after a rotation). How a file we did not write
   * ends is unknown; assuming a clean end lets an oversized file from a
   * previous run rotate before the first new line.
   */
  reset(size: number): void {
    this.size = size;
    this.lineEnd = size;
  }

  /** `bytes` bytes were appended: `chunks`, exactly those bytes. */
  appended(chunks: readonly Buffer[], bytes: number): void {
    const end = lastLineEnd(chunks);
    if (end >= 0) this.lineEnd = this.size + end;
    this.size += bytes;
  }

  /** The file was cut back to its last whole line; returns how many bytes that dropped. */
  cutToLineEnd(): number {
    const cut = this.size - this.lineEnd;
    this.size = this.lineEnd;
    return cut;
  }
}
