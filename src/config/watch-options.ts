import { didYouMean } from '../text/did-you-mean.js';
import { expectedGot, missingOption, unknownOption, unknownWatchAction } from './messages.js';
import { nestedIssue, type Checked, type NestedIssue } from './option-values.js';
import { DURATION_SHAPE, parseDuration } from './parse-duration.js';
import { fail, succeed, type Result } from './result.js';
import type { WatchAction } from './types.js';
import { closedMapping, oneOrList, orInterpolated, text, wordsShape, type JsonShape } from './value-shapes.js';

/**
 * `watch:` — paths or globs as a string or list, or a mapping
 * `{ paths, ignore, debounce, action }`. Paths stay as written here;
 * normalize resolves them against the config folder and picks the default
 * action, which depends on the program's type.
 */

export interface RawWatch {
  paths: string[];
  ignore: string[];
  debounceMs?: number;
  action?: WatchAction;
}

const ACTIONS: readonly WatchAction[] = ['restart', 'reload'];
const PATHS_EXPECTED = 'a path or glob such as src/**/*.js';

const PATHS_SHAPE = oneOrList(text(`${PATHS_EXPECTED}, relative to the config folder`), 1);

// The keys of the mapping form, with their shapes for editors.
const WATCH_MAPPING: Record<string, JsonShape> = {
  paths: PATHS_SHAPE,
  ignore: oneOrList(text('a name, path or glob never to react to, such as *.log or tmp/'), 1),
  debounce: { ...DURATION_SHAPE, description: 'quiet time after the last change before acting. Default 500ms' },
  action: { ...orInterpolated(wordsShape(ACTIONS)), description: 'restart, or reload (a rolling reload for prefork programs, their default)' },
};
const WATCH_KEYS = Object.keys(WATCH_MAPPING);

/** What parseWatch reads, for editors. */
export const WATCH_SHAPE: JsonShape = { anyOf: [PATHS_SHAPE, closedMapping(WATCH_MAPPING, ['paths'])] };

export function parseWatch(value: unknown): Checked<RawWatch> {
  if (typeof value === 'string' || Array.isArray(value)) {
    const paths = parsePathList(value, PATHS_EXPECTED, []);
    return paths.ok ? succeed({ paths: paths.value, ignore: [] }) : paths;
  }
  if (typeof value !== 'object' || value === null) {
    return { ok: false, issues: [nestedIssue([], expectedGot(`${PATHS_EXPECTED}, a list of them, or a mapping with paths:`, value))] };
  }
  const written = value as Record<string, unknown>;
  const issues: NestedIssue[] = [];
  const watch: RawWatch = { paths: [], ignore: [] };
  for (const key of Object.keys(written)) {
    if (!WATCH_KEYS.includes(key)) issues.push(nestedIssue([key], unknownOption(key, didYouMean(key, WATCH_KEYS)), 'key'));
  }
  if (written.paths === undefined || written.paths === null) {
    issues.push(nestedIssue(['paths'], missingOption(`${PATHS_EXPECTED}, or a list of them`)));
  } else {
    const paths = parsePathList(written.paths, PATHS_EXPECTED, ['paths']);
    if (paths.ok) watch.paths = paths.value;
    else issues.push(...paths.issues);
  }
  if (written.ignore !== undefined) {
    const ignore = parsePathList(written.ignore, 'a name, path or glob such as *.log or tmp/', ['ignore']);
    if (ignore.ok) watch.ignore = ignore.value;
    else issues.push(...ignore.issues);
  }
  if (written.debounce !== undefined) {
    const debounce = parseDuration(written.debounce);
    if (debounce.ok) watch.debounceMs = debounce.value;
    else issues.push(nestedIssue(['debounce'], debounce.message));
  }
  if (written.action !== undefined) {
    const action = parseWatchAction(written.action);
    if (action.ok) watch.action = action.value;
    else issues.push(nestedIssue(['action'], action.message));
  }
  return issues.length === 0 ? succeed(watch) : { ok: false, issues };
}

export function parseWatchAction(value: unknown): Result<WatchAction> {
  if (typeof value === 'string' && (ACTIONS as readonly string[]).includes(value.trim().toLowerCase())) {
    return succeed(value.trim().toLowerCase() as WatchAction);
  }
  return fail(unknownWatchAction(value, typeof value === 'string' ? didYouMean(value.trim(), ACTIONS) : undefined));
}

/** One non-empty string or a non-empty list of them; a bad item is reported at its index. */
function parsePathList(value: unknown, expected: string, at: (string | number)[]): Checked<string[]> {
  if (!Array.isArray(value)) {
    if (typeof value === 'string' && value.trim() !== '') return succeed([value.trim()]);
    return { ok: false, issues: [nestedIssue(at, expectedGot(`${expected}, or a list of them`, value))] };
  }
  if (value.length === 0) return { ok: false, issues: [nestedIssue(at, `${expectedGot(`${expected}, or a list of them`, value)} with no items`)] };
  const issues = value.flatMap((item: unknown, index) => (typeof item === 'string' && item.trim() !== '' ? [] : [nestedIssue([...at, index], expectedGot(expected, item))]));
  return issues.length === 0 ? succeed((value as string[]).map((item) => item.trim())) : { ok: false, issues };
}
