/** `--since`'s units: what journalctl and docker take, in milliseconds. */
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `ctl tail --since`: a duration back from `now` (`30s`, `10m`, `2h`, `1d`)
 * or an ISO time (`2026-12-06T09:30`, `2026-12-06T09:30:00Z`), as ms since
 * the epoch; null when the value is neither.
 */
export function parseSince(value: string, now: number): number | null {
  const duration = /^(\d+)([smhd])$/.exec(value);
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2]!]!;
  // Only ISO dates: Date.parse also reads loose forms ("1", "May 5") that are more likely a mistake.
  if (!/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/.test(value)) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}
