/**
 * Memory figures as every client shows them (ctl status, the view): binary
 * units like top and ps, one decimal; the engine's resource-limit messages too.
 * Part of the contract: ctl and the view may import only api and client,
 * and they format the API's byte figures.
 */

const UNITS = ['K', 'M', 'G', 'T'];

/** `512B`, `12.3M`, `1.5G`; `-` when unknown. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '-';
  if (bytes < 1024) return `${Math.round(bytes)}B`;
  let value = bytes / 1024;
  let unit = 0;
  // 1023.96K would print as "1024.0K": move up a unit before rounding does that.
  while (value >= 1023.95 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)}${UNITS[unit]}`;
}

/**
 * `10000` → `10,000`, without Intl: the first toLocaleString() loads ICU's
 * number formatting, ~40 ms of a `drover ctl` run and 5 MB of a supervisor's RSS.
 */
export function withThousandsCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}
