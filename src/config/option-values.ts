import type { HookName } from './types.js';
import { z } from 'zod';
import { didYouMean } from '../text/did-you-mean.js';
import { expectedGot, missingOption, unknownOption } from './messages.js';
import { DURATION_TEXT_SHAPE, parseDuration } from './parse-duration.js';
import { parseSize } from './parse-size.js';
import { fail, succeed, type Result } from './result.js';
import type { AutoRestart, LogTarget } from './types.js';
import { closedMapping, oneOrList, orInterpolated, text, wordsShape, type JsonShape } from './value-shapes.js';

/**
 * Value parsers for single options. Each returns a Result with a message
 * saying what was expected and what was found; `fromParser` wraps one as a
 * zod schema so that zod tracks paths and these parsers own the wording.
 * `shape` says what the parser accepts in JSON Schema terms: the JSON Schema
 * for editors is generated from these (json-schema.ts), zod cannot see
 * inside a parser.
 */
export function fromParser<T>(parse: (value: unknown) => Result<T>, shape: JsonShape) {
  return z
    .unknown()
    .transform((value, ctx): T => {
      const result = parse(value);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message, input: value });
      return z.NEVER;
    })
    .meta(shape);
}

export const BOOLEAN_SHAPE = orInterpolated({ type: 'boolean' });

export function parseBoolean(value: unknown): Result<boolean> {
  return typeof value === 'boolean' ? succeed(value) : fail(expectedGot('true or false', value));
}

export function integerParser(min: number, max = Number.MAX_SAFE_INTEGER): (value: unknown) => Result<number> {
  const expected = max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
  return (value) => (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? succeed(value) : fail(expectedGot(expected, value)));
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

export const AUTORESTART_SHAPE = orInterpolated({ type: 'boolean' }, wordsShape(['unexpected']));

export function parseAutorestart(value: unknown): Result<AutoRestart> {
  if (typeof value === 'boolean') return succeed(value);
  if (typeof value === 'string' && value.toLowerCase() === 'unexpected') return succeed('unexpected');
  return fail(expectedGot('true, false or unexpected', value));
}

const exitCode = integerParser(0, 255);

const EXIT_CODE_SHAPE = orInterpolated({ type: 'integer', minimum: 0, maximum: 255 });
export const EXITCODES_SHAPE = oneOrList(EXIT_CODE_SHAPE);

export function parseExitcodes(value: unknown): Result<number[]> {
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    const checked = exitCode(item);
    if (!checked.ok) return fail(expectedGot('an exit code from 0 to 255, or a list of them', item));
  }
  return succeed(items as number[]);
}

const retries = integerParser(0);

export const STARTRETRIES_SHAPE = orInterpolated({ type: 'integer', minimum: 0 }, wordsShape(['infinite']));

export function parseStartretries(value: unknown): Result<number> {
  if (typeof value === 'string' && value.toLowerCase() === 'infinite') return succeed(Infinity);
  return retries(value).ok ? succeed(value as number) : fail(expectedGot('a whole number ≥ 0 or infinite', value));
}

/**
 * A umask is always octal, as in supervisord. The loader hands YAML numbers
 * over as their source text, because YAML 1.2 reads `022` as decimal 22.
 */
export const parseUmask = octalParser('an octal umask such as 022 or 0o022');

/**
 * What octalParser reads. The loader keeps a YAML number's source text, so
 * 0777 is read as octal digits while an editor reads 777: any number up to
 * 7777 may be fine, and the loader judges.
 */
export const OCTAL_MODE_SHAPE = orInterpolated({ type: 'integer', minimum: 0, maximum: 7777 }, { type: 'string', pattern: '^\\s*(?:0[oO])?[0-7]{1,4}\\s*$' });

/** A unix socket's file mode, octal like a umask: `0660`, `"0660"`, `0o660` and `660` all mean rw-rw----. */
export const parseFileMode = octalParser('an octal file mode such as 0660 or 0o600');

