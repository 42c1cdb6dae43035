import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCron } from '../../src/config/parse-cron.js';
import type { CronSchedule } from '../../src/config/types.js';
import { nextCronTime } from '../../src/engine/cron-time.js';

function schedule(expression: string): CronSchedule {
  const result = parseCron(expression);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** Local-time fields of a date, so failures read as wall-clock times. */
function local(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function next(expression: string, after: Date): string {
  return local(nextCronTime(schedule(expression), after));
}

describe('nextCronTime', () => {
  it.each<[string, Date, string]>([
    // Strictly after: a matching minute itself is not the answer.
    ['* * * * *', new Date(2026, 0, 31, 23, 59), '2026-02-01 00:00:00'],
    ['* * * * *', new Date(2026, 0, 31, 23, 58, 30, 500), '2026-01-31 23:59:00'],
    ['0 * * * *', new Date(2026, 0, 31, 23, 0), '2026-02-01 00:00:00'],
    ['@hourly', new Date(2026, 4, 10, 7, 15), '2026-05-10 08:00:00'],
    ['*/15 * * * *', new Date(2026, 4, 10, 7, 15), '2026-05-10 07:30:00'],
    ['*/15 * * * *', new Date(2026, 4, 10, 7, 50), '2026-05-10 08:00:00'],
    ['5-10/5 9-17/4 * * *', new Date(2026, 4, 10, 9, 10), '2026-05-10 13:05:00'],
    ['0 4 * * *', new Date(2026, 4, 10, 4, 0, 1), '2026-05-11 04:00:00'],
    ['0 4 * * *', new Date(2026, 4, 10, 3, 59, 59), '2026-05-10 04:00:00'],
    // Across the end of a month, of a short month and of a year.
    ['30 2 * * *', new Date(2026, 1, 28, 3, 0), '2026-03-01 02:30:00'],
    ['@daily', new Date(2026, 11, 31, 12, 0), '2027-01-01 00:00:00'],
    ['@yearly', new Date(2026, 0, 1, 0, 0), '2027-01-01 00:00:00'],
    ['@monthly', new Date(2026, 0, 31, 23, 59), '2026-02-01 00:00:00'],
    ['0 0 31 * *', new Date(2026, 1, 1), '2026-03-31 00:00:00'],
    ['0 12 * jun,dec *', new Date(2026, 6, 4), '2026-12-01 12:00:00'],
    // The leap day comes every four years (and not in 2100).
    ['0 0 29 2 *', new Date(2026, 0, 1), '2028-02-29 00:00:00'],
    ['0 0 29 2 *', new Date(2096, 2, 1), '2104-02-29 00:00:00'],
    // 2026-05-10 is a Sunday.
    ['0 9 * * mon-fri', new Date(2026, 4, 8, 9, 0), '2026-05-11 09:00:00'],
    ['0 9 * * 7', new Date(2026, 4, 8, 9, 0), '2026-05-10 09:00:00'],
    ['@weekly', new Date(2026, 4, 10, 0, 0), '2026-05-17 00:00:00'],
    // Both day fields restricted: the 13th or any Friday, whichever comes first.
    ['0 0 13 * fri', new Date(2026, 4, 1, 12, 0), '2026-05-08 00:00:00'],
    ['0 0 13 * fri', new Date(2026, 4, 8, 12, 0), '2026-05-13 00:00:00'],
    ['0 0 30 2 mon', new Date(2026, 1, 10), '2026-02-16 00:00:00'],
    // One restricted, one a * step: both must match (odd days that are Mondays).
    ['0 0 */2 * mon', new Date(2026, 4, 1), '2026-05-11 00:00:00'],
  ])('%s after %s is %s', (expression, after, expected) => {
    expect(next(expression, after)).toBe(expected);
  });

  it('finds a rare schedule in few steps', () => {
    const started = performance.now();
    for (let year = 2026; year < 2126; year++) nextCronTime(schedule('59 23 31 12 *'), new Date(year, 0, 1));
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('gives up with an error on a schedule built by hand that never fires', () => {
    const never: CronSchedule = { ...schedule('0 0 30 2 1'), dayOfWeekRestricted: false };
    expect(() => nextCronTime(never, new Date(2026, 0, 1))).toThrow(/cron schedule "0 0 30 2 1" does not fire within 100 years/);
  });
});

describe('nextCronTime across daylight-saving changes', () => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/New_York';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('skips a time that does not exist on the day clocks go forward', () => {
    // 2026-03-08: 02:00 EST becomes 03:00 EDT.
    expect(next('30 2 * * *', new Date(2026, 2, 8, 1, 0))).toBe('2026-03-09 02:30:00');
    expect(next('0 * * * *', new Date(2026, 2, 8, 1, 30))).toBe('2026-03-08 03:00:00');
  });

  it('fires once in the hour that repeats on the day clocks go back, and never goes backwards', () => {
    // 2026-11-01: 02:00 EDT becomes 01:00 EST.
    const first = nextCronTime(schedule('30 1 * * *'), new Date(2026, 10, 1, 0, 0));
    expect(first.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(local(nextCronTime(schedule('30 1 * * *'), first))).toBe('2026-11-02 01:30:00');
    // From inside the repeated hour (01:45 EST), 01:50 EST is next, not 01:50 EDT before it.
    const inRepeat = new Date(Date.UTC(2026, 10, 1, 6, 45));
    expect(nextCronTime(schedule('50 1 * * *'), inRepeat).toISOString()).toBe('2026-11-01T06:50:00.000Z');
  });
});
