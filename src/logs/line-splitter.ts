/**
 * Turns raw chunks into complete lines for line listeners (the view, `tail -f`,
 * readiness checks). Only created while someone listens: splitting a `yes`
 * flood into strings costs more than everything else in the capture path.
 *
 * A line split across chunks is delivered once, whole. A line that grows past
 * `maxLineBytes` without a newline is delivered cut, with a marker, and the
 * rest of it is skipped, so a newline-less flood cannot grow memory.
 */

const NEWLINE = 10;
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
export const TRUNCATION_MARKER = ' …[line truncated]';

export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** True while skipping the remainder of a line that was cut or joined late. */
  private skipping: boolean;

  /**
   * @param startsMidLine set when listening starts after a partial line went
   *   by: its tail is skipped rather than delivered as if it were a line.
   */
  constructor(
    private readonly maxLineBytes: number = DEFAULT_MAX_LINE_BYTES,
    startsMidLine = false,
  ) {
    this.skipping = startsMidLine;
  }

  /** The lines this chunk completes; empty while a line is still open. */
  push(chunk: Buffer): string[] {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) return this.carryOver(chunk);
    // One decode and one split for everything up to the last newline: any
    // per-line work here would dominate when a child floods short lines.
    let lines: string[];
    if (this.skipping) {
      this.skipping = false;
      const first = chunk.indexOf(NEWLINE);
      lines = first === last ? [] : chunk.toString('utf8', first + 1, last).split('\n');
    } else if (this.carryBytes === 0) {
      lines = chunk.toString('utf8', 0, last).split('\n');
    } else {
      this.carry.push(chunk.subarray(0, last));
      lines = Buffer.concat(this.carry).toString('utf8').split('\n');
    }
    this.carry = [];
    this.carryBytes = 0;
    this.capLines(lines);
    if (last + 1 < chunk.length) lines.push(...this.carryOver(chunk.subarray(last + 1)));
    return lines;
  }

  /** At end of stream: the last line if it had no newline. */
  flush(): string[] {
    const lines: string[] = [];
    if (this.carryBytes > 0 && !this.skipping) lines.push(decodeLine(this.carry, this.carryBytes));
    this.carry = [];
    this.carryBytes = 0;
    this.skipping = false;
    return lines;
  }

  /** Holds a partial line; returns it cut if it outgrew the cap. */
  private carryOver(part: Buffer): string[] {
    if (this.skipping) return [];
    // Copied: the chunk may be a read buffer that the next read overwrites.
    this.carry.push(Buffer.from(part));
    this.carryBytes += part.length;
    if (this.carryBytes <= this.maxLineBytes) return [];
    const joined = Buffer.concat(this.carry, this.carryBytes);
    this.carry = [];
    this.carryBytes = 0;
    this.skipping = true;
    return [joined.toString('utf8', 0, utf8Boundary(joined, this.maxLineBytes)) + TRUNCATION_MARKER];
  }

  /**
   * Cuts lines over the cap. Counted in UTF-16 units, not bytes: close enough
   * for a safety cap, and it avoids re-encoding every line to measure it.
   */
  private capLines(lines: string[]): void {
    for (let index = 0; index < lines.length; index += 1) {
      const line = lines[index]!;
      if (line.length > this.maxLineBytes) lines[index] = line.slice(0, this.maxLineBytes) + TRUNCATION_MARKER;
    }
  }
}

function decodeLine(parts: Buffer[], bytes: number): string {
  return parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts, bytes).toString('utf8');
}

/** Backs `limit` off to the start of a UTF-8 character so the cut decodes cleanly. */
function utf8Boundary(bytes: Buffer, limit: number): number {
  let cut = Math.min(limit, bytes.length);
  while (cut > 0 && cut < bytes.length && (bytes[cut]! & 0xc0) === 0x80) cut -= 1;
  return cut;
}
