import { fail, succeed, type Result } from './result.js';
import { expectedGot } from './messages.js';
import { anyCase, orInterpolated } from './value-shapes.js';

const EXPECTED = 'a size like 512B, 10KB, 50MB or 1GiB, or a number of bytes';

// supervisord treats KB/MB/GB as powers of 1024; people moving from it expect
// `50MB` to mean the same file size, so both spellings are binary here.
const UNIT_BYTES: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

const SIZE = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;

/** What parseSize reads, for editors: bytes as a number, or a number with one of UNIT_BYTES. */
export const SIZE_SHAPE = orInterpolated(
  { type: 'integer', minimum: 0 },
  { type: 'string', pattern: `^\\s*(?:\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(?:${anyCase(Object.keys(UNIT_BYTES))})?\\s*$`, examples: ['512KB', '50MB', '1GiB'] },
);

/** Reads a size (a number of bytes, or a number with a unit) as bytes. */
export function parseSize(value: unknown): Result<number> {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return fail(expectedGot(EXPECTED, value));
    return succeed(value);
  }
  if (typeof value !== 'string') return fail(expectedGot(EXPECTED, value));
  const match = SIZE.exec(value.trim());
  if (match === null) return fail(expectedGot(EXPECTED, value));
  const unit = match[2]!.toLowerCase();
  const factor = unit === '' ? 1 : UNIT_BYTES[unit];
  if (factor === undefined) return fail(expectedGot(EXPECTED, value));
  return succeed(Math.round(Number(match[1]) * factor));
}
