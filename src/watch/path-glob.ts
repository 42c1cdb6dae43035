// Absolute path globs: `/srv/app/src/**/*.py`. The path is split on '/'; a
// `**` segment matches zero or more whole segments, any other segment is a
// shell glob on one name (glob.ts), so `*` never crosses a '/'. `*` and `**`
// match names starting with a dot too: a supervisor restarting on a change to
// `.env` is what users expect, and editor dot-files are filtered elsewhere.
//
// Like glob.ts, matching backtracks only to the last `**`, so a config file
// with `/**/a/**/a/**/…/b` cannot freeze the supervisor on a deep path.
// (Line comments here because `**/` would end a block comment.)
import { globMatcher, hasGlob, matchWildcards } from '../text/glob.js';

/** `star` is a `**` segment: any number of whole segments. */
type Token = { kind: 'star' } | { kind: 'one'; test: (segment: string) => boolean };

/** The non-empty segments of a path: '/a//b/' → ['a', 'b']. */
export function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (const segment of splitPath(glob)) {
    if (segment === '**') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (hasGlob(segment)) {
      tokens.push({ kind: 'one', test: globMatcher(segment) });
    } else {
      // Most segments are plain names: a string compare beats the glob engine.
      tokens.push({ kind: 'one', test: (name) => name === segment });
    }
  }
  return tokens;
}

/** A matcher of absolute paths against an absolute path glob (see the top of this file). */
export function pathGlobMatcher(glob: string): (path: string) => boolean {
  const tokens = tokenize(glob);
  return (path) => matchWildcards(tokens, splitPath(path));
}

// The longest leading run of segments without glob characters: the folder a
// watcher must cover to see every path the glob can match. A plain path is its
// own base; `/**/x` has base '/'.
export function globBase(glob: string): string {
  const fixed: string[] = [];
  for (const segment of splitPath(glob)) {
    if (hasGlob(segment)) break;
    fixed.push(segment);
  }
  return `/${fixed.join('/')}`;
}

/** True when `path` is strictly inside folder `dir` (both absolute and normalised). */
export function isInside(path: string, dir: string): boolean {
  if (dir === '/') return path !== '/' && path.startsWith('/');
  return path.length > dir.length && path.startsWith(dir) && path.charCodeAt(dir.length) === 47; // '/'
}
