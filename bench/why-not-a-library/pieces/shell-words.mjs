/**
 * Shell-word splitting: splitCommand (drover's `command:`) and shlexSplit
 * (supervisord's, for import) against shell-quote's parse(), called the way a
 * reviewer would write it, on every command of test/config/split-command.test.ts
 * and of the shlexSplit table in test/import/percent-expansion.test.ts.
 *
 * shell-quote returns operators as objects ({ op: '|' }) rather than refusing
 * them; a command ours refuses agrees when shell-quote returns an operator
 * there (the message would still be ours to write), and disagrees when
 * shell-quote hands back plain words as if nothing were wrong.
 */
import { attempt, outcome, same, show, Tally } from '../comparison.mjs';
import { rowsOf } from '../test-cases.mjs';

/** @typedef {import('../comparison.mjs').Context} Context */
/** @typedef {import('../comparison.mjs').Comparison} Comparison */
/** @typedef {{ ok: true, value: string[] } | { ok: false, message: string }} Split */

/** The refusals of percent-expansion.test.ts, written as a plain `it` there. */
const SHLEX_REFUSED = ['echo "a', 'echo a\\'];

/** @param {Context} context @returns {Promise<Comparison[]>} */
export async function compareShellWords(context) {
  const { splitCommand } = await context.ours('config/split-command.js');
  const { shlexSplit } = await context.ours('import/shlex-split.js');
  const shellQuote = await context.library('shell-quote');
  const parse = /** @type {(command: string) => unknown[]} */ (shellQuote.parse ?? shellQuote.default.parse);
  const drover = new Tally();
  for (const [command] of rowsOf(context.root, 'test/config/split-command.test.ts', 'splitCommand')) {
    if (typeof command === 'string') check(drover, command, splitCommand(command), parse);
  }
  const supervisord = new Tally();
  const shlexRows = rowsOf(context.root, 'test/import/percent-expansion.test.ts', 'shlexSplit, as supervisord splits commands');
  for (const command of [...shlexRows.map((row) => row[0]), ...SHLEX_REFUSED]) {
    if (typeof command === 'string') check(supervisord, command, shlexSplit(command), parse);
  }
  const base = { library: 'shell-quote', measurements: [] };
  return [
    {
      ...base,
      piece: 'shell-word splitting (drover `command:`)',
      files: ['src/config/split-command.ts'],
      cases: drover.cases,
      disagreements: drover.disagreements,
      examples: drover.examples,
      verdict:
        'keep ours: shell-quote replaces `$HOME` with the environment at parse time ("" here), splits `%(program_name)s` on its parentheses, and returns unclosed quotes as words; the refusal of operators with its `sh -c` hint would still be ours',
    },
    {
      ...base,
      piece: 'shell-word splitting (supervisord import, shlex)',
      files: ['src/import/shlex-split.ts'],
      cases: supervisord.cases,
      disagreements: supervisord.disagreements,
      examples: supervisord.examples,
      verdict:
        "keep ours: supervisord's shlex passes `|`, `>` and `$HOME` as plain words; shell-quote turns them into operators and expansions, so an imported command would change meaning",
    },
  ];
}

/**
 * @param {Tally} tally
 * @param {string} command
 * @param {Split} ours
 * @param {(command: string) => unknown[]} parse
 */
function check(tally, command, ours, parse) {
  const theirs = attempt(() => parse(command));
  const words = 'value' in theirs && theirs.value.every((word) => typeof word === 'string');
  const agree = ours.ok ? 'value' in theirs && same(ours.value, theirs.value) : !words;
  tally.check(agree, () => `${show(command)}: ours ${ours.ok ? show(ours.value) : `refuses ("${ours.message.slice(0, 70)}")`}, shell-quote ${outcome(theirs)}`);
}
