import { open, type FileHandle } from 'node:fs/promises';

/**
 * Older lines than a ring holds, from a log file: read from its end backwards
 * in bounded blocks, so the history of a 1 GB log costs the bytes between its
 * end and the lines asked for, never the whole file in memory.
 */

const BLOCK_BYTES = 64 * 1024;
const NEWLINE = 10;
/** At most this much of a file is decoded for one answer: lines that long are cut at its start. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * The `count` lines that end `skip` lines before the end of the file at
 * `path`, oldest first; [] when the file holds nothing older (or does not
 * exist yet). A final line without its newline counts as a line.
 */
export async function readLinesBeforeEnd(path: string, count: number, skip: number): Promise<string[]> {
  if (count <= 0) return [];
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const { size } = await file.stat();
    if (size === 0) return [];
    const end = await lastLineEnd(file, size);
    const range = await findLineRange(file, end, skip, count);
    if (range === null) return [];
    const start = Math.max(range.start, range.end - MAX_ANSWER_BYTES);
    const bytes = Buffer.alloc(range.end - start);
    await readFully(file, bytes, start);
    return bytes.toString('utf8').split('\n');
  } finally {
    await file.close();
  }
}

/** Where the last line ends: a final newline ends it, it does not start an empty line. */
async function lastLineEnd(file: FileHandle, size: number): Promise<number> {
  const last = Buffer.alloc(1);
  await readFully(file, last, size - 1);
  return last[0] === NEWLINE ? size - 1 : size;
}

/**
 * Walks back from `end` over newlines: line k from the end (0 is the last)
 * ends at the k-th newline found. Returns where lines skip..skip+count-1
 * begin and end, or null when the file has fewer than skip+1 lines.
 */
async function findLineRange(file: FileHandle, end: number, skip: number, count: number): Promise<{ start: number; end: number } | null> {
  let rangeEnd = skip === 0 ? end : -1;
  let newlines = 0;
  const block = Buffer.alloc(BLOCK_BYTES);
  for (let blockEnd = end; blockEnd > 0;) {
    const blockStart = Math.max(0, blockEnd - BLOCK_BYTES);
    const length = blockEnd - blockStart;
    await readFully(file, block.subarray(0, length), blockStart);
    for (let i = length - 1; i >= 0; i--) {
      if (block[i] !== NEWLINE) continue;
      newlines += 1;
      const position = blockStart + i;
      if (newlines === skip) rangeEnd = position;
      if (newlines === skip + count) return { start: position + 1, end: rangeEnd };
    }
    blockEnd = blockStart;
  }
  // Reached the file's start: its first line is the oldest wanted, if the skipped lines left any.
  return rangeEnd === -1 ? null : { start: 0, end: rangeEnd };
}

async function readFully(file: FileHandle, into: Buffer, position: number): Promise<void> {
  for (let done = 0; done < into.length;) {
    const { bytesRead } = await file.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new Error(`the log file ended while reading it (truncated meanwhile?)`);
    done += bytesRead;
  }
}
