import { describe, expect, it } from 'vitest';
import { lastLineEnd, planSegment, splitChunks, sumLengths } from '../../src/logs/rotation-plan.js';

const chunks = (...parts: string[]) => parts.map((part) => Buffer.from(part));

describe('planSegment', () => {
  it.each([
    { why: 'never rotates with maxBytes 0', parts: ['aaaa\n'], size: 999, maxBytes: 0, atLineStart: true, take: 5, rotate: false },
    { why: 'takes everything that fits', parts: ['ab\n', 'cd\n'], size: 0, maxBytes: 6, atLineStart: true, take: 6, rotate: false },
    { why: 'cuts after the last newline that fits', parts: ['ab\ncd\nef\n'], size: 0, maxBytes: 7, atLineStart: true, take: 6, rotate: true },
    { why: 'finds the cut in an earlier chunk', parts: ['ab\n', 'cdefgh\n'], size: 0, maxBytes: 8, atLineStart: true, take: 3, rotate: true },
    { why: 'counts bytes already in the file', parts: ['ab\ncd\n'], size: 7, maxBytes: 10, atLineStart: true, take: 3, rotate: true },
    { why: 'rotates first when a full file ends cleanly', parts: ['abcdef\n'], size: 8, maxBytes: 10, atLineStart: true, take: 0, rotate: true },
    { why: 'writes an over-long first line whole', parts: ['abcdefghijkl\n', 'x\n'], size: 0, maxBytes: 5, atLineStart: true, take: 13, rotate: true },
    { why: 'keeps an over-long unfinished line in the file', parts: ['abcdefghijkl'], size: 0, maxBytes: 5, atLineStart: true, take: 12, rotate: false },
    { why: 'finishes a line already in progress before rotating', parts: ['cdef\n', 'gh\n'], size: 9, maxBytes: 10, atLineStart: false, take: 5, rotate: true },
    { why: 'a line in progress ending the data needs no rotation', parts: ['cdef\n'], size: 9, maxBytes: 10, atLineStart: false, take: 5, rotate: false },
    { why: 'a line in progress without newline stays', parts: ['cdef'], size: 9, maxBytes: 10, atLineStart: false, take: 4, rotate: false },
    { why: 'cut exactly at maxBytes', parts: ['abcd\n', 'efgh\n'], size: 0, maxBytes: 5, atLineStart: true, take: 5, rotate: true },
  ])('$why', ({ parts, size, maxBytes, atLineStart, take, rotate }) => {
    expect(planSegment(chunks(...parts), { size, maxBytes, atLineStart })).toEqual({ take, rotate });
  });
});

describe('splitChunks', () => {
  it('splits inside a chunk without copying', () => {
    const input = chunks('abc', 'defg', 'h');
    const [head, tail] = splitChunks(input, 5);
    expect(Buffer.concat(head).toString()).toBe('abcde');
    expect(Buffer.concat(tail).toString()).toBe('fgh');
    expect(head[1]!.buffer).toBe(input[1]!.buffer);
  });

  it('splits on chunk edges and at the ends', () => {
    const input = chunks('abc', 'def');
    expect(splitChunks(input, 3).map((part) => part.length)).toEqual([1, 1]);
    expect(sumLengths(splitChunks(input, 0)[1])).toBe(6);
    expect(sumLengths(splitChunks(input, 6)[0])).toBe(6);
    expect(splitChunks(input, 6)[1]).toEqual([]);
  });
});

describe('lastLineEnd', () => {
  it('gives the offset just past the last newline across chunks, or -1', () => {
    expect(lastLineEnd(chunks('ab\ncd', 'ef'))).toBe(3);
    expect(lastLineEnd(chunks('ab\n', 'c\nd', ''))).toBe(5);
    expect(lastLineEnd(chunks('abc', 'def'))).toBe(-1);
    expect(lastLineEnd([])).toBe(-1);
  });
});
