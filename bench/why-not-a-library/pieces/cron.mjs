/**
 * Cron: parseCron + nextCronTime against cron-parser and croner, on every
 * expression of test/config/parse-cron.test.ts (accepted or refused, and the
 * next three firings of those both accept) and every (expression, after) pair
 * of test/engine/cron-time.test.ts, the daylight-saving ones included.
 */
import { attempt, outcome, Tally } from '../comparison.mjs';
import { rowsOf } from '../test-cases.mjs';

/** @typedef {import('../comparison.mjs').Context} Context */
/** @typedef {import('../comparison.mjs').Comparison} Comparison */
/** @typedef {(expression: string, after: Date) => Date} NextTime  throws when the expression is refused */

const FILES = ['src/config/parse-cron.ts', 'src/engine/cron-time.ts'];
const FIRINGS_FROM = new Date(2026, 0, 1);

/**
 * The daylight-saving cases of cron-time.test.ts (plain `it`s, so not in a
 * table): [expression, after as UTC ms], under TZ=America/New_York.
 * @type {[string, number][]}
 */
const DST_CASES = [
  ['30 2 * * *', Date.UTC(2026, 2, 8, 6, 0)],
  ['0 * * * *', Date.UTC(2026, 2, 8, 6, 30)],
  ['30 1 * * *', Date.UTC(2026, 10, 1, 4, 0)],
  ['30 1 * * *', Date.UTC(2026, 10, 1, 5, 30)],
  ['50 1 * * *', Date.UTC(2026, 10, 1, 6, 45)],
];

/** @param {Context} context @returns {Promise<Comparison[]>} */
export async function compareCron(context) {
  const { parseCron } = await context.ours('config/parse-cron.js');
  const { nextCronTime } = await context.ours('engine/cron-time.js');
  /** @type {NextTime} */
  const oursNext = (expression, after) => {
    const parsed = parseCron(expression);
    if (!parsed.ok) throw new Error(parsed.message);
    return nextCronTime(parsed.value, after);
  };
  const cronParser = await context.library('cron-parser');
  const { CronExpressionParser } = cronParser.CronExpressionParser === undefined ? cronParser.default : cronParser;
  /** @type {NextTime} */
  const cronParserNext = (expression, after) => CronExpressionParser.parse(expression, { currentDate: after }).next().toDate();
  const { Cron } = await context.library('croner');
  /** @type {NextTime} */
  const cronerNext = (expression, after) => {
    const next = new Cron(expression).nextRun(after);
    if (next === null) throw new Error('never fires');
    return next;
  };
  return [
    {
      ...compareWith(context, oursNext, cronParserNext, 'cron-parser'),
      verdict:
        'keep ours: it ORs `*/2` with a weekday where Vixie cron ANDs them, refuses @midnight, @HOURLY and a repeated value, takes "" and 6 fields, and pulls in luxon (4.5 MB, the slowest load here after prom-client)',
    },
    {
      ...compareWith(context, oursNext, cronerNext, 'croner'),
      verdict:
        "keep ours: the nearest candidate, but it ORs `*/2` with a weekday, refuses cronie's `50/5`, takes 6 fields (seconds), and fires differently across both daylight-saving changes; matching crontab's meaning would take its options plus our messages",
    },
  ];
}

/**
 * @param {Context} context
 * @param {NextTime} oursNext
 * @param {NextTime} theirsNext
 * @param {string} library
 * @returns {Omit<Comparison, 'verdict'>}
 */
function compareWith(context, oursNext, theirsNext, library) {
  const tally = new Tally();
  for (const [expression] of rowsOf(context.root, 'test/config/parse-cron.test.ts', 'parseCron')) {
    if (typeof expression !== 'string') continue;
    const ours = firings(oursNext, expression);
    const theirs = firings(theirsNext, expression);
    tally.check(
      outcome(ours) === outcome(theirs) || ('threw' in ours && 'threw' in theirs),
      () =>
        `\`${expression}\`: ours ${'threw' in ours ? `refuses ("${ours.threw}")` : `fires ${outcome(ours)}`}; ${library} ${'threw' in theirs ? `refuses ("${theirs.threw}")` : `fires ${outcome(theirs)}`}`,
    );
  }
  for (const [expression, after] of rowsOf(context.root, 'test/engine/cron-time.test.ts', 'nextCronTime')) {
    if (typeof expression !== 'string' || !(after instanceof Date)) continue;
    checkNext(tally, library, oursNext, theirsNext, expression, after);
  }
  const savedTz = process.env.TZ;
  process.env.TZ = 'America/New_York';
  for (const [expression, after] of DST_CASES) checkNext(tally, library, oursNext, theirsNext, expression, new Date(after));
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
  return { piece: 'cron parsing', files: FILES, library, cases: tally.cases, disagreements: tally.disagreements, examples: tally.examples, measurements: [] };
}

/**
 * @param {Tally} tally
 * @param {string} library
 * @param {NextTime} oursNext
 * @param {NextTime} theirsNext
 * @param {string} expression
 * @param {Date} after
 */
function checkNext(tally, library, oursNext, theirsNext, expression, after) {
  const ours = attempt(() => local(oursNext(expression, after)));
  const theirs = attempt(() => local(theirsNext(expression, after)));
  tally.check(
    outcome(ours) === outcome(theirs),
    () => `\`${expression}\` after ${local(after)}${process.env.TZ ? ` (${process.env.TZ})` : ''}: ours ${outcome(ours)}, ${library} ${outcome(theirs)}`,
  );
}

/** The first three firings after FIRINGS_FROM, as local times. @param {NextTime} next @param {string} expression */
function firings(next, expression) {
  return attempt(() => {
    const times = [];
    let after = FIRINGS_FROM;
    for (let i = 0; i < 3; i++) {
      after = next(expression, after);
      times.push(local(after));
    }
    return times;
  });
}

/** Local wall-clock time with its UTC offset, so a daylight-saving difference shows. @param {Date} date */
function local(date) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  const offset = -date.getTimezoneOffset() / 60;
  const seconds = date.getSeconds() === 0 ? '' : `:${pad(date.getSeconds())}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}${seconds} (UTC${offset >= 0 ? '+' : ''}${offset})`;
}
