import { z } from 'zod';
import { expectedGot } from './messages.js';
import { fail, succeed, type Result } from './result.js';
import type { AutoRestart, LogTarget } from './types.js';

/**
 * Value parsers for single options. Each returns a Result with a message
 * saying what was expected and what was found; `fromParser` wraps one as a
 * zod schema so that zod tracks paths and these parsers own the wording.
 */
export function fromParser<T>(parse: (value: unknown) => Result<T>) {
  return z.unknown().transform((value, ctx): T => {
    const result = parse(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.message, input: value });
    return z.NEVER;
  });
}

export function parseBoolean(value: unknown): Result<boolean> {
  return typeof value === 'boolean' ? succeed(value) : fail(expectedGot('true or false', value));
}

export function integerParser(min: number, max = Number.MAX_SAFE_INTEGER): (value: unknown) => Result<number> {
  const expected = max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
  return (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? succeed(value)
      : fail(expectedGot(expected, value));
}

export function stringParser(expected: string): (value: unknown) => Result<string> {
  return (value) => (typeof value === 'string' && value.trim() !== '' ? succeed(value) : fail(expectedGot(expected, value)));
}

/** A single string or a list of strings, always returned as a list. */
export function stringListParser(expected: string): (value: unknown) => Result<string[]> {
  const one = stringParser(expected);
  return (value) => {
    if (!Array.isArray(value)) return one(value).ok ? succeed([value as string]) : fail(expectedGot(`${expected}, or a list of them`, value));
    for (const item of value) {
      const checked = one(item);
      if (!checked.ok) return checked;
    }
    return succeed(value as string[]);
  };
}

export function parseAutorestart(value: unknown): Result<AutoRestart> {
  if (typeof value === 'boolean') return succeed(value);
  if (typeof value === 'string' && value.toLowerCase() === 'unexpected') return succeed('unexpected');
  return fail(expectedGot('true, false or unexpected', value));
}

const exitCode = integerParser(0, 255);

export function parseExitcodes(value: unknown): Result<number[]> {
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    const checked = exitCode(item);
    if (!checked.ok) return fail(expectedGot('an exit code from 0 to 255, or a list of them', item));
  }
  return succeed(items as number[]);
}

const retries = integerParser(0);

export function parseStartretries(value: unknown): Result<number> {
  if (typeof value === 'string' && value.toLowerCase() === 'infinite') return succeed(Infinity);
  return retries(value).ok ? succeed(value as number) : fail(expectedGot('a whole number ≥ 0 or infinite', value));
}

// Linux signal names (signal(7)); realtime signals are not useful stop signals.
const SIGNALS = new Set([
  'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'IOT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM',
  'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH',
  'IO', 'POLL', 'PWR', 'SYS',
]);

/** `TERM`, `SIGTERM`, `term` → `TERM`. */
export function parseSignal(value: unknown): Result<string> {
  const expected = 'a signal name such as TERM, INT, QUIT, HUP, KILL, USR1 or USR2';
  if (typeof value !== 'string') return fail(expectedGot(expected, value));
  const name = value.trim().toUpperCase().replace(/^SIG/, '');
  return SIGNALS.has(name) ? succeed(name) : fail(expectedGot(expected, value));
}

/**
 * A umask is always octal, as in supervisord. The loader hands YAML numbers
 * over as their source text, because YAML 1.2 reads `022` as decimal 22.
 */
export function parseUmask(value: unknown): Result<number> {
  const expected = 'an octal umask such as 022 or 0o022';
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0o777) return succeed(value);
  if (typeof value !== 'string') return fail(expectedGot(expected, value));
  const match = /^(?:0o)?([0-7]{1,4})$/i.exec(value.trim());
  const mask = match === null ? NaN : parseInt(match[1]!, 8);
  return mask <= 0o777 ? succeed(mask) : fail(expectedGot(expected, value));
}

export function parseUser(value: unknown): Result<string> {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return succeed(String(value));
  if (typeof value === 'string' && value.trim() !== '') return succeed(value.trim());
  return fail(expectedGot('a user name or a numeric uid', value));
}

export function parseEnvironmentValue(value: unknown): Result<string> {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return succeed(String(value));
  return fail(expectedGot('a string, number or boolean', value));
}

/** A log target before paths are made absolute; `AUTO`/`NONE` are supervisord's spellings. */
export function parseLogTarget(value: unknown): Result<LogTarget> {
  if (typeof value !== 'string' || value.trim() === '') return fail(expectedGot('auto, none or a file path', value));
  const word = value.trim().toLowerCase();
  if (word === 'auto') return succeed({ kind: 'auto' });
  if (word === 'none') return succeed({ kind: 'none' });
  return succeed({ kind: 'file', path: value });
}
