import { describe, expect, it } from 'vitest';
import { ArrivalRecords } from '../../src/logs/arrival-records.js';
import { OutputRing } from '../../src/logs/output-ring.js';

describe('ArrivalRecords', () => {
  it('gives each position the arrival of the chunk holding it', () => {
    const records = new ArrivalRecords();
    records.add(0, 100, 0);
    records.add(10, 200, 5);
    const arrivalOf = records.cursor();
    expect(arrivalOf(0)).toEqual({ at: 100, seq: 0 });
    expect(arrivalOf(9)).toEqual({ at: 100, seq: 0 });
    expect(arrivalOf(10)).toEqual({ at: 200, seq: 5 });
    expect(arrivalOf(50)).toEqual({ at: 200, seq: 5 });
  });

  it('folds a chunk into the previous one only when nothing else of the process came between in the same millisecond', () => {
    const records = new ArrivalRecords();
    records.add(0, 100, 0);
    records.add(5, 100, 1);
    expect(records.size).toBe(1);
    // Chunk 2 went to the other stream: chunk 3 must stay after it.
    records.add(10, 100, 3);
    expect(records.size).toBe(2);
    records.add(15, 101, 4);
    expect(records.size).toBe(3);
  });

  it('drops the records of overwritten bytes but keeps the one covering the first held byte', () => {
    const records = new ArrivalRecords();
    for (let i = 0; i < 10; i++) records.add(i * 10, 1000 + i, i * 2);
    records.dropBefore(45);
    expect(records.size).toBe(6);
    expect(records.cursor()(45)).toEqual({ at: 1004, seq: 8 });
  });

  it('stays within its bound, merging the oldest records', () => {
    const records = new ArrivalRecords(8);
    for (let i = 0; i < 100; i++) records.add(i * 10, 1000 + i, i * 2);
    expect(records.size).toBe(8);
    const arrivalOf = records.cursor();
    // The oldest record spans everything up to the newest seven, at its own (oldest) time.
    expect(arrivalOf(0)).toEqual({ at: 1000, seq: 0 });
    expect(arrivalOf(925)).toEqual({ at: 1000, seq: 0 });
    expect(arrivalOf(930)).toEqual({ at: 1093, seq: 186 });
    expect(arrivalOf(995)).toEqual({ at: 1099, seq: 198 });
  });
});

describe('OutputRing arrivals', () => {
  const push = (ring: OutputRing, text: string, at: number, seq: number) => ring.push(Buffer.from(text), at, seq);

  it('groups lines by the chunk that brought their end', () => {
    const ring = new OutputRing();
    push(ring, 'one\ntw', 100, 0);
    push(ring, 'o\nthree\n', 200, 2);
    push(ring, 'fou', 300, 4);
    expect(ring.lastArrivedLines(10)).toEqual([
      { at: 100, seq: 0, lines: ['one'] },
      { at: 200, seq: 2, lines: ['two', 'three'] },
      { at: 300, seq: 4, lines: ['fou'] },
    ]);
    expect(ring.lastArrivedLines(2)).toEqual([
      { at: 200, seq: 2, lines: ['three'] },
      { at: 300, seq: 4, lines: ['fou'] },
    ]);
  });

  it('with since, keeps only lines that arrived at or after it', () => {
    const ring = new OutputRing();
    push(ring, 'a\n', 100, 0);
    push(ring, 'b\n\n', 200, 1);
    push(ring, 'c\n', 300, 3);
    expect(ring.lastArrivedLines(10, 200)).toEqual([
      { at: 200, seq: 1, lines: ['b', ''] },
      { at: 300, seq: 3, lines: ['c'] },
    ]);
    expect(ring.lastArrivedLines(10, 301)).toEqual([]);
  });

  it('keeps the arrivals right after the ring wraps', () => {
    // Holds the newline of line-01 (its chunk's record must stay) and the two lines after it.
    const ring = new OutputRing(17);
    push(ring, 'line-01\n', 100, 0);
    push(ring, 'line-02\n', 200, 1);
    push(ring, 'line-03\n', 300, 2);
    expect(ring.lastArrivedLines(10)).toEqual([
      { at: 200, seq: 1, lines: ['line-02'] },
      { at: 300, seq: 2, lines: ['line-03'] },
    ]);
    ring.clear();
    expect(ring.lastArrivedLines(10)).toEqual([]);
  });
});