function octalParser(expected: string): (value: unknown) => Result<number> {
  return (value) => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0o777) return succeed(value);
    if (typeof value !== 'string') return fail(expectedGot(expected, value));
    const match = /^(?:0o)?([0-7]{1,4})$/i.exec(value.trim());
    const mode = match === null ? NaN : parseInt(match[1]!, 8);
    return mode <= 0o777 ? succeed(mode) : fail(expectedGot(expected, value));
  };
}

export const WORKERS_SHAPE = orInterpolated({ type: 'integer', minimum: 1 }, wordsShape(['auto']));

/** `workers:` — a count, or `auto` for one worker per available core (decided when the config is loaded). */
export function parseWorkers(value: unknown): Result<number | 'auto'> {
  if (typeof value === 'string' && value.trim().toLowerCase() === 'auto') return succeed('auto');
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return succeed(value);
  return fail(expectedGot('a whole number ≥ 1 or auto', value));
}

export const POSITIVE_DURATION_SHAPE = orInterpolated({ type: 'number', exclusiveMinimum: 0 }, DURATION_TEXT_SHAPE);

/** A duration that must not be zero, e.g. a heartbeat timeout. */
export function positiveDuration(value: unknown): Result<number> {
  const parsed = parseDuration(value);
  if (parsed.ok && parsed.value > 0) return parsed;
  return fail(expectedGot('a duration above 0 like 500ms, 30s or a number of seconds', value));
}

/** `max_memory:` — a size above 0, in bytes. */
export function parseMaxMemory(value: unknown): Result<number> {
  const parsed = parseSize(value);
  if (parsed.ok && parsed.value > 0) return parsed;
  return fail(expectedGot('a size above 0 like 512MB or 2GiB', value));
}

export const MAX_CPU_SHAPE = orInterpolated(
  { type: 'number', exclusiveMinimum: 0 },
  { type: 'string', pattern: '^\\s*(?:\\d+(?:\\.\\d+)?|\\.\\d+)\\s*%?\\s*$', examples: ['90%', '250%'] },
);

/** `max_cpu:` — percent of one core, as 90 or "90%"; above 100 means more than one core. */
export function parseMaxCpu(value: unknown): Result<number> {
  const text = typeof value === 'string' ? value.trim().replace(/\s*%$/, '') : undefined;
  const percent = typeof value === 'number' ? value : text !== undefined && /^(?:\d+(?:\.\d+)?|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (Number.isFinite(percent) && percent > 0) return succeed(percent);
  return fail(expectedGot('a percentage of one core above 0 like 90% or 250% (two and a half cores)', value));
}

/**
 * A problem inside a structured value (a list entry, a nested key), with its
 * path relative to the option, so it is reported where it was written.
 */
export interface NestedIssue {
  path: (string | number)[];
  message: string;
  at: 'key' | 'value';
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: NestedIssue[] };

/** Like fromParser, for parsers that report problems at nested positions. */
export function fromCheckedParser<T>(parse: (value: unknown) => Checked<T>, shape: JsonShape) {
  return z
    .unknown()
    .transform((value, ctx): T => {
      const result = parse(value);
      if (result.ok) return result.value;
      for (const problem of result.issues) {
        ctx.addIssue({ code: 'custom', message: problem.message, input: value, path: problem.path, params: { at: problem.at } });
      }
      return z.NEVER;
    })
    .meta(shape);
}

export function nestedIssue(path: (string | number)[], message: string, at: 'key' | 'value' = 'value'): NestedIssue {
  return { path, message, at };
}

const REGEXP_SHAPE = text('a regular expression (JavaScript syntax) matched against each line of output');

export const READY_WHEN_SHAPE = closedMapping({ log: REGEXP_SHAPE }, ['log']);

/** `ready_when: { log: REGEX }` → the RegExp source, checked to compile. */
export function parseReadyWhen(value: unknown): Checked<string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, issues: [nestedIssue([], expectedGot('a mapping such as { log: "Application startup complete" }', value))] };
  }
  const issues: NestedIssue[] = [];
  for (const key of Object.keys(value)) {
    if (key !== 'log') issues.push(nestedIssue([key], unknownOption(key, didYouMean(key, ['log'])), 'key'));
  }
  const log = (value as Record<string, unknown>).log;
  if (log === undefined) issues.push(nestedIssue(['log'], missingOption('a regular expression matched against each line of output')));
  else {
    const checked = parseRegExp(log);
    if (!checked.ok) issues.push(nestedIssue(['log'], checked.message));
  }
  return issues.length === 0 ? succeed(log as string) : { ok: false, issues };
}

