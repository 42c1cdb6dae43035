/** Summaries of repeated measurements. */
export function summarize(samples) {
  const xs = samples.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  const median = n % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  const p90 = xs[Math.min(n - 1, Math.ceil(0.9 * n) - 1)];
  return { n, median, min: xs[0], max: xs[n - 1], p90, mean: xs.reduce((a, b) => a + b, 0) / n };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
