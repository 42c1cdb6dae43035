/**
 * Edit distance: editDistance (optimal string alignment: a swapped pair costs
 * one edit) against fastest-levenshtein's distance(), on the pairs of
 * test/text/did-you-mean.test.ts, and didYouMean rebuilt on the library's
 * distance on that file's misspelt option names.
 */
import { show, Tally } from '../comparison.mjs';
import { rowsOf } from '../test-cases.mjs';
import { microsPerCall } from '../timing.mjs';

/** @typedef {import('../comparison.mjs').Context} Context */
/** @typedef {import('../comparison.mjs').Comparison} Comparison */
/** @typedef {(a: string, b: string) => number} Distance */

/** @param {Context} context @returns {Promise<Comparison[]>} */
export async function compareEditDistance(context) {
  const { editDistance, didYouMean } = await context.ours('text/did-you-mean.js');
  const { PROGRAM_OPTIONS } = await context.ours('config/schema.js');
  const fastest = await context.library('fastest-levenshtein');
  const distance = /** @type {Distance} */ (fastest.distance ?? fastest.default.distance);
  const tally = new Tally();
  for (const [a, b] of rowsOf(context.root, 'test/text/did-you-mean.test.ts', 'editDistance')) {
    if (typeof a !== 'string' || typeof b !== 'string') continue;
    const ours = editDistance(a, b);
    const theirs = distance(a, b);
    tally.check(ours === theirs, () => `${show(a)} ↔ ${show(b)}: ours ${ours}, fastest-levenshtein ${theirs} (a swapped pair is two edits there)`);
  }
  const inputs = rowsOf(context.root, 'test/text/did-you-mean.test.ts', 'didYouMean').map((row) => row[0]);
  for (const input of inputs) {
    if (typeof input !== 'string') continue;
    const ours = didYouMean(input, PROGRAM_OPTIONS);
    const theirs = suggest(distance, input, PROGRAM_OPTIONS);
    tally.check(ours === theirs, () => `didYouMean(${show(input)}): ours ${show(ours)}, with fastest-levenshtein ${show(theirs)}`);
  }
  const oursUs = microsPerCall(() => didYouMean('stdout_log_file', PROGRAM_OPTIONS), 2000);
  const theirsUs = microsPerCall(() => suggest(distance, 'stdout_log_file', PROGRAM_OPTIONS), 2000);
  return [
    {
      piece: 'edit distance',
      files: ['src/text/did-you-mean.ts'],
      library: 'fastest-levenshtein',
      cases: tally.cases,
      disagreements: tally.disagreements,
      examples: tally.examples,
      measurements: [
        `one suggestion over the ${PROGRAM_OPTIONS.length} program options ("stdout_log_file"): ours ${oursUs.toFixed(1)} µs, with fastest-levenshtein ${theirsUs.toFixed(1)} µs; it runs once per unknown key, so neither matters`,
      ],
      verdict: 'keep ours: plain Levenshtein counts a swapped pair (autorestrat) as two edits, the commonest typo; ours is 20 lines and only runs on a config error',
    },
  ];
}

/**
 * didYouMean's rule (closest, within one edit per three characters, ignoring case) on another distance.
 * @param {Distance} distance
 * @param {string} input
 * @param {readonly string[]} candidates
 */
function suggest(distance, input, candidates) {
  const wanted = input.toLowerCase();
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(wanted, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit && best !== input ? best : undefined;
}
