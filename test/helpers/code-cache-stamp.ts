import { readFileSync, statSync } from 'node:fs';

/**
 * The first line of a code cache file that src/cli/code-cache.cjs wrote: what
 * it was made for. A cache is used only when that line names this Node and the
 * bundle as it is now (size, mtime).
 */
export function cacheStampOf(cacheFile: string): string {
  const data = readFileSync(cacheFile);
  return data.toString('latin1', 0, data.indexOf(10));
}

/** The stamp a cache of `bundle` written now by this Node has; `kind` is the loader's name for it (drover-ctl-cache, …). */
export function expectedCacheStamp(bundle: string, kind: string): string {
  const made = statSync(bundle);
  return `${kind} 1 ${process.version} ${process.arch} ${made.size} ${made.mtimeMs}`;
}
