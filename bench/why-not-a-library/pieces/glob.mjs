/**
 * Globs: globMatcher (process names) and pathGlobMatcher (watched paths)
 * against picomatch, on every (glob, text) pair of test/text/glob.test.ts
 * and path-glob.test.ts and on glob.test.ts's 3,000 generated pairs; then the
 * ReDoS inputs of commit 7e2e4df and of path-glob.test.ts, with picomatch in a
 * child process under a deadline, and matching speed over a watched tree.
 */
import { attempt, outcome, show, Tally } from '../comparison.mjs';
import { rowsOf } from '../test-cases.mjs';
import { formatMs, microsPerCall, runWithDeadline } from '../timing.mjs';

/** @typedef {import('../comparison.mjs').Context} Context */
/** @typedef {import('../comparison.mjs').Comparison} Comparison */
/** @typedef {(glob: string, options?: object) => (text: string) => boolean} Picomatch */

const DEADLINE_MS = 20_000;
const NAME_REDOS = { glob: '*a'.repeat(15) + 'b', text: 'a'.repeat(40) };
const PATH_REDOS = { glob: `/${'**/a/'.repeat(20)}b`, text: `/${'a/'.repeat(200)}c` };

/** @param {Context} context @returns {Promise<Comparison[]>} */
export async function compareGlob(context) {
  const { globMatcher } = await context.ours('text/glob.js');
  const { pathGlobMatcher } = await context.ours('watch/path-glob.js');
  const picomatchModule = await context.library('picomatch');
  const picomatch = /** @type {Picomatch} */ (typeof picomatchModule === 'function' ? picomatchModule : picomatchModule.default);

  const names = new Tally();
  for (const [glob, text] of rowsOf(context.root, 'test/text/glob.test.ts', 'globMatcher')) {
    if (typeof glob === 'string' && typeof text === 'string') check(names, glob, text, globMatcher(glob)(text), (g) => picomatch(g));
  }
  const generated = new Tally();
  for (const [glob, text] of generatedPairs()) check(generated, glob, text, globMatcher(glob)(text), (g) => picomatch(g));
  const paths = new Tally();
  for (const [glob, path] of rowsOf(context.root, 'test/watch/path-glob.test.ts', 'pathGlobMatcher')) {
    if (typeof glob === 'string' && typeof path === 'string') check(paths, glob, path, pathGlobMatcher(glob)(path), (g) => picomatch(g, { dot: true }));
  }

  const nameRedos = redos(context, 'globMatcher', NAME_REDOS, () => globMatcher(NAME_REDOS.glob)(NAME_REDOS.text), '{}');
  const pathRedos = redos(context, 'pathGlobMatcher', PATH_REDOS, () => pathGlobMatcher(PATH_REDOS.glob)(PATH_REDOS.text), '{ dot: true }');
  const tree = watchedTree();
  const ours = pathGlobMatcher('/srv/app/src/**/*.py');
  const theirs = picomatch('/srv/app/src/**/*.py', { dot: true });
  const oursUs = microsPerCall(() => tree.forEach(ours), 5);
  const theirsUs = microsPerCall(() => tree.forEach(theirs), 5);
  const treeLine = `a change on each of ${tree.length.toLocaleString('en')} paths of a watched tree against /srv/app/src/**/*.py: ours ${formatMs(oursUs / 1000)}, picomatch ${formatMs(theirsUs / 1000)}`;
  return [
    {
      piece: 'glob matching (process names)',
      files: ['src/text/glob.ts'],
      library: 'picomatch',
      cases: names.cases,
      disagreements: names.disagreements,
      examples: names.examples,
      measurements: [
        `glob.test.ts's 3,000 generated pairs (exact LCG, see generatedPairs): ${generated.disagreements} disagree${generated.examples[0] === undefined ? '' : `, e.g. ${generated.examples[0]}`}`,
        nameRedos,
      ],
      verdict:
        "keep ours: on the ReDoS input ours was written for, picomatch had not returned when killed after 20 s (globs come from any client of the control socket, and the supervisor has one thread); it also reads the shell's `[!01]` as a set holding `!`",
    },
    {
      piece: 'glob matching (watched paths)',
      files: ['src/watch/path-glob.ts'],
      library: 'picomatch',
      cases: paths.cases,
      disagreements: paths.disagreements,
      examples: paths.examples,
      measurements: [pathRedos, treeLine],
      verdict:
        'keep ours: picomatch matches an ordinary path faster, but both take microseconds a change; on the deep `**` input it had not returned when killed after 20 s, `/**/*.py` misses `/x.py`, and trailing or doubled slashes stop matching',
    },
  ];
}

