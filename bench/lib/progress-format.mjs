/** How the progress lines on stderr print figures and a load's error codes. */

export const fmt = (/** @type {unknown} */ x, d = 0) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : 'n/a');
export const fmtCodes = (/** @type {Record<string, number> | undefined} */ codes) =>
  Object.entries(codes ?? {})
    .map(([k, v]) => `${k}×${v}`)
    .join(', ');

/** run.mjs's section lines: like fmt, with one decimal by default, and a missing figure printed as what it is. */
export const figure = (/** @type {unknown} */ x, d = 1) => (typeof x === 'number' ? x.toFixed(d) : String(x));
