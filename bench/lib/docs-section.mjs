import { readFileSync, writeFileSync } from 'node:fs';

/**
 * docs/benchmarks.md carries the latest results between these two lines, written
 * by the bench run and never by hand, so the figures people read are the ones a
 * run measured. The prose around them is hand-written and left alone.
 */
export const BEGIN = '<!-- bench results: written by `npm run bench`, not by hand -->';
export const END = '<!-- end of bench results -->';

/**
 * Replaces the section between the markers with the run's Markdown report, its
 * headings two levels down, under the page's "Latest results".
 * @param {string} docPath
 * @param {string} markdown the report, as RESULTS.md holds it
 */
export function writeDocsSection(docPath, markdown) {
  const doc = readFileSync(docPath, 'utf8');
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${docPath}: the results markers are missing (${BEGIN} … ${END})`);
  const body = markdown.trim().replace(/^(#+) /gm, '##$1 ');
  writeFileSync(docPath, `${doc.slice(0, begin)}${BEGIN}\n\n${body}\n\n${doc.slice(end)}`);
}
