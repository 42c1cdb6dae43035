/**
 * Durations and sizes: parseDuration against ms, parseSize against bytes, on
 * every input of test/config/parse-duration.test.ts and parse-size.test.ts.
 * A config number means seconds (durations) or bytes (sizes) in drover, which
 * neither library reads, so a number goes through the same two lines ours has
 * and only text reaches the library. A refusal agrees with ms's undefined or
 * bytes's null; any number where ours refuses is a disagreement.
 */
import { show, Tally } from '../comparison.mjs';
import { rowsOf } from '../test-cases.mjs';

/** @typedef {import('../comparison.mjs').Context} Context */
/** @typedef {import('../comparison.mjs').Comparison} Comparison */
/** @typedef {{ ok: true, value: number } | { ok: false, message: string }} Parsed */

/** @param {Context} context @returns {Promise<Comparison[]>} */
export async function compareDurationSize(context) {
  const { parseDuration } = await context.ours('config/parse-duration.js');
  const { parseSize } = await context.ours('config/parse-size.js');
  const msModule = await context.library('ms');
  const ms = /** @type {(text: string) => number | undefined} */ (typeof msModule === 'function' ? msModule : msModule.default);
  const bytesModule = await context.library('bytes');
  const bytes = /** @type {{ parse: (text: string | number) => number | null }} */ (bytesModule.parse === undefined ? bytesModule.default : bytesModule);

  const durations = new Tally();
  for (const [input] of rowsOf(context.root, 'test/config/parse-duration.test.ts', 'parseDuration')) {
    const theirs = typeof input === 'number' ? secondsToMs(input) : typeof input === 'string' ? safe(() => ms(input)) : null;
    check(durations, 'ms', input, parseDuration(input), theirs);
  }
  const sizes = new Tally();
  for (const [input] of rowsOf(context.root, 'test/config/parse-size.test.ts', 'parseSize')) {
    const theirs = typeof input === 'string' || typeof input === 'number' ? safe(() => bytes.parse(input)) : null;
    check(sizes, 'bytes', input, parseSize(input), theirs);
  }
  return [
    {
      piece: 'duration parsing',
      files: ['src/config/parse-duration.ts'],
      library: 'ms',
      cases: durations.cases,
      disagreements: durations.disagreements,
      examples: durations.examples,
      measurements: [],
      verdict: 'keep ours: ms reads a quoted "10" as 10 ms where a config means seconds, refuses `1m30s` and ` 2S `, and takes `-5s`, `5 s` and `1d`',
    },
    {
      piece: 'size parsing',
      files: ['src/config/parse-size.ts'],
      library: 'bytes',
      cases: sizes.cases,
      disagreements: sizes.disagreements,
      examples: sizes.examples,
      measurements: [],
      verdict: 'keep ours: bytes reads `10KiB` and `10XB` as 10 bytes without an error, and takes negative and fractional sizes',
    },
  ];
}

/** Seconds as milliseconds, refusing what ours refuses for a number. @param {number} seconds */
function secondsToMs(seconds) {
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null;
}

/** @param {() => number | null | undefined} fn */
function safe(fn) {
  try {
    const value = fn();
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * @param {Tally} tally
 * @param {string} library
 * @param {unknown} input
 * @param {Parsed} ours
 * @param {number | null} theirs
 */
function check(tally, library, input, ours, theirs) {
  const agree = ours.ok ? theirs === ours.value : theirs === null;
  tally.check(agree, () => `${show(input)}: ours ${ours.ok ? ours.value : 'refuses'}, ${library} ${theirs === null ? 'refuses' : theirs}`);
}
