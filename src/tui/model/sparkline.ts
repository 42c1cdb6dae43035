const BARS = '▁▂▃▄▅▆▇█';

/**
 * The last `width` values as bars, newest on the right. Scaled from 0 to
 * `ceiling` (or the largest value, when bigger): cpu uses 100 so one idle
 * process does not look busy, memory uses its own peak.
 */
export function sparkline(values: readonly number[], width: number, ceiling = 0): string {
  if (width <= 0 || values.length === 0) return '';
  const shown = values.slice(-width);
  const top = Math.max(ceiling, ...shown);
  if (top <= 0) return BARS[0]!.repeat(shown.length);
  let out = '';
  for (const value of shown) {
    const level = Math.round((Math.max(0, value) / top) * (BARS.length - 1));
    out += BARS[Math.min(BARS.length - 1, level)];
  }
  return out;
}
