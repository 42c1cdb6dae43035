import { existsSync, readFileSync } from 'node:fs';

// What test/engine/spawner-keeper.test.ts needs besides drover-spawner itself.

/** A process's children (a keeper's programs are its children, whatever the test saw of them). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** A frame for the helper's stdin: a little-endian u32 length, then NUL-terminated strings (see spawner.c). */
export function frame(fields: string[]): Buffer {
  const body = Buffer.from(fields.map((field) => `${field}\0`).join(''));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length);
  return Buffer.concat([length, body]);
}

/** The numbers of a file of numbered lines, without a last line still being written. */
export function lineNumbers(file: string): number[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop();
  return lines.map(Number);
}
