/**
 * .env files: parseDotenv against dotenv's parse(), on every text of
 * test/config/dotenv.test.ts. Ours returns problems with line and column;
 * a text ours reports a problem in counts as a disagreement when dotenv
 * parses it without a word.
 */
import { attempt, outcome, same, show, Tally } from '../comparison.mjs';
import { readTestRows } from '../test-cases.mjs';

/** @typedef {import('../comparison.mjs').Context} Context */
/** @typedef {import('../comparison.mjs').Comparison} Comparison */

/** The one text of dotenv.test.ts outside a table ("keeps the good lines when others are bad"). */
const EXTRA_TEXTS = ['A=1\n???\nB=2'];

/** @param {Context} context @returns {Promise<Comparison[]>} */
export async function compareDotenv(context) {
  const { parseDotenv } = await context.ours('config/dotenv.js');
  const dotenvModule = await context.library('dotenv');
  const dotenv = dotenvModule.parse === undefined ? dotenvModule.default : dotenvModule;
  const texts = [...readTestRows(context.root, 'test/config/dotenv.test.ts').map((row) => row.cells[0]), ...EXTRA_TEXTS];
  const tally = new Tally();
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const ours = parseDotenv(text);
    const theirs = attempt(() => ({ ...dotenv.parse(text) }));
    const problems = ours.problems.map((/** @type {{ line: number, message: string }} */ p) => `line ${p.line}: ${p.message}`);
    const agree = problems.length === 0 && 'value' in theirs && same(ours.vars, theirs.value);
    tally.check(agree, () =>
      problems.length > 0
        ? `${show(text)}: ours reports ${show(problems[0])}; dotenv gives ${outcome(theirs)} without a word`
        : `${show(text)}: ours ${show(ours.vars)}, dotenv ${outcome(theirs)}`,
    );
  }
  return [
    {
      piece: '.env parsing',
      files: ['src/config/dotenv.ts'],
      library: 'dotenv',
      cases: tally.cases,
      disagreements: tally.disagreements,
      examples: tally.examples,
      measurements: [],
      verdict:
        'keep ours: dotenv.parse() reports nothing (an unclosed quote or a bad line loads half-read without a word, where ours gives line and column), cuts `no#comment` at the #, and keeps `\\t` and `\\"` in double quotes',
    },
  ];
}
