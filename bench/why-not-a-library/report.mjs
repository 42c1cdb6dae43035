/**
 * Writes docs/why-not-a-library.md from the comparisons: one table row per
 * piece and library, then each row's examples and measurements.
 */
import { formatBytes, formatMs } from './timing.mjs';

/** @typedef {import('./comparison.mjs').Comparison} Comparison */
/** @typedef {import('./install.mjs').Installed} Installed */

/**
 * @typedef {object} ReportInput
 * @property {Comparison[]} comparisons
 * @property {Map<string, Installed>} installed
 * @property {Map<string, number>} loads       module → median ms of import() in a fresh Node
 * @property {string} node
 * @property {Map<string, number>} sourceLines our file → lines
 */

/** @param {ReportInput} input */
export function renderReport({ comparisons, installed, loads, node, sourceLines }) {
  const floor = loads.get('(empty module)') ?? 0;
  /** @param {string} name */
  const load = (name) => {
    const ms = loads.get(name);
    if (ms === undefined) return '?';
    return ms - floor < 1 ? '< 1 ms' : formatMs(ms - floor);
  };
  const rows = comparisons.map((c) => {
    const lib = installed.get(c.library);
    const version = lib === undefined ? '?' : `${lib.version}, ${lib.published}`;
    const ours = c.files.map((file) => `${file.replace(/^src\//, '')} ${sourceLines.get(file) ?? '?'} lines`).join(' + ');
    const oursLoad = c.oursModule === undefined ? '' : `; ours loads in ${load(`dist/${c.oursModule}`)}`;
    const cost = lib === undefined ? '?' : `${lib.packages} package${lib.packages === 1 ? '' : 's'}, ${formatBytes(lib.bytes)}, loads in ${load(c.library)}${oursLoad}`;
    return `| ${c.piece} (${ours}) | ${c.library} (${version}) | ${c.disagreements} of ${c.cases} | ${cost} | ${escapeCell(c.verdict)} |`;
  });
  const details = comparisons.flatMap((c) => [
    `### ${c.piece}: ${c.library}`,
    '',
    ...(c.examples.length === 0 ? ['No disagreement on our cases.'] : c.examples.map((example) => `- ${example}`)),
    ...(c.measurements.length === 0 ? [] : ['', ...c.measurements.map((line) => `- ${line}`)]),
    '',
  ]);
  return [
    '# Why not a library',
    '',
    '<!-- Written by bench/why-not-a-library/compare.mjs; edit that script, not this file. -->',
    '',
    'drover keeps its runtime dependencies to ink, react, chokidar, yaml and zod, and adds one only',
    'when a well-kept library does the job better than our own code. pidusage was weighed that way and',
    'set aside: one /proc scan gives the whole-tree figures it would need a call per process for. This',
    "page does the same for every other hand-written piece a library also does: the project's own test",
    "inputs (the `it.each` tables of the piece's tests, read from the test files) go through ours and",
    'through the library, and every difference counts.',
    '',
    `Regenerate with \`node bench/why-not-a-library/compare.mjs\` (needs the npm registry; it installs the`,
    `libraries into temporary folders, never into the project). Last run on Node ${node}.`,
    '',
    '| piece (our files) | library (version, published) | disagreements on our cases | cost of the library | verdict |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    'Cost: packages and bytes of a fresh `npm install --omit=dev` of the library alone. Load time: the',
    `median of 11 \`await import()\` in a fresh Node, taken in turns across all modules, less an empty`,
    `module's (${formatMs(floor)}); on a busy two-core machine, so read differences under ~10 ms as noise.`,
    '',
    '## Examples and measurements',
    '',
    ...details,
  ].join('\n');
}

/** @param {string} text */
function escapeCell(text) {
  return text.replaceAll('|', '\\|');
}
