/**
 * Pure arithmetic behind line-boundary rotation, kept apart from the file I/O
 * so every edge case can be tested with plain buffers.
 *
 * The rule: a file may only be cut where it ends with a newline (or is empty),
 * so no line is ever split across two files. A line longer than `maxBytes` is
 * written whole into a file of its own, which then exceeds `maxBytes`.
 */

const NEWLINE = 10;

export interface SegmentPlan {
  /** How many of the pending bytes go into the current file. */
  take: number;
  /** Whether the bytes after `take` must go to a freshly rotated file. */
  rotate: boolean;
}

export interface FileState {
  /** Bytes already in the current file. */
  size: number;
  /** 0 means never rotate. */
  maxBytes: number;
  /** True when the file is empty or its last byte is a newline. */
  atLineStart: boolean;
}

/** Decides how much of `chunks` fits in the current file before rotating. */
export function planSegment(chunks: readonly Buffer[], file: FileState): SegmentPlan {
  const total = sumLengths(chunks);
  const budget = file.maxBytes - file.size;
  if (file.maxBytes === 0 || total <= budget) return { take: total, rotate: false };

  const cut = budget > 0 ? findLastCut(chunks, budget) : 0;
  if (cut > 0) return { take: cut, rotate: true };
  // The file is full and ends cleanly: rotate before writing anything.
  if (file.atLineStart && file.size > 0) return { take: 0, rotate: true };

  // Either a line is already in progress in this file or the first pending
  // line alone is longer than maxBytes: finish that line here, whole.
  const lineEnd = findFirstNewline(chunks);
  if (lineEnd === -1) return { take: total, rotate: false };
  return { take: lineEnd + 1, rotate: lineEnd + 1 < total };
}

/** Largest offset ≤ limit that directly follows a newline, or 0. */
function findLastCut(chunks: readonly Buffer[], limit: number): number {
  let start = 0;
  let index = 0;
  // Find the chunk holding byte `limit - 1`, then search backwards from it.
  while (index < chunks.length) {
    const length = chunks[index]!.length;
    if (start + length >= limit) break;
    start += length;
    index += 1;
  }
  for (let searchFrom = limit - 1 - start; index >= 0; index -= 1) {
    const chunk = chunks[index]!;
    const found = chunk.lastIndexOf(NEWLINE, searchFrom);
    if (found !== -1) return start + found + 1;
    if (index > 0) {
      start -= chunks[index - 1]!.length;
      searchFrom = chunks[index - 1]!.length - 1;
    }
  }
  return 0;
}

/** Offset of the first newline across the chunks, or -1. */
function findFirstNewline(chunks: readonly Buffer[]): number {
  let start = 0;
  for (const chunk of chunks) {
    const found = chunk.indexOf(NEWLINE);
    if (found !== -1) return start + found;
    start += chunk.length;
  }
  return -1;
}

/** Splits a chunk list at a byte offset without copying (subarray views). */
export function splitChunks(chunks: readonly Buffer[], offset: number): [Buffer[], Buffer[]] {
  const head: Buffer[] = [];
  let remaining = offset;
  let index = 0;
  while (index < chunks.length && remaining > 0) {
    const chunk = chunks[index]!;
    if (chunk.length <= remaining) {
      head.push(chunk);
      remaining -= chunk.length;
      index += 1;
    } else {
      head.push(chunk.subarray(0, remaining));
      return [head, [chunk.subarray(remaining), ...chunks.slice(index + 1)]];
    }
  }
  return [head, chunks.slice(index)];
}

export function sumLengths(chunks: readonly Buffer[]): number {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  return total;
}

/** The offset just past the last newline across the chunks, or -1 when there is none. */
export function lastLineEnd(chunks: readonly Buffer[]): number {
  let offset = sumLengths(chunks);
  for (let index = chunks.length - 1; index >= 0; index -= 1) {
    const chunk = chunks[index]!;
    offset -= chunk.length;
    const at = chunk.lastIndexOf(NEWLINE);
    if (at >= 0) return offset + at + 1;
  }
  return -1;
}
