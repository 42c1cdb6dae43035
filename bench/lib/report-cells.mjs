/**
 * How every report table prints a figure: summaries as cells, padded text tables, the carried-over line.
 *
 * @typedef {import('./results-types.mjs').Results} Results
 * @typedef {'median' | 'p90' | 'max' | 'min' | 'mean'} Field
 * @typedef {(metric: string, unit: string, better: 'lower' | 'higher', droverSamples: (number | null | undefined)[] | undefined, peerSamples: (number | null | undefined)[] | undefined,
 *   peerName: string, decimals: number, field?: Field, peerShort?: string) => void} AddRow  buildRows's row builder
 * @typedef {{ name: string, target: string, value: number | null, unit: string, decimals?: number, met: boolean | null }} Target  one of the issue's targets, checked
 */

export const num = (/** @type {number | null | undefined} */ x, /** @type {number} */ d) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));

/**
 * @param {import('./types.mjs').Summary | null | undefined} s
 * @param {number} d  decimals
 * @param {Field} [field]
 */
export function cell(s, d, field = 'median') {
  if (!s) return 'n/a';
  if (field !== 'median') return `${num(s[field], d)} (n=${s.n})`;
  return s.n === 1 ? `${num(s.median, d)} (n=1)` : `${num(s.median, d)} [${num(s.min, d)}–${num(s.max, d)}] (n=${s.n})`;
}

/**
 * One figure out of each run.
 * @template {object} R
 * @template {keyof R} K
 * @param {R[] | null | undefined} list
 * @param {K} key
 * @returns {R[K][]}
 */
export const pluck = (list, key) => (list ?? []).map((r) => r[key]);

export const carriedText = (/** @type {import('./results-types.mjs').CarriedOver} */ c) =>
  `not re-run here (\`--only\`), carried over from the ${c.mode ?? ''} run of ${c.date ?? 'an earlier date'}${c.gitCommit ? ` (commit ${c.gitCommit})` : ''}${c.command ? `, \`${c.command}\`` : ''}, supervisord ${c.supervisord ?? 'n/a'}${c.pm2 ? `, pm2 ${c.pm2}` : ''}: ${c.scenarios.join(', ')}`;

export const targetDecimals = (/** @type {{ decimals?: number, unit: string }} */ t) => t.decimals ?? (t.unit === '%' ? 3 : 1);

/**
 * @param {string[]} header
 * @param {(string | number)[][]} rows
 */
export function padTable(header, rows) {
  const cells = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...cells.map((c) => String(c[i]).length)));
  const line = (/** @type {(string | number)[]} */ c) =>
    c
      .map((x, i) => String(x).padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}
