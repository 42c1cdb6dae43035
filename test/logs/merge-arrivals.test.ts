import { describe, expect, it } from 'vitest';
import { lastLinesOfStreams, mergeByTime } from '../../src/logs/merge-arrivals.js';

describe('lastLinesOfStreams', () => {
  it("interleaves a process's stdout and stderr by chunk number, even within one millisecond", () => {
    const merged = lastLinesOfStreams(
      'web',
      {
        stdout: [
          { at: 100, seq: 0, lines: ['o1'] },
          { at: 100, seq: 2, lines: ['o2', 'o3'] },
        ],
        stderr: [{ at: 100, seq: 1, lines: ['e1'] }],
      },
      10,
    );
    expect(merged.map((g) => [g.stream, g.lines])).toEqual([
      ['stdout', ['o1']],
      ['stderr', ['e1']],
      ['stdout', ['o2', 'o3']],
    ]);
  });

  it('keeps the last N lines of both streams combined', () => {
    const merged = lastLinesOfStreams(
      'web',
      {
        stdout: [{ at: 1, seq: 0, lines: ['o1', 'o2', 'o3'] }],
        stderr: [{ at: 2, seq: 1, lines: ['e1'] }],
      },
      3,
    );
    expect(merged.flatMap((g) => g.lines)).toEqual(['o2', 'o3', 'e1']);
    expect(lastLinesOfStreams('web', {}, 3)).toEqual([]);
  });
});

describe('mergeByTime', () => {
  it("orders processes' lines by arrival time, keeping each process's own order on a tie", () => {
    const a = lastLinesOfStreams('a', { stdout: [{ at: 10, seq: 0, lines: ['a1'] }], stderr: [{ at: 10, seq: 1, lines: ['a2'] }] }, 5);
    const b = lastLinesOfStreams(
      'b',
      {
        stdout: [
          { at: 5, seq: 0, lines: ['b1'] },
          { at: 20, seq: 1, lines: ['b2'] },
        ],
      },
      5,
    );
    expect(mergeByTime([a, b]).flatMap((g) => g.lines)).toEqual(['b1', 'a1', 'a2', 'b2']);
  });
});
