import { constants } from 'node:os';
import { expectedGot, uncatchableReloadSignal } from './messages.js';
import { fail, succeed, type Result } from './result.js';
import { anyCase, orInterpolated } from './value-shapes.js';

// Linux signal names (signal(7)); realtime signals are not useful stop or reload signals.
const SIGNALS = new Set([
  'HUP',
  'INT',
  'QUIT',
  'ILL',
  'TRAP',
  'ABRT',
  'IOT',
  'BUS',
  'FPE',
  'KILL',
  'USR1',
  'SEGV',
  'USR2',
  'PIPE',
  'ALRM',
  'TERM',
  'STKFLT',
  'CHLD',
  'CONT',
  'STOP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'XCPU',
  'XFSZ',
  'VTALRM',
  'PROF',
  'WINCH',
  'IO',
  'POLL',
  'PWR',
  'SYS',
]);

const NUMBERS = constants.signals as Record<string, number | undefined>;

/** A signal name with or without SIG, in any case. */
const NAME_SHAPES = [{ enum: [...SIGNALS] }, { type: 'string', pattern: `^\\s*(?:${anyCase(['SIG'])})?(?:${anyCase([...SIGNALS])})\\s*$` }];

/** Completed as TERM, INT…; accepted with or without SIG, in any case, as parseSignal reads them. */
export const SIGNAL_SHAPE = orInterpolated(...NAME_SHAPES);

/** `TERM`, `SIGTERM`, `term` → `TERM`. */
export function parseSignal(value: unknown): Result<string> {
  const expected = 'a signal name such as TERM, INT, QUIT, HUP, KILL, USR1 or USR2';
  if (typeof value !== 'string') return fail(expectedGot(expected, value));
  const name = value.trim().toUpperCase().replace(/^SIG/, '');
  return SIGNALS.has(name) ? succeed(name) : fail(expectedGot(expected, value));
}

const NUMBERED = [...SIGNALS].map((name) => NUMBERS[`SIG${name}`]).filter((n): n is number => n !== undefined);

/** A name as for stopsignal, or its number (1 for HUP), as `kill -s` takes either. */
export const RELOAD_SIGNAL_SHAPE = orInterpolated(
  ...NAME_SHAPES,
  { type: 'integer', minimum: Math.min(...NUMBERED), maximum: Math.max(...NUMBERED) },
  { type: 'string', pattern: '^\\s*\\d+\\s*$' },
);

/** Signals a program cannot catch: as a reload they would kill or freeze it. */
const UNCATCHABLE = new Set(['KILL', 'STOP']);

/** `HUP`, `SIGHUP`, `hup`, `1` or `"1"` → `HUP`: the signal `ctl reload` sends to the main pid. */
export function parseReloadSignal(value: unknown): Result<string> {
  const expected = 'a signal name such as HUP, USR1 or USR2, or its number';
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : null;
  const name = number === null ? parseSignal(value) : nameOfNumber(number);
  if (!name.ok) return fail(expectedGot(expected, value));
  if (UNCATCHABLE.has(name.value)) {
    return fail(uncatchableReloadSignal(value, name.value));
  }
  return name;
}

function nameOfNumber(number: number): Result<string> {
  const name = [...SIGNALS].find((candidate) => NUMBERS[`SIG${candidate}`] === number);
  return name === undefined ? fail('') : succeed(name);
}
