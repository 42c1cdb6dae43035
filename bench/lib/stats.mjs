/**
 * Summaries of repeated measurements.
 * @param {readonly (number | null | undefined)[]} samples  non-numbers and NaN are left out
 * @returns {import('./types.mjs').Summary | null}
 */
export function summarize(samples) {
  const xs = /** @type {number[]} */ (samples.filter((x) => typeof x === 'number' && Number.isFinite(x))).sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  const at = (/** @type {number} */ i) => /** @type {number} */ (xs[i]);
  const median = n % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  const p90 = at(Math.min(n - 1, Math.ceil(0.9 * n) - 1));
  return { n, median, min: at(0), max: at(n - 1), p90, mean: xs.reduce((a, b) => a + b, 0) / n };
}

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
