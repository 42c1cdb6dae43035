import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { ConfigIssue, OptionPath } from './config-issue.js';
import { interpolate, type VariableLookup } from './interpolate.js';
import { keyText } from './positions.js';
import type { InterpolatedValue } from './types.js';

/** Turns an interpolated string into the value the option expects (e.g. "4" → 4). */
export type Coerce = (path: OptionPath, text: string) => unknown;

export interface DocumentInterpolation {
  issues: ConfigIssue[];
  /** Paths whose value could not be interpolated; later steps skip them to avoid a second error. */
  failedPaths: OptionPath[];
  /** Values that held a `${VAR}`, as written. */
  interpolated: InterpolatedValue[];
}

/**
 * Interpolates `${VAR}` in every string value of the document in place,
 * before validation, so `workers: ${N:-4}` is validated as the number 4.
 * Keys are never interpolated: option and program names stay literal.
 */
export function interpolateDocument(doc: Document, source: string, lookup: VariableLookup, coerce: Coerce): DocumentInterpolation {
  const result: DocumentInterpolation = { issues: [], failedPaths: [], interpolated: [] };
  visit(doc.contents, [], { source, lookup, coerce, result });
  return result;
}

interface Context {
  source: string;
  lookup: VariableLookup;
  coerce: Coerce;
  result: DocumentInterpolation;
}

function visit(node: unknown, path: OptionPath, context: Context): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isPair(pair)) visit(pair.value, [...path, keyText(pair.key)], context);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => visit(item, [...path, index], context));
  } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('$')) {
    const outcome = interpolate(node.value, context.lookup);
    if (outcome.problems.length > 0) {
      context.result.failedPaths.push(path);
      for (const problem of outcome.problems) {
        context.result.issues.push({ path, message: problem.message, at: 'value', offset: offsetOf(problem.reference, node.range, context.source) });
      }
      return;
    }
    if (outcome.substituted) context.result.interpolated.push({ path, raw: node.value, references: outcome.references });
    // Only values that came from a variable are coerced: a quoted "4"
    // written by hand stays a string, as YAML says it is.
    node.value = outcome.substituted ? context.coerce(path, outcome.value) : outcome.value;
  }
}

// Points at the `${` itself when it can be found in the scalar's source text
// (quoting and escapes can make value and source differ).
function offsetOf(reference: string, range: readonly number[] | null | undefined, source: string): number | undefined {
  if (!range) return undefined;
  const start = range[0]!;
  const at = source.slice(start, range[1]).indexOf(reference);
  return at === -1 ? start : start + at;
}
