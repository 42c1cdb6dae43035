/** How every report table prints a figure: summaries as cells, padded text tables, the carried-over line. */

export const num = (x, d) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));

export function cell(s, d, field = 'median') {
  if (!s) return 'n/a';
  if (field !== 'median') return `${num(s[field], d)} (n=${s.n})`;
  return s.n === 1 ? `${num(s.median, d)} (n=1)` : `${num(s.median, d)} [${num(s.min, d)}–${num(s.max, d)}] (n=${s.n})`;
}

export const pluck = (list, key) => (list ?? []).map((r) => r[key]);

export const carriedText = (c) =>
  `not re-run here (\`--only\`), carried over from the ${c.mode ?? ''} run of ${c.date ?? 'an earlier date'}${c.gitCommit ? ` (commit ${c.gitCommit})` : ''}${c.command ? `, \`${c.command}\`` : ''}, supervisord ${c.supervisord ?? 'n/a'}${c.pm2 ? `, pm2 ${c.pm2}` : ''}: ${c.scenarios.join(', ')}`;

export const targetDecimals = (t) => t.decimals ?? (t.unit === '%' ? 3 : 1);

export function padTable(header, rows) {
  const cells = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((x, i) => String(x).padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}
