import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigIssue, OptionPath } from './config-issue.js';
import { formatOptionPath } from './format-config-error.js';
import type { ConfigError } from './types.js';

interface Found {
  /** Source offset to report. */
  offset: number;
  /** The part of the path that exists in the document. */
  resolved: OptionPath;
}

/**
 * Finds where an option lives in the document. When the full path resolves,
 * `at` picks the key or the value. When it does not (a missing required
 * option), the position falls back to the deepest key that exists — for a
 * missing `command` that is the program's key.
 */
export function locatePath(doc: Document, path: OptionPath, at: 'key' | 'value'): Found {
  let node: unknown = doc.contents;
  let fallback = startOf(node) ?? 0;
  let keyOffset: number | undefined;
  const resolved: (string | number)[] = [];
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      // The last definition of a repeated key, because that is the one
      // toJS() keeps; the repeat itself is reported by duplicate-keys.ts.
      const pair = node.items.findLast((item) => isPair(item) && keyText(item.key) === String(segment));
      if (pair === undefined) break;
      keyOffset = startOf(pair.key) ?? fallback;
      fallback = keyOffset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      keyOffset = undefined;
      fallback = startOf(node) ?? fallback;
    } else {
      // A list index into a scalar (depends_on: web): the scalar is the answer.
      if (isScalar(node) && typeof segment === 'number') fallback = startOf(node) ?? fallback;
      break;
    }
    resolved.push(segment);
  }
  if (resolved.length < path.length) return { offset: fallback, resolved };
  const valueOffset = hasWrittenValue(node) ? startOf(node) : undefined;
  const offset = at === 'key' ? (keyOffset ?? valueOffset ?? fallback) : (valueOffset ?? keyOffset ?? fallback);
  return { offset, resolved };
}

/**
 * Positions an issue. When the path ends in list indexes that do not exist
 * because the value was a single scalar, the reported path drops them, so a
 * problem with `depends_on: db` reads `…depends_on`, not `…depends_on[0]`.
 */
export function issueToError(issue: ConfigIssue, doc: Document, lineCounter: LineCounter, file: string): ConfigError {
  const found = locatePath(doc, issue.path, issue.at);
  const offset = issue.offset ?? found.offset;
  const { line, col } = lineCounter.linePos(offset);
  const unresolved = issue.path.slice(found.resolved.length);
  const path = unresolved.length > 0 && unresolved.every((s) => typeof s === 'number') ? found.resolved : issue.path;
  return { file, line, column: col, path: formatOptionPath(path), message: issue.message };
}

export function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function startOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range?.[0];
}

// `command:` with nothing after it yields an empty null scalar whose position
// is wherever the parser stopped; pointing at the key reads better.
function hasWrittenValue(node: unknown): boolean {
  if (node === null || node === undefined) return false;
  if (isScalar(node) && node.value === null && node.source === '') return false;
  return true;
}
