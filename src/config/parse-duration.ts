import { fail, succeed, type Result } from './result.js';
import { expectedGot } from './messages.js';
import { anyCase, orInterpolated, type JsonShape } from './value-shapes.js';

const EXPECTED = 'a duration like 500ms, 30s or a number of seconds';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

// One or more `<number><unit>` parts, so Go-style `1m30s` reads as expected.
const DURATION = /^(?:(?:\d+(?:\.\d+)?|\.\d+)(?:ms|s|m|h))+$/i;
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)/gi;
const PLAIN_NUMBER = /^(?:\d+(?:\.\d+)?|\.\d+)$/;

/** A duration written as text, for editors: the same forms as DURATION and PLAIN_NUMBER. */
export const DURATION_TEXT_SHAPE: JsonShape = {
  type: 'string',
  pattern: `^\\s*(?:\\d+(?:\\.\\d+)?|\\.\\d+|(?:(?:\\d+(?:\\.\\d+)?|\\.\\d+)(?:${anyCase(Object.keys(UNIT_MS))}))+)\\s*$`,
  examples: ['500ms', '30s', '2m', '1m30s'],
};

/** What parseDuration reads: seconds as a number, or text with units. */
export const DURATION_SHAPE = orInterpolated({ type: 'number', minimum: 0 }, DURATION_TEXT_SHAPE);

/**
 * Reads a duration as supervisord users write it: a bare number is seconds
 * (possibly fractional); strings may carry ms, s, m or h. Returns milliseconds,
 * rounded to a whole number.
 */
export function parseDuration(value: unknown): Result<number> {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return fail(expectedGot(EXPECTED, value));
    return succeed(Math.round(value * 1000));
  }
  if (typeof value !== 'string') return fail(expectedGot(EXPECTED, value));
  const text = value.trim();
  // A quoted "30" (or one produced by ${VAR}) means seconds, like the number 30.
  if (PLAIN_NUMBER.test(text)) return succeed(Math.round(Number(text) * 1000));
  if (!DURATION.test(text)) return fail(expectedGot(EXPECTED, value));
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * (UNIT_MS[unit!.toLowerCase()] ?? 0);
  }
  return succeed(Math.round(total));
}
