/** How the progress lines on stderr print figures and a load's error codes. */

export const fmt = (x, d = 0) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : 'n/a');
export const fmtCodes = (codes) => Object.entries(codes ?? {}).map(([k, v]) => `${k}×${v}`).join(', ');

/** run.mjs's section lines: like fmt, with one decimal by default, and a missing figure printed as what it is. */
export const figure = (x, d = 1) => (typeof x === 'number' ? x.toFixed(d) : String(x));