export function parseRegExp(value: unknown): Result<string> {
  const expected = 'a regular expression matched against each line of output';
  if (typeof value !== 'string' || value === '') return fail(expectedGot(expected, value));
  try {
    new RegExp(value);
    return succeed(value);
  } catch (error) {
    return fail(`${expectedGot(expected, value)} (${(error as Error).message})`);
  }
}

export const USER_SHAPE: JsonShape = { anyOf: [text('a user name'), { type: 'integer', minimum: 0, description: 'a numeric uid' }] };

export function parseUser(value: unknown): Result<string> {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return succeed(String(value));
  if (typeof value === 'string' && value.trim() !== '') return succeed(value.trim());
  return fail(expectedGot('a user name or a numeric uid', value));
}

export const ENVIRONMENT_VALUE_SHAPE: JsonShape = { type: ['string', 'number', 'boolean'] };

export function parseEnvironmentValue(value: unknown): Result<string> {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return succeed(String(value));
  return fail(expectedGot('a string, number or boolean', value));
}

export const LOG_TARGET_SHAPE: JsonShape = {
  anyOf: [
    {
      enum: ['auto', 'none', 'console'],
      description: "auto: a file under supervisor.logdir named after the process; none: discarded; console: drover's own output, each line after the process name",
    },
    text('a file path, relative to the config folder; may hold templates such as %(program_name)s and %(process_num)d'),
  ],
};

/** A log target before paths are made absolute; `AUTO`/`NONE` are supervisord's spellings, and `CONSOLE` is accepted alike. */
export function parseLogTarget(value: unknown): Result<LogTarget> {
  if (typeof value !== 'string' || value.trim() === '') return fail(expectedGot('auto, none, console or a file path', value));
  const word = value.trim().toLowerCase();
  if (word === 'auto') return succeed({ kind: 'auto' });
  if (word === 'none') return succeed({ kind: 'none' });
  if (word === 'console') return succeed({ kind: 'console' });
  return succeed({ kind: 'file', path: value });
}

/** gunicorn's server hooks, at the same moments (SPEC section 3). */
export const HOOK_NAMES: readonly HookName[] = ['on_starting', 'when_ready', 'pre_fork', 'post_fork', 'worker_exit', 'nworkers_changed', 'on_reload', 'on_exit'];

export const HOOKS_SHAPE = closedMapping(Object.fromEntries(HOOK_NAMES.map((name) => [name, text('a shell command')])));

/** `hooks: { when_ready: "curl …", … }` → each a shell command (non-empty string). */
export function parseHooks(value: unknown): Checked<Partial<Record<HookName, string>>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, issues: [nestedIssue([], expectedGot('a mapping of hook names to shell commands, such as { when_ready: "./notify.sh" }', value))] };
  }
  const issues: NestedIssue[] = [];
  const hooks: Partial<Record<HookName, string>> = {};
  for (const [key, command] of Object.entries(value)) {
    if (!(HOOK_NAMES as readonly string[]).includes(key)) {
      issues.push(nestedIssue([key], unknownOption(key, didYouMean(key, HOOK_NAMES)), 'key'));
    } else if (typeof command !== 'string' || command.trim() === '') {
      issues.push(nestedIssue([key], expectedGot('a shell command', command)));
    } else hooks[key as HookName] = command;
  }
  return issues.length === 0 ? succeed(hooks) : { ok: false, issues };
}
