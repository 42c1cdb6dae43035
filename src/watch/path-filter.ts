/**
 * Which paths a FileWatcher reacts to, and which it must not even look at.
 * Kept apart from the watcher so the rules can be tested without files, and
 * cheap: these run once per file system event and once per directory entry
 * the watcher scans, so they are string compares only (no stat, no RegExp).
 */
import { isAbsolute, resolve } from 'node:path';
import type { Stats } from 'node:fs';
import { hasGlob } from '../text/glob.js';
import { globBase, isInside, pathGlobMatcher } from './path-glob.js';

/**
 * Folders never descended into, at any depth below a watched base: package
 * caches, VCS metadata and tool caches change often (an install or a `git gc`
 * touches thousands of files) and never mean "the program's code changed".
 */
export const IGNORED_NAMES: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.pytest_cache', '.mypy_cache', '.tox', '.venv']);

/** Logs (a program writing its own log would restart itself forever) and editor swap/backup files. */
export const IGNORED_SUFFIXES: readonly string[] = ['.log', '.swp', '.swx', '~'];

export interface PathFilterOptions {
  paths: string[];
  ignore: string[];
  alwaysIgnore?: string[];
}

export interface PathFilter {
  /** The distinct folders or files that cover every path in `paths`. */
  readonly bases: readonly string[];
  /** For chokidar's `ignored`: true means skip this path, and do not descend into it. */
  ignored(path: string, stats?: Stats): boolean;
  /** True when a changed file is one the caller asked for and no rule ignores. */
  wanted(path: string): boolean;
}

function absolute(path: string, what: string): string {
  if (!isAbsolute(path)) throw new Error(`${what} must be an absolute path: ${JSON.stringify(path)}`);
  // resolve() drops trailing slashes and `..`; it leaves glob characters alone.
  return resolve(path);
}

/** A plain path means itself and everything under it; a glob means exactly the paths it matches. */
function specMatcher(spec: string): (path: string) => boolean {
  if (hasGlob(spec)) return pathGlobMatcher(spec);
  return (path) => path === spec || isInside(path, spec);
}

function hasIgnoredName(relative: string): boolean {
  for (const name of relative.split('/')) {
    if (IGNORED_NAMES.has(name)) return true;
    for (const suffix of IGNORED_SUFFIXES) if (name.endsWith(suffix)) return true;
  }
  return false;
}

export function createPathFilter(options: PathFilterOptions): PathFilter {
  const paths = options.paths.map((p) => absolute(p, 'a watched path'));
  const bases = [...new Set(paths.map(globBase))];
  const want = paths.map(specMatcher);
  // An ignore glob that matches a folder ignores what is inside it too (`/app/**/build`):
  // `glob/**` says exactly that, since `**` also matches zero segments.
  const ignore = options.ignore.map((g) => absolute(g, 'an ignore glob')).map((g) => specMatcher(hasGlob(g) ? `${g}/**` : g));
  const always = (options.alwaysIgnore ?? []).map((p) => absolute(p, 'an always-ignored path'));

  const ignoredByRules = (path: string): boolean => always.some((dir) => path === dir || isInside(path, dir)) || ignore.some((matches) => matches(path));

  /**
   * Is the path a base, on the way to one, or under one without passing
   * through an ignored name? Paths the user named explicitly (a base, or a
   * folder leading to one) are exempt from the name list: watching
   * `/srv/app/.venv/lib/mine` on purpose must work.
   */
  const relevant = (path: string): boolean => {
    for (const base of bases) {
      if (path === base || isInside(base, path)) return true;
      if (isInside(path, base) && !hasIgnoredName(base === '/' ? path.slice(1) : path.slice(base.length + 1))) return true;
    }
    return false;
  };

  const wanted = (path: string): boolean => want.some((matches) => matches(path));

  return {
    bases,
    wanted: (path) => wanted(path) && relevant(path) && !ignoredByRules(path),
    ignored(path, stats) {
      if (ignoredByRules(path) || !relevant(path)) return true;
      // Files no entry of `paths` wants are not watched at all (`*.py` in a tree of
      // assets costs no inotify watch per asset). Only with stats: without them a
      // folder could be mistaken for an unwanted file and its subtree lost.
      return stats?.isFile() === true && !wanted(path);
    },
  };
}
