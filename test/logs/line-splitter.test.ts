import { describe, expect, it } from 'vitest';
import { LineSplitter, TRUNCATION_MARKER } from '../../src/logs/line-splitter.js';

function feed(splitter: LineSplitter, parts: Array<string | Buffer>): string[] {
  const lines = parts.flatMap((part) => splitter.push(Buffer.isBuffer(part) ? part : Buffer.from(part)));
  return [...lines, ...splitter.flush()];
}

/** Cuts `text` at pseudo-random points (seeded, so failures reproduce). */
function chop(bytes: Buffer, seed: number): Buffer[] {
  const parts: Buffer[] = [];
  let state = seed;
  for (let start = 0; start < bytes.length;) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const length = 1 + (state % 23);
    parts.push(bytes.subarray(start, start + length));
    start += length;
  }
  return parts;
}

describe('LineSplitter', () => {
  it('delivers a line split across chunks once, whole', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('hel'))).toEqual([]);
    expect(splitter.push(Buffer.from('lo\nwor'))).toEqual(['hello']);
    expect(splitter.push(Buffer.from('ld\nand\nmore\npar'))).toEqual(['world', 'and', 'more']);
    expect(splitter.push(Buffer.from('t'))).toEqual([]);
    expect(splitter.flush()).toEqual(['part']);
    expect(splitter.flush()).toEqual([]);
  });

  it('keeps empty lines and needs no trailing newline', () => {
    expect(feed(new LineSplitter(), ['\n\na\n', '\n'])).toEqual(['', '', 'a', '']);
    expect(feed(new LineSplitter(), ['a\nb'])).toEqual(['a', 'b']);
  });

  it.each([1, 2, 3, 4, 5])('matches a plain split whatever the chunking (seed %i)', (seed) => {
    const text = Array.from({ length: 300 }, (_, index) => `line ${index} ${'é€😀'.repeat(index % 4)}`).join('\n') + '\n';
    const lines = feed(new LineSplitter(), chop(Buffer.from(text), seed));
    expect(lines).toEqual(text.split('\n').slice(0, -1));
  });

  it('cuts an endless line at the cap with a marker and skips the rest of it', () => {
    const splitter = new LineSplitter(10);
    const lines = feed(splitter, ['abcdefgh', 'ijklmnop', 'qrstu\nnext\n']);
    expect(lines).toEqual([`abcdefghij${TRUNCATION_MARKER}`, 'next']);
  });

  it('caps a long line inside one chunk', () => {
    expect(feed(new LineSplitter(4), ['ok\n123456789\nend\n'])).toEqual(['ok', `1234${TRUNCATION_MARKER}`, 'end']);
  });

  it('never cuts inside a UTF-8 character', () => {
    const [line] = feed(new LineSplitter(5), ['ab€€€€', '\n']);
    expect(line).toBe(`ab€${TRUNCATION_MARKER}`);
  });

  it('skips the tail of a line it joined in the middle of', () => {
    const splitter = new LineSplitter(64, true);
    expect(feed(splitter, ['tail of old\nfresh\n'])).toEqual(['fresh']);
  });
});
