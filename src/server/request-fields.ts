import { ApiError } from '../api/api-error.js';

/** Validation of request fields; each failure names the field and what was wrong. */

const MAX_PATTERNS = 1000;
const MAX_TEXT = 1024;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : `a ${typeof value}`;
}

function text(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new ApiError('BAD_REQUEST', `${field}: expected a non-empty string, got ${describe(value)}`);
  if (value.length > MAX_TEXT) throw new ApiError('BAD_REQUEST', `${field}: longer than ${MAX_TEXT} characters`);
  return value;
}

/** A non-empty list of non-empty strings (`patterns`, `programs`). */
export function stringList(field: string, value: unknown, { required }: { required: boolean }): string[] {
  if (value === undefined && !required) return [];
  if (!Array.isArray(value)) throw new ApiError('BAD_REQUEST', `${field}: expected a list of strings, got ${describe(value)}`);
  if (required && value.length === 0) throw new ApiError('BAD_REQUEST', `${field}: give at least one`);
  if (value.length > MAX_PATTERNS) throw new ApiError('BAD_REQUEST', `${field}: more than ${MAX_PATTERNS} entries`);
  return value.map((item, i) => text(`${field}[${i}]`, item));
}

/** A signal by name (`HUP`, `SIGHUP`) or number; the engine says whether it exists. */
export function signalField(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return text('signal', value);
}

/** An optional true or false; absent is false. */
export function booleanField(field: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new ApiError('BAD_REQUEST', `${field}: expected true or false, got ${describe(value)}`);
  return value;
}

/** `3`, `"3"`, `"+2"`, `"-1"`. */
export function countField(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  const count = text('count', value);
  if (!/^[+-]?\d{1,6}$/.test(count)) throw new ApiError('BAD_SCALE', `count: expected N, +N or -N, got ${describe(value)}`);
  return count;
}

/** A query parameter that must be a whole number in a range. */
export function intParam(name: string, raw: string | null, fallback: number, min: number, max: number): number {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw new ApiError('BAD_REQUEST', `${name}: expected a whole number, got "${raw.slice(0, 40)}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ApiError('BAD_REQUEST', `${name}: must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function streamParam(raw: string | null): 'stdout' | 'stderr' | undefined {
  if (raw === null) return undefined;
  if (raw === 'stdout' || raw === 'stderr') return raw;
  throw new ApiError('BAD_REQUEST', `stream: expected stdout or stderr, got "${raw.slice(0, 40)}"`);
}

export function flagParam(name: string, raw: string | null): boolean {
  if (raw === null || raw === '0' || raw === 'false') return false;
  if (raw === '' || raw === '1' || raw === 'true') return true;
  throw new ApiError('BAD_REQUEST', `${name}: expected 1 or 0, got "${raw.slice(0, 40)}"`);
}
