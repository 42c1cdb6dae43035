/**
 * Building blocks for the JSON Schema that editors use to complete and check
 * programs.yaml (json-schema.ts). Each value parser declares the shape of
 * what it accepts beside itself, built from these; the parser stays the
 * judge, the shape only guides the editor, so it may be looser but never
 * stricter than the parser.
 */

/** A JSON Schema fragment (draft-07 keywords). */
export type JsonShape = { [keyword: string]: unknown };

/**
 * `${VAR}` or `${VAR:-default}` somewhere in a string. The editor sees the
 * file before interpolation, so an option whose values are numbers, booleans
 * or fixed words also accepts such a string.
 */
export const INTERPOLATED: JsonShape = {
  type: 'string',
  pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}',
  description: 'replaced from the environment or the .env beside the config before the value is read',
};

/** Any of `shapes`, or a string holding `${VAR}`. */
export function orInterpolated(...shapes: JsonShape[]): JsonShape {
  return { anyOf: [...shapes, INTERPOLATED] };
}

/** A non-empty string: paths, names, templates, commands. */
export function text(description?: string): JsonShape {
  return { type: 'string', minLength: 1, ...(description === undefined ? {} : { description }) };
}

/** A whole number from `min` (to `max`), as integerParser reads it. */
export function integerShape(min: number, max?: number): JsonShape {
  return orInterpolated({ type: 'integer', minimum: min, ...(max === undefined ? {} : { maximum: max }) });
}

/** One `item`, or a list of them (of at least `minItems` when the parser refuses fewer). */
export function oneOrList(item: JsonShape, minItems = 0): JsonShape {
  return { anyOf: [item, { type: 'array', items: item, ...(minItems > 0 ? { minItems } : {}) }] };
}

/** A mapping with exactly these keys (unknown keys are errors, as in the parsers). */
export function closedMapping(properties: Record<string, JsonShape>, required: readonly string[] = []): JsonShape {
  return { type: 'object', properties, additionalProperties: false, ...(required.length > 0 ? { required: [...required] } : {}) };
}

/** Fixed words a parser compares without regard to case: completed as written here, accepted in any case. */
export function wordsShape(words: readonly string[]): JsonShape {
  return { anyOf: [{ enum: [...words] }, { type: 'string', pattern: `^\\s*(?:${anyCase(words)})\\s*$` }] };
}

/**
 * A regular-expression alternative of `words` that matches any letter case,
 * for parsers that lower-case what they read (AUTO, Auto and auto alike).
 */
export function anyCase(words: readonly string[]): string {
  const caseless = (word: string) => [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
  return words.map(caseless).join('|');
}
