import { describe, expect, it } from 'vitest';
import { OutputRing } from '../../src/logs/output-ring.js';

const push = (ring: OutputRing, ...parts: string[]) => parts.forEach((part) => ring.push(Buffer.from(part)));

describe('OutputRing', () => {
  it('allocates nothing until the first byte', () => {
    const ring = new OutputRing();
    expect(ring.isAllocated).toBe(false);
    ring.push(Buffer.alloc(0));
    expect(ring.isAllocated).toBe(false);
    expect(ring.lastLines(10)).toEqual([]);
    push(ring, 'x');
    expect(ring.isAllocated).toBe(true);
  });

  it('returns the last lines, including a trailing partial line', () => {
    const ring = new OutputRing();
    push(ring, 'one\ntw', 'o\nthree\nfou');
    expect(ring.lastLines(10)).toEqual(['one', 'two', 'three', 'fou']);
    expect(ring.lastLines(2)).toEqual(['three', 'fou']);
    push(ring, 'r\n');
    expect(ring.lastLines(2)).toEqual(['three', 'four']);
    expect(ring.lastLines(0)).toEqual([]);
  });

  it('keeps empty lines', () => {
    const ring = new OutputRing();
    push(ring, 'a\n\nb\n');
    expect(ring.lastLines(5)).toEqual(['a', '', 'b']);
  });

  it('keeps only the last capacity bytes and drops the fragment of an overwritten line', () => {
    const ring = new OutputRing(16);
    push(ring, 'line-01\nline-02\n', 'line-03\n');
    expect(ring.byteLength).toBe(16);
    expect(ring.totalBytes).toBe(24);
    expect(ring.snapshot().toString()).toBe('line-02\nline-03\n');
    push(ring, 'xx\n');
    // "ine-02" is a fragment now and is left out.
    expect(ring.lastLines(10)).toEqual(['line-03', 'xx']);
  });

  it('takes a chunk larger than the ring by keeping its tail', () => {
    const ring = new OutputRing(8);
    push(ring, 'ab');
    push(ring, '0123456789\nabc\n');
    expect(ring.snapshot().toString()).toBe('89\nabc\n'.padStart(8, '7'));
    expect(ring.lastLines(5)).toEqual(['abc']);
  });

  it('returns a wrapped fragment when it is all there is', () => {
    const ring = new OutputRing(4);
    push(ring, 'abcdefgh');
    expect(ring.lastLines(3)).toEqual(['efgh']);
  });

  it('wraps correctly over many small pushes', () => {
    const ring = new OutputRing(100);
    const lines = Array.from({ length: 500 }, (_, index) => `l${index}`);
    for (const line of lines) push(ring, `${line}\n`);
    expect(ring.lastLines(5)).toEqual(lines.slice(-5));
  });

  it('clear releases the buffer', () => {
    const ring = new OutputRing();
    push(ring, 'abc\n');
    ring.clear();
    expect(ring.isAllocated).toBe(false);
    expect(ring.lastLines(1)).toEqual([]);
  });

  it('rejects a bad capacity naming the value', () => {
    expect(() => new OutputRing(0)).toThrow(TypeError);
    expect(() => new OutputRing(1.5)).toThrow(/1\.5/);
  });
});
