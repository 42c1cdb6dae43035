import { didYouMean } from '../text/did-you-mean.js';
import { expectedGot } from './messages.js';
import { fail, succeed, type Result } from './result.js';
import type { CronSchedule } from './types.js';
import { anyCase, orInterpolated } from './value-shapes.js';

/**
 * Reads a five-field cron expression (minute hour day-of-month month
 * day-of-week) the way Vixie cron and cronie read it, so a line copied from a
 * crontab means the same thing here. Times are local; nextCronTime in the
 * engine does the arithmetic.
 */

interface Field {
  name: string;
  min: number;
  max: number;
  /** Names accepted instead of numbers (jan → 1, sun → 0), lower case. */
  names?: Record<string, number>;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const MINUTE: Field = { name: 'minute', min: 0, max: 59 };
const HOUR: Field = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: Field = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: Field = { name: 'month', min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) };
// 7 is Sunday too, as in every cron since Vixie; it is folded into 0 below.
const DAY_OF_WEEK: Field = { name: 'day-of-week', min: 0, max: 7, names: Object.fromEntries(DAY_NAMES.map((n, i) => [n, i])) };

const FIELDS_EXPECTED = '5 fields (minute hour day-of-month month day-of-week)';

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** What parseCron reads, for editors: five fields, or one of MACROS. */
export const CRON_SHAPE = orInterpolated({
  type: 'string',
  pattern: `^\\s*(?:${anyCase(Object.keys(MACROS))}|\\S+(?:\\s+\\S+){4})\\s*$`,
});

/** The most days each month can have; February counts its leap day, which does occur. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_LABELS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function parseCron(value: unknown): Result<CronSchedule> {
  if (typeof value !== 'string' || value.trim() === '') return fail(expectedGot('a cron expression such as "0 4 * * *" or @daily', value));
  const expression = value.trim();
  const fields = expandMacro(expression);
  if (!fields.ok) return fields;
  const parts = fields.value.split(/\s+/);
  if (parts.length !== 5) return fail(`expected ${FIELDS_EXPECTED}, got ${parts.length}`);
  const [minuteText, hourText, domText, monthText, dowText] = parts as [string, string, string, string, string];
  const minutes = parseField(minuteText, MINUTE);
  if (!minutes.ok) return minutes;
  const hours = parseField(hourText, HOUR);
  if (!hours.ok) return hours;
  const daysOfMonth = parseField(domText, DAY_OF_MONTH);
  if (!daysOfMonth.ok) return daysOfMonth;
  const months = parseField(monthText, MONTH);
  if (!months.ok) return months;
  const daysOfWeek = parseField(dowText, DAY_OF_WEEK);
  if (!daysOfWeek.ok) return daysOfWeek;
  // Vixie cron's rule: a day field starting with * (even */2) leaves the
  // other day field in charge; only two restricted fields combine with OR.
  const schedule: CronSchedule = {
    expression,
    minutes: minutes.value,
    hours: hours.value,
    daysOfMonth: daysOfMonth.value,
    months: months.value,
    daysOfWeek: unique(daysOfWeek.value.map((day) => day % 7)),
    dayOfMonthRestricted: !domText.startsWith('*'),
    dayOfWeekRestricted: !dowText.startsWith('*'),
  };
  const never = neverFires(schedule, domText);
  return never === undefined ? succeed(schedule) : fail(never);
}

function expandMacro(expression: string): Result<string> {
  if (!expression.startsWith('@')) return succeed(expression);
  const macro = MACROS[expression.toLowerCase()];
  if (macro !== undefined) return succeed(macro);
  const names = Object.keys(MACROS);
  const guess = didYouMean(expression.toLowerCase(), names);
  const hint = guess === undefined ? '' : `; did you mean "${guess}"?`;
  return fail(`expected ${FIELDS_EXPECTED} or one of ${names.join(', ')}, got ${JSON.stringify(expression)}${hint}`);
}

// One list item: `*`, `a`, `a-b`, each optionally followed by `/step`.
const ITEM = /^(\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:\/(\d+))?$/i;

/** A field's sorted, unique values. */
function parseField(text: string, field: Field): Result<number[]> {
  const values: number[] = [];
  for (const item of text.split(',')) {
    const match = ITEM.exec(item);
    if (match === null || (match[1] === '*' && match[2] !== undefined)) return fail(badSyntax(text, field));
    const [, startText, endText, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step === 0) return fail(`the ${field.name} field ${JSON.stringify(text)} has a step of 0: expected a step of 1 or more`);
    let start = field.min;
    let end = field.max;
    if (startText !== '*') {
      const first = readNumber(startText!, text, field);
      if (!first.ok) return first;
      start = first.value;
      // `a/n` runs from a to the end of the range, as in cronie.
      end = stepText === undefined ? start : field.max;
      if (endText !== undefined) {
        const last = readNumber(endText, text, field);
        if (!last.ok) return last;
        end = last.value;
      }
    }
    if (start > end) return fail(`the ${field.name} field ${JSON.stringify(text)} has the range ${start}-${end}, which runs backwards: expected a-b with a ≤ b`);
    for (let v = start; v <= end; v += step) values.push(v);
  }
  return succeed(unique(values));
}

function readNumber(token: string, text: string, field: Field): Result<number> {
  const named = field.names?.[token.toLowerCase()];
  if (named !== undefined) return succeed(named);
  if (!/^\d+$/.test(token)) {
    if (field.names === undefined) return fail(badSyntax(text, field));
    const guess = didYouMean(token.toLowerCase(), Object.keys(field.names));
    const hint = guess === undefined ? '' : `; did you mean "${guess}"?`;
    const example = field === MONTH ? 'jan-dec' : 'sun-sat';
    return fail(`the ${field.name} field ${JSON.stringify(text)} has ${JSON.stringify(token)}: expected a number from ${field.min} to ${field.max} or a name ${example}${hint}`);
  }
  const value = Number(token);
  if (value >= field.min && value <= field.max) return succeed(value);
  const range = `${field.min}-${field.max}`;
  return fail(
    token === text
      ? `the ${field.name} field ${JSON.stringify(text)} is out of range ${range}`
      : `the ${field.name} field ${JSON.stringify(text)} has ${token}, out of range ${range}`,
  );
}

function badSyntax(text: string, field: Field): string {
  const names = field.names === undefined ? '' : field === MONTH ? ' (or names jan-dec)' : ' (or names sun-sat)';
  return `the ${field.name} field ${JSON.stringify(text)} is not valid: expected *, a number${names}, a range a-b, a list a,b or a step */n or a-b/n`;
}

/**
 * A day-of-month that no chosen month has (`0 0 30 2 *`) would never fire;
 * saying so here keeps the engine from searching the calendar for it. With a
 * restricted day-of-week the weekdays fire anyway (cron's OR rule).
 */
function neverFires(schedule: CronSchedule, domText: string): string | undefined {
  if (!schedule.dayOfMonthRestricted || schedule.dayOfWeekRestricted) return undefined;
  const firstDay = schedule.daysOfMonth[0]!;
  if (schedule.months.some((month) => firstDay <= MONTH_DAYS[month - 1]!)) return undefined;
  const months = schedule.months.map((month) => MONTH_LABELS[month - 1]!);
  const monthList = months.length === 1 ? months[0]! : `${months.slice(0, -1).join(', ')} or ${months.at(-1)!}`;
  return schedule.daysOfMonth.length === 1 ? `day ${firstDay} never occurs in ${monthList}` : `days ${domText} never occur in ${monthList}`;
}

function unique(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
