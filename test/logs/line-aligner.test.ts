import { describe, expect, it } from 'vitest';
import { LineAligner } from '../../src/logs/line-aligner.js';

const text = (pieces: Buffer[]) => pieces.map((piece) => piece.toString());

describe('LineAligner', () => {
  it('passes whole lines on and holds the partial tail', () => {
    const aligner = new LineAligner();
    expect(text(aligner.push(Buffer.from('a\nb')))).toEqual(['a\n']);
    expect(text(aligner.push(Buffer.from('c')))).toEqual([]);
    expect(text(aligner.push(Buffer.from('d\ne\n')))).toEqual(['b', 'c', 'd\ne\n']);
    expect(text(aligner.flush())).toEqual([]);
  });

  it('gives up holding a line that outgrows the cap', () => {
    const aligner = new LineAligner(4);
    expect(text(aligner.push(Buffer.from('abc')))).toEqual([]);
    expect(text(aligner.push(Buffer.from('de')))).toEqual(['abc', 'de']);
  });

  it('flushes the held tail at the end', () => {
    const aligner = new LineAligner();
    aligner.push(Buffer.from('x\nprompt: '));
    expect(text(aligner.flush())).toEqual(['prompt: ']);
  });
});