/**
 * @param {Tally} tally
 * @param {string} glob
 * @param {string} text
 * @param {boolean} ours
 * @param {(glob: string) => (text: string) => boolean} compile
 */
function check(tally, glob, text, ours, compile) {
  const theirs = attempt(() => compile(glob)(text));
  tally.check('value' in theirs && theirs.value === ours, () => `${show(glob)} on ${show(text)}: ours ${ours}, picomatch ${outcome(theirs)}`);
}

/**
 * Times ours here and picomatch in a child with a deadline, on one ReDoS input.
 * @param {Context} context
 * @param {string} matcher
 * @param {{ glob: string, text: string }} input
 * @param {() => boolean} oursRun
 * @param {string} options
 */
function redos(context, matcher, input, oursRun, options) {
  const started = performance.now();
  const ours = oursRun();
  const oursMs = performance.now() - started;
  const script = `import picomatch from ${JSON.stringify(context.entry('picomatch'))};
console.log(picomatch(${JSON.stringify(input.glob)}, ${options})(${JSON.stringify(input.text)}));`;
  const theirs = runWithDeadline(script, DEADLINE_MS);
  const theirsText = theirs.timedOut ? `still running after ${formatMs(theirs.ms)} (killed)` : `${theirs.output} in ${formatMs(theirs.ms)} (a fresh Node, start-up included)`;
  return `ReDoS input ${show(input.glob.slice(0, 24))}… on ${input.text.length} characters: ${matcher} ${ours} in ${formatMs(oursMs)}, picomatch ${theirsText}`;
}

/**
 * glob.test.ts's generated (glob, name) pairs: its alphabet, seed and LCG, in
 * exact 32-bit arithmetic and drawing on the high bits. The test multiplies in
 * doubles, where seed × 1103515245 passes 2^53 and the low bits are lost, and
 * takes `seed % n`, the LCG's short-period low bits: its 3,000 pairs hold only
 * 14 distinct globs, all of `a` and `b`. These hold 1,840.
 * @returns {[string, string][]}
 */
function generatedPairs() {
  const alphabet = ['a', 'b', '*', '?', '[ab]', '[!a]', '[a-b]', '_'];
  let seed = 42;
  const rand = (/** @type {number} */ n) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff), (seed >>> 16) % n);
  /** @type {[string, string][]} */
  const pairs = [];
  for (let i = 0; i < 3000; i++) {
    const glob = Array.from({ length: 1 + rand(6) }, () => alphabet[rand(alphabet.length)]).join('');
    const text = Array.from({ length: rand(7) }, () => 'ab_'[rand(3)]).join('');
    pairs.push([glob, text]);
  }
  return pairs;
}

/** 20,000 paths of a project: 40 packages × 10 folders × 50 files, a third of them .py. */
function watchedTree() {
  const paths = [];
  for (let p = 0; p < 40; p++) {
    for (let d = 0; d < 10; d++) {
      for (let f = 0; f < 50; f++) paths.push(`/srv/app/src/pkg${p}/mod${d}/file${f}.${['py', 'txt', 'json'][f % 3]}`);
    }
  }
  return paths;
}
