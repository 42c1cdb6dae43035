import { describe, expect, it } from 'vitest';
import { globMatcher } from '../../src/text/glob.js';
import { matchPatterns } from '../../src/engine/patterns.js';

const items = [
  { name: 'web:web_00', programName: 'web', processName: 'web_00' },
  { name: 'web:web_01', programName: 'web', processName: 'web_01' },
  { name: 'web:web_10', programName: 'web', processName: 'web_10' },
  { name: 'worker:worker', programName: 'worker', processName: 'worker' },
  { name: 'cron:cron', programName: 'cron', processName: 'cron' },
];
const groups = { backend: ['web', 'worker'] };
const names = (patterns: string[]) => {
  const result = matchPatterns(patterns, items, groups);
  return result.ok ? result.matches.map((m) => m.name) : { unmatched: result.unmatched };
};

describe('matchPatterns', () => {
  it.each([
    [['all'], ['web:web_00', 'web:web_01', 'web:web_10', 'worker:worker', 'cron:cron']],
    [['web'], ['web:web_00', 'web:web_01', 'web:web_10']],
    [['web:*'], ['web:web_00', 'web:web_01', 'web:web_10']],
    [['web:web_01'], ['web:web_01']],
    [['web:web_0*'], ['web:web_00', 'web:web_01']],
    [['web:web_?0'], ['web:web_00', 'web:web_10']],
    [['web:web_[!0]*'], ['web:web_10']],
    [['backend:*'], ['web:web_00', 'web:web_01', 'web:web_10', 'worker:worker']],
    [['backend'], ['web:web_00', 'web:web_01', 'web:web_10', 'worker:worker']],
    [['w*'], ['web:web_00', 'web:web_01', 'web:web_10', 'worker:worker']],
    [
      ['cron', 'web:web_00'],
      ['web:web_00', 'cron:cron'],
    ],
  ])('%j matches %j', (patterns, expected) => {
    expect(names(patterns)).toEqual(expected);
  });

  it('names every pattern that matches nothing', () => {
    expect(names(['web', 'nope', 'web:web_99'])).toEqual({ unmatched: ['nope', 'web:web_99'] });
  });

  it("takes supervisorctl's GROUP:PROCESS forms for processes named group:process, and the program forms beside them", () => {
    const grouped = [
      { name: 'grp:ga', programName: 'ga', processName: 'ga' },
      { name: 'grp:gb_00', programName: 'gb', processName: 'gb_00' },
      { name: 'grp:gb_01', programName: 'gb', processName: 'gb_01' },
      { name: 'x:x', programName: 'x', processName: 'x' },
    ];
    const match = (patterns: string[]) => {
      const result = matchPatterns(patterns, grouped, { grp: ['ga', 'gb'] });
      return result.ok ? result.matches.map((m) => m.name) : { unmatched: result.unmatched };
    };
    expect(match(['grp:ga'])).toEqual(['grp:ga']);
    expect(match(['grp:*'])).toEqual(['grp:ga', 'grp:gb_00', 'grp:gb_01']);
    expect(match(['grp:'])).toEqual(['grp:ga', 'grp:gb_00', 'grp:gb_01']);
    expect(match(['grp:gb_0*'])).toEqual(['grp:gb_00', 'grp:gb_01']);
    expect(match(['ga', 'gb:gb_01', 'ga:ga'])).toEqual(['grp:ga', 'grp:gb_01']);
    expect(match(['grp:gb', 'grp:x'])).toEqual({ unmatched: ['grp:gb', 'grp:x'] });
  });

  it('treats regex characters in names literally', () => {
    expect(globMatcher('a.b')('axb')).toBe(false);
    expect(globMatcher('a.b')('a.b')).toBe(true);
  });
});
