import type { CronSchedule } from '../config/runtime.js';

const MINUTE_MS = 60_000;

/**
 * The search gives up after this many years. parseCron rejects day/month
 * combinations that never occur, but a rare one can still be decades apart:
 * 29 February with a day-of-week step over `*` that picks only weekends
 * (both must match) waits for a leap day on a weekend. Even a schedule that
 * never fires costs at most one step per day of the span, about 36,500.
 */
const MAX_YEARS = 100;

/**
 * The first whole minute strictly after `after` that the schedule matches, in
 * local time. Rather than test every minute, it jumps to the next matching
 * month, day, hour and minute in turn, so a yearly schedule costs a few dozen
 * steps.
 */
export function nextCronTime(schedule: CronSchedule, after: Date): Date {
  const minutes = new Set(schedule.minutes);
  const hours = new Set(schedule.hours);
  const months = new Set(schedule.months);
  let time = new Date(Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  const limit = new Date(time.getFullYear() + MAX_YEARS, time.getMonth(), time.getDate()).getTime();
  // Jumps are built from local fields; across a DST change such a date can
  // land at or before the current one, so never step backwards.
  const jump = (to: Date) => {
    time = to.getTime() > time.getTime() ? to : new Date(time.getTime() + MINUTE_MS);
  };
  while (time.getTime() < limit) {
    const year = time.getFullYear();
    const month = time.getMonth();
    const day = time.getDate();
    const hour = time.getHours();
    if (!months.has(month + 1)) jump(new Date(year, month + 1, 1, 0, 0));
    else if (!dayMatches(schedule, time)) jump(new Date(year, month, day + 1, 0, 0));
    else if (!hours.has(hour)) jump(new Date(year, month, day, hour + 1, 0));
    else if (!minutes.has(time.getMinutes())) {
      const next = schedule.minutes.find((minute) => minute > time.getMinutes());
      jump(next === undefined ? new Date(year, month, day, hour + 1, 0) : new Date(year, month, day, hour, next));
    } else return time;
  }
  throw new Error(`cron schedule "${schedule.expression}" does not fire within ${MAX_YEARS} years of ${after.toISOString()}`);
}

/**
 * Cron's day rule: two restricted day fields fire on either. Otherwise both
 * must match, which leaves the restricted one in charge: an unrestricted
 * field is `*` or a step over `*` (every other day, say), and a plain `*`
 * matches every day.
 */
function dayMatches(schedule: CronSchedule, time: Date): boolean {
  const byMonthDay = schedule.daysOfMonth.includes(time.getDate());
  const byWeekDay = schedule.daysOfWeek.includes(time.getDay());
  if (schedule.dayOfMonthRestricted && schedule.dayOfWeekRestricted) return byMonthDay || byWeekDay;
  return byMonthDay && byWeekDay;
}
