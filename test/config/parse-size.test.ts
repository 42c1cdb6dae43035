import { describe, expect, it } from 'vitest';
import { parseSize } from '../../src/config/parse-size.js';

const EXPECTED = 'expected a size like 512B, 10KB, 50MB or 1GiB, or a number of bytes';

describe('parseSize', () => {
  it.each([
    [0, 0],
    [1024, 1024],
    ['100', 100],
    ['512B', 512],
    ['10KB', 10 * 1024],
    ['10kb', 10 * 1024],
    ['10KiB', 10 * 1024],
    ['50MB', 50 * 1024 ** 2],
    ['50mib', 50 * 1024 ** 2],
    ['1GB', 1024 ** 3],
    ['1GiB', 1024 ** 3],
    ['1.5KB', 1536],
    ['2 MB', 2 * 1024 ** 2],
    ['1TB', 1024 ** 4],
  ])('reads %j as %i bytes', (input, bytes) => {
    expect(parseSize(input)).toEqual({ ok: true, value: bytes });
  });

  it.each([
    [-1, `${EXPECTED}, got -1`],
    [1.5, `${EXPECTED}, got 1.5`],
    ['-1KB', `${EXPECTED}, got "-1KB"`],
    ['10XB', `${EXPECTED}, got "10XB"`],
    ['big', `${EXPECTED}, got "big"`],
    ['', `${EXPECTED}, got ""`],
    [false, `${EXPECTED}, got false`],
  ])('rejects %j', (input, message) => {
    expect(parseSize(input)).toEqual({ ok: false, message });
  });
});
