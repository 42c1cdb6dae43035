/**
 * What every piece's comparison gets and gives back, and the bookkeeping they
 * share: counting disagreements and keeping the first few as examples.
 */

/**
 * What a piece's comparison is handed.
 * @typedef {object} Context
 * @property {string} root                                  the project root
 * @property {(path: string) => Promise<any>} ours           imports a built module: ours('config/parse-cron.js')
 * @property {(name: string) => Promise<any>} library        imports an installed candidate
 * @property {(name: string) => string} entry                file URL of an installed candidate, for child processes
 * @property {(path: string) => string} oursUrl              file URL of a built module of ours
 */

/**
 * One row of the table: a piece of ours beside one library.
 * @typedef {object} Comparison
 * @property {string} piece
 * @property {string[]} files          our source files for the piece
 * @property {string} library          npm name of the candidate
 * @property {number} cases            test inputs run through both
 * @property {number} disagreements
 * @property {string[]} examples       concrete disagreements, the first few
 * @property {string[]} measurements   speed or load figures where they matter
 * @property {string} verdict          "keep ours: …" or "switch: …", one line
 * @property {string} [oursModule]     a built module of ours whose load time is worth comparing
 */

const EXAMPLES_KEPT = 3;

/** Counts cases and disagreements, keeping the first few disagreements' descriptions. */
export class Tally {
  cases = 0;
  disagreements = 0;
  /** @type {string[]} */
  examples = [];

  /**
   * Records one case; `describe` is only called when the two sides differ.
   * @param {boolean} agree
   * @param {() => string} describe
   */
  check(agree, describe) {
    this.cases++;
    if (agree) return;
    this.disagreements++;
    if (this.examples.length < EXAMPLES_KEPT) this.examples.push(describe());
  }
}

/** JSON for the doc, with `undefined` spelt out rather than dropped. @param {unknown} value */
export function show(value) {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

/** Whether two values have the same JSON. @param {unknown} a @param {unknown} b */
export function same(a, b) {
  return show(a) === show(b);
}

/**
 * Calls `fn`, turning a throw into `{ threw }` so one bad case does not end the run.
 * @template T
 * @param {() => T} fn
 * @returns {{ value: T } | { threw: string }}
 */
export function attempt(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { threw: error instanceof Error ? error.message : String(error) };
  }
}

/** A short form of attempt()'s result for examples. @param {{ value: unknown } | { threw: string }} result */
export function outcome(result) {
  return 'threw' in result ? `throws "${result.threw.slice(0, 80)}"` : show(result.value);
}
