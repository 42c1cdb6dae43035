import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/config/parse-duration.js';

const EXPECTED = 'expected a duration like 500ms, 30s or a number of seconds';

describe('parseDuration', () => {
  it.each([
    [0, 0],
    [1, 1000],
    [1.5, 1500],
    [0.25, 250],
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['1m30s', 90_000],
    ['10', 10_000],
    [' 2S ', 2000],
    ['250MS', 250],
  ])('reads %j as %i ms', (input, ms) => {
    expect(parseDuration(input)).toEqual({ ok: true, value: ms });
  });

  it.each([
    [-1, `${EXPECTED}, got -1`],
    ['-5s', `${EXPECTED}, got "-5s"`],
    ['soon', `${EXPECTED}, got "soon"`],
    ['', `${EXPECTED}, got ""`],
    ['5 s', `${EXPECTED}, got "5 s"`],
    ['1d', `${EXPECTED}, got "1d"`],
    [true, `${EXPECTED}, got true`],
    [null, `${EXPECTED}, got nothing`],
    [[1], `${EXPECTED}, got a list`],
    [Infinity, `${EXPECTED}, got Infinity`],
  ])('rejects %j', (input, message) => {
    expect(parseDuration(input)).toEqual({ ok: false, message });
  });
});
