import { constants } from 'node:os';
import { fail, type Result, succeed } from '../config/index.js';
import { badEnvironmentPair, expectedSupervisord } from './import-messages.js';

/**
 * supervisord's value types (supervisor/datatypes.py), read from the text of
 * an option and returned in the form programs.yaml takes. A value supervisord
 * itself would refuse fails with what it expected.
 */

const TRUTHY = ['yes', 'true', 'on', '1'];
const FALSY = ['no', 'false', 'off', '0'];

export function readBoolean(text: string): Result<boolean> {
  const word = text.trim().toLowerCase();
  if (TRUTHY.includes(word)) return succeed(true);
  if (FALSY.includes(word)) return succeed(false);
  return fail(expectedSupervisord('true or false (yes/no, on/off, 1/0)', text));
}

export function readAutorestart(text: string): Result<boolean | 'unexpected'> {
  if (text.trim().toLowerCase() === 'unexpected') return succeed('unexpected');
  const flag = readBoolean(text);
  return flag.ok ? flag : fail(expectedSupervisord('true, false or unexpected', text));
}

/** Python's int(): optional sign, digits, surrounding blanks. */
export function readInteger(text: string, min: number): Result<number> {
  const expected = `a whole number ≥ ${min}`;
  if (!/^\s*[+-]?\d+\s*$/.test(text)) return fail(expectedSupervisord(expected, text));
  const value = Number(text.trim());
  return value >= min ? succeed(value) : fail(expectedSupervisord(expected, text));
}

/** `0,2` → [0, 2]. */
export function readExitcodes(text: string): Result<number[]> {
  const codes: number[] = [];
  for (const item of text.split(',')) {
    const code = readInteger(item, 0);
    if (!code.ok || code.value > 255) return fail(expectedSupervisord('exit codes from 0 to 255 separated by commas, such as 0,2', text));
    codes.push(code.value);
  }
  return succeed(codes);
}

const SIGNAL_NUMBERS = constants.signals as Record<string, number>;

/** `TERM`, `SIGTERM`, `term` or `15` → `TERM`. */
export function readSignal(text: string): Result<string> {
  const word = text.trim().toUpperCase();
  if (/^\d+$/.test(word)) {
    const found = Object.entries(SIGNAL_NUMBERS).find(([, number]) => number === Number(word));
    return found ? succeed(found[0].replace(/^SIG/, '')) : fail(expectedSupervisord('a signal name or number', text));
  }
  const name = word.startsWith('SIG') ? word : `SIG${word}`;
  return name in SIGNAL_NUMBERS ? succeed(name.slice(3)) : fail(expectedSupervisord('a signal name such as TERM, INT, QUIT, HUP or KILL', text));
}

/**
 * `50MB`, `1KB`, `1GB` or a number of bytes. supervisord counts KB/MB/GB in
 * powers of 1024, as drover does, so the text is kept as written.
 */
export function readByteSize(text: string): Result<number | string> {
  const match = /^\s*(\d+)\s*(kb|mb|gb)?\s*$/i.exec(text);
  if (match === null) return fail(expectedSupervisord('a size such as 50MB, 1KB, 1GB or a number of bytes', text));
  return match[2] === undefined ? succeed(Number(match[1])) : succeed(`${match[1]}${match[2].toUpperCase()}`);
}

/** An octal mode such as 022, kept as a string so YAML does not read it as decimal. */
export function readOctal(text: string): Result<string> {
  const match = /^\s*(?:0o)?([0-7]+)\s*$/i.exec(text);
  if (match === null || parseInt(match[1]!, 8) > 0o777) return fail(expectedSupervisord('an octal mode such as 022', text));
  return succeed(match[1]!.padStart(3, '0'));
}

/**
 * `KEY="value",KEY2=value2` → pairs, in order. Quotes (single or double)
 * let a value hold commas; supervisord strips them from both ends.
 */
export function readEnvironmentPairs(text: string): Result<[string, string][]> {
  const pairs: [string, string][] = [];
  for (const item of splitOutsideQuotes(text)) {
    if (item.trim() === '') continue;
    const eq = item.indexOf('=');
    const key = eq === -1 ? '' : item.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) return fail(badEnvironmentPair(item.trim()));
    pairs.push([
      key,
      item
        .slice(eq + 1)
        .trim()
        .replace(/^['"]+|['"]+$/g, ''),
    ]);
  }
  return succeed(pairs);
}

function splitOutsideQuotes(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const c of text) {
    if (quote !== null) {
      if (c === quote) quote = null;
      current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === ',') {
      items.push(current);
      current = '';
    } else current += c;
  }
  items.push(current);
  return items;
}
