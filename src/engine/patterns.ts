/**
 * Process patterns as `ctl` takes them: `all`, `GROUP:PROCESS`, `GROUP:*` and
 * `GROUP:` as supervisorctl takes them (a process's name is `group:process`;
 * a program outside `groups:` is its own group), `PROGRAM`, `PROGRAM:*` and
 * `PROGRAM:PROCESS` for a program in a group too (a unique name is enough),
 * `GROUP`, and shell globs (`web:web_0*`, `work*`).
 */

import { globMatcher, hasGlob } from '../text/glob.js';

export interface Matchable {
  name: string;
  programName: string;
  processName: string;
}

export type PatternResult<T> = { ok: true; matches: T[] } | { ok: false; unmatched: string[] };

function matchOne<T extends Matchable>(pattern: string, items: T[], groups: Record<string, string[]>): T[] {
  if (pattern === 'all' || pattern === '*') return items;
  const colon = pattern.indexOf(':');
  if (colon < 0) {
    if (groups[pattern]) return items.filter((item) => groups[pattern]!.includes(item.programName));
    if (hasGlob(pattern)) {
      const matches = globMatcher(pattern);
      return items.filter((item) => matches(item.programName) || matches(item.name));
    }
    return items.filter((item) => item.programName === pattern);
  }
  const head = pattern.slice(0, colon);
  const tail = pattern.slice(colon + 1);
  const inHead = groups[head]
    ? items.filter((item) => groups[head]!.includes(item.programName))
    : items.filter((item) => (hasGlob(head) ? globMatcher(head)(item.programName) : item.programName === head));
  if (tail === '*' || tail === '') return inHead;
  const matches = globMatcher(tail);
  return inHead.filter((item) => matches(item.processName));
}

/** Matches every pattern; any pattern that matches nothing is reported by name. */
export function matchPatterns<T extends Matchable>(patterns: string[], items: T[], groups: Record<string, string[]>): PatternResult<T> {
  const seen = new Set<T>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const found = matchOne(pattern, items, groups);
    if (found.length === 0) unmatched.push(pattern);
    for (const item of found) seen.add(item);
  }
  if (unmatched.length > 0) return { ok: false, unmatched };
  // Keep the supervisor's order rather than the order patterns were given in.
  return { ok: true, matches: items.filter((item) => seen.has(item)) };
}
