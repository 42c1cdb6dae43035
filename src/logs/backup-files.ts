/**
 * Shifting rotated files: file → file.1 → file.2 … file.N, the oldest dropped.
 * rename() replaces its target atomically, so the oldest backup disappears by
 * being overwritten and a reader never sees a missing file.
 */
import { rename, stat } from 'node:fs/promises';
import { readErrorCode } from './log-errors.js';

export function backupPath(path: string, index: number): string {
  return `${path}.${index}`;
}

/**
 * How many backups exist, as the highest index present. Probed once per file,
 * then tracked in memory: with 50 backups, renaming every slot on each
 * rotation would cost 50 syscalls where one or two do.
 */
export async function countBackups(path: string, backups: number): Promise<number> {
  const probes = Array.from({ length: backups }, (_, slot) =>
    stat(backupPath(path, slot + 1)).then(
      () => true,
      () => false,
    ),
  );
  const present = await Promise.all(probes);
  return present.lastIndexOf(true) + 1;
}

/**
 * Moves `path` to `path.1`, shifting the `existing` backups up by one and
 * dropping the one that would pass `backups`. Returns how many backups exist
 * afterwards. A slot that vanished meanwhile (someone deleted it) is skipped;
 * any other failure is thrown so the caller can report it.
 */
export async function shiftBackups(path: string, backups: number, existing: number): Promise<number> {
  const highest = Math.min(existing, backups - 1);
  for (let index = highest; index >= 1; index -= 1) {
    await renameIfPresent(backupPath(path, index), backupPath(path, index + 1));
  }
  // The live file may have been moved away by an external logrotate that never
  // sent USR1; then there is nothing to shift and the caller just opens anew.
  await renameIfPresent(path, backupPath(path, 1));
  return Math.min(highest + 1, backups);
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if (readErrorCode(error) !== 'ENOENT') throw error;
  }
}
