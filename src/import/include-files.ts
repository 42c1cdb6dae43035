import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { globMatcher, hasGlob } from '../text/glob.js';

/**
 * The files an `[include] files =` pattern names, as supervisord finds them
 * (Python's glob.glob, then sorted): `*`, `?` and `[…]` match within one path
 * segment, and a name starting with "." is matched only by a pattern segment
 * that starts with "." too. A relative pattern starts at `baseDir`, the
 * including file's folder.
 */
export async function findIncludedFiles(pattern: string, baseDir: string): Promise<string[]> {
  const absolute = path.resolve(baseDir, pattern);
  const segments = absolute.split(path.sep).filter((segment) => segment !== '');
  let candidates: string[] = [path.sep];
  for (const segment of segments) {
    const next: string[] = [];
    for (const dir of candidates) next.push(...(await matchSegment(dir, segment)));
    candidates = next;
    if (candidates.length === 0) return [];
  }
  const files: string[] = [];
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => null);
    if (info?.isFile()) files.push(candidate);
  }
  return files.sort();
}

async function matchSegment(dir: string, segment: string): Promise<string[]> {
  if (!hasGlob(segment)) return [path.join(dir, segment)];
  const entries = await readdir(dir).catch(() => [] as string[]);
  const matches = globMatcher(segment);
  return entries.filter((name) => (segment.startsWith('.') || !name.startsWith('.')) && matches(name)).map((name) => path.join(dir, name));
}
