// Turns the rows the reliability tests recorded (see profile.ts) into the
// table in docs/reliability.md, and puts it between that file's markers.

export const START = '<!-- reliability-table:start (written by npm run reliability) -->';
export const END = '<!-- reliability-table:end -->';

/** Row order: faults, load, bad input, nothing lost, security; by id within each. */
const ORDER = ['faults-', 'load-', 'input-', 'lost-', 'security-'];

function rank(id) {
  const index = ORDER.findIndex((prefix) => id.startsWith(prefix));
  return index === -1 ? ORDER.length : index;
}

const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');

export function renderTable(rows, heading) {
  const sorted = [...rows].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
  const lines = [
    heading,
    '',
    '| scenario | injected or tried | outcome | lost | supervisor crashes |',
    '|---|---|---|---|---|',
    ...sorted.map((row) => `| ${[row.scenario, row.injected, row.outcome, row.lost, row.crashes].map(cell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

export function replaceSection(readme, table) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`docs/reliability.md has no reliability table markers (${START} … ${END})`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}
