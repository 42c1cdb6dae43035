import { describe, expect, it } from 'vitest';
import { parseCron } from '../../src/config/parse-cron.js';
import type { CronSchedule } from '../../src/config/types.js';

const range = (from: number, to: number, step = 1) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
const ALL = { minutes: range(0, 59), hours: range(0, 23), daysOfMonth: range(1, 31), months: range(1, 12), daysOfWeek: range(0, 6) };

function fields(expression: string): Omit<CronSchedule, 'expression'> {
  const result = parseCron(expression);
  if (!result.ok) throw new Error(result.message);
  const { expression: _, ...rest } = result.value;
  return rest;
}

describe('parseCron', () => {
  it('reads every field of * * * * * as all values, no day field restricted', () => {
    expect(fields('* * * * *')).toEqual({ ...ALL, dayOfMonthRestricted: false, dayOfWeekRestricted: false });
  });

  it('keeps the expression as written, trimmed', () => {
    const result = parseCron('  30 4 * * 1  ');
    expect(result.ok && result.value.expression).toBe('30 4 * * 1');
  });

  it.each<[string, Partial<CronSchedule>]>([
    ['0 4 * * *', { minutes: [0], hours: [4] }],
    ['5,0,30,5 * * * *', { minutes: [0, 5, 30] }],
    ['10-13 * * * *', { minutes: [10, 11, 12, 13] }],
    ['*/15 * * * *', { minutes: [0, 15, 30, 45] }],
    ['0 9-17/4 * * *', { minutes: [0], hours: [9, 13, 17] }],
    ['50/5 * * * *', { minutes: [50, 55] }],
    ['0 0 1,15 * *', { minutes: [0], hours: [0], daysOfMonth: [1, 15], dayOfMonthRestricted: true }],
    ['0 0 * jan,JUL-Sep *', { minutes: [0], hours: [0], months: [1, 7, 8, 9] }],
    ['0 0 * * mon-fri', { minutes: [0], hours: [0], daysOfWeek: [1, 2, 3, 4, 5], dayOfWeekRestricted: true }],
    ['0 0 * * 7', { minutes: [0], hours: [0], daysOfWeek: [0], dayOfWeekRestricted: true }],
    ['0 0 * * 5-7', { minutes: [0], hours: [0], daysOfWeek: [0, 5, 6], dayOfWeekRestricted: true }],
    ['0 0 * * SUN,sat', { minutes: [0], hours: [0], daysOfWeek: [0, 6], dayOfWeekRestricted: true }],
    // Vixie cron: a day field starting with * does not trigger the OR rule.
    ['0 0 */2 * 1', { minutes: [0], hours: [0], daysOfMonth: range(1, 31, 2), daysOfWeek: [1], dayOfWeekRestricted: true }],
    ['0 0 13 * fri', { minutes: [0], hours: [0], daysOfMonth: [13], daysOfWeek: [5], dayOfMonthRestricted: true, dayOfWeekRestricted: true }],
    ['0 0 29 2 *', { minutes: [0], hours: [0], daysOfMonth: [29], months: [2], dayOfMonthRestricted: true }],
    // With a weekday too, the 30th never comes but Mondays in February do.
    ['0 0 30 2 1', { minutes: [0], hours: [0], daysOfMonth: [30], months: [2], daysOfWeek: [1], dayOfMonthRestricted: true, dayOfWeekRestricted: true }],
  ])('reads %s', (expression, expected) => {
    expect(fields(expression)).toEqual({ ...ALL, dayOfMonthRestricted: false, dayOfWeekRestricted: false, ...expected });
  });

  it.each<[string, string]>([
    ['@yearly', '0 0 1 1 *'],
    ['@annually', '0 0 1 1 *'],
    ['@monthly', '0 0 1 * *'],
    ['@weekly', '0 0 * * 0'],
    ['@daily', '0 0 * * *'],
    ['@midnight', '0 0 * * *'],
    ['@HOURLY', '0 * * * *'],
  ])('reads the macro %s as %s', (macro, expression) => {
    expect(fields(macro)).toEqual(fields(expression));
  });

  it.each<[unknown, string]>([
    ['', 'expected a cron expression such as "0 4 * * *" or @daily, got ""'],
    [5, 'expected a cron expression such as "0 4 * * *" or @daily, got 5'],
    ['* * * * * *', 'expected 5 fields (minute hour day-of-month month day-of-week), got 6'],
    ['0 4 * *', 'expected 5 fields (minute hour day-of-month month day-of-week), got 4'],
    [
      '@daly',
      'expected 5 fields (minute hour day-of-month month day-of-week) or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, got "@daly"; did you mean "@daily"?',
    ],
    ['@reboot', 'expected 5 fields (minute hour day-of-month month day-of-week) or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, got "@reboot"'],
    ['61 * * * *', 'the minute field "61" is out of range 0-59'],
    ['0,61 * * * *', 'the minute field "0,61" has 61, out of range 0-59'],
    ['0 24 * * *', 'the hour field "24" is out of range 0-23'],
    ['0 0 0 * *', 'the day-of-month field "0" is out of range 1-31'],
    ['0 0 * 13 *', 'the month field "13" is out of range 1-12'],
    ['0 0 * * 8', 'the day-of-week field "8" is out of range 0-7'],
    ['*/0 * * * *', 'the minute field "*/0" has a step of 0: expected a step of 1 or more'],
    ['0 17-9 * * *', 'the hour field "17-9" has the range 17-9, which runs backwards: expected a-b with a ≤ b'],
    ['0 0 * * mon-frii', 'the day-of-week field "mon-frii" has "frii": expected a number from 0 to 7 or a name sun-sat; did you mean "fri"?'],
    ['0 0 * janu *', 'the month field "janu" has "janu": expected a number from 1 to 12 or a name jan-dec; did you mean "jan"?'],
    ['x * * * *', 'the minute field "x" is not valid: expected *, a number, a range a-b, a list a,b or a step */n or a-b/n'],
    ['1, * * * *', 'the minute field "1," is not valid: expected *, a number, a range a-b, a list a,b or a step */n or a-b/n'],
    ['*-5 * * * *', 'the minute field "*-5" is not valid: expected *, a number, a range a-b, a list a,b or a step */n or a-b/n'],
    ['0 0 * jan- *', 'the month field "jan-" is not valid: expected *, a number (or names jan-dec), a range a-b, a list a,b or a step */n or a-b/n'],
    ['0 0 30 2 *', 'day 30 never occurs in February'],
    ['0 0 31 4,6,sep,11 *', 'day 31 never occurs in April, June, September or November'],
    ['0 0 30,31 feb *', 'days 30,31 never occur in February'],
  ])('rejects %j', (expression, message) => {
    expect(parseCron(expression)).toEqual({ ok: false, message });
  });
});
