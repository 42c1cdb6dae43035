import type { VariableReference } from './types.js';
import { badVariableReference, unsetVariable, unterminatedVariable } from './messages.js';

/** Looks a variable up; undefined means unset. */
export type VariableLookup = (name: string) => string | undefined;

export interface InterpolationProblem {
  /** Index in the value of the `$` that starts the bad reference. */
  index: number;
  /** The reference as written, e.g. `${DB_URL`, to find it in the source. */
  reference: string;
  message: string;
}

export interface InterpolationResult {
  value: string;
  /** True when at least one `${…}` was replaced (not just `$$`). */
  substituted: boolean;
  /** Each `${…}` replaced, in order. */
  references: VariableReference[];
  problems: InterpolationProblem[];
}

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/**
 * Replaces `${VAR}` and `${VAR:-default}` (default also used when VAR is
 * empty, as in sh) and turns `$$` into `$`. Any other `$` is left alone, so
 * `$HOME` inside an `sh -c` command reaches the shell untouched.
 */
export function interpolate(text: string, lookup: VariableLookup): InterpolationResult {
  let value = '';
  let substituted = false;
  const references: VariableReference[] = [];
  const problems: InterpolationProblem[] = [];
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) {
      value += text.slice(i);
      break;
    }
    value += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      value += '$';
      i = dollar + 2;
      continue;
    }
    if (next !== '{') {
      value += '$';
      i = dollar + 1;
      continue;
    }
    const close = text.indexOf('}', dollar + 2);
    if (close === -1) {
      const reference = text.slice(dollar);
      problems.push({ index: dollar, reference, message: unterminatedVariable(reference) });
      break;
    }
    const reference = text.slice(dollar, close + 1);
    i = close + 1;
    const match = REFERENCE.exec(text.slice(dollar + 2, close));
    if (match === null) {
      problems.push({ index: dollar, reference, message: badVariableReference(reference) });
      continue;
    }
    const [, name, fallback] = match;
    const found = lookup(name!);
    if (fallback !== undefined && (found === undefined || found === '')) {
      value += fallback;
      references.push({ name: name!, fallback, value: fallback });
    } else if (found === undefined) {
      problems.push({ index: dollar, reference, message: unsetVariable(name!) });
      continue;
    } else {
      value += found;
      references.push({ name: name!, fallback: fallback ?? null, value: found });
    }
    substituted = true;
  }
  return { value, substituted, references, problems };
}
