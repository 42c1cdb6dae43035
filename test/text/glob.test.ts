import { describe, expect, it } from 'vitest';
import { globMatcher } from '../../src/text/glob.js';

/** The shell's meaning, as a RegExp: fine as a reference for short inputs. */
function reference(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else if (ch === '[' && glob.indexOf(']', i + 2) > 0) {
      const end = glob.indexOf(']', i + 2);
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      source += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else source += ch.replace(/[.+^${}()|\\/\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

describe('globMatcher', () => {
  it.each([
    ['web:*', 'web:web_00', true],
    ['web:web_0*', 'web:web_01', true],
    ['web:web_0*', 'web:web_10', false],
    ['work*', 'worker', true],
    ['w?b', 'web', true],
    ['w?b', 'wb', false],
    ['web_[01]', 'web_1', true],
    ['web_[!01]', 'web_1', false],
    ['web_[!01]', 'web_2', true],
    ['web_[0-3]', 'web_3', true],
    ['web_[0-3]', 'web_4', false],
    ['[]]x', ']x', true],
    ['a[b', 'a[b', true],
    ['*', '', true],
    ['', '', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['a.b', 'axb', false],
  ])('%s on %s → %s', (glob, text, expected) => {
    expect(globMatcher(glob)(text)).toBe(expected);
  });

  it('agrees with the shell meaning on many generated globs and names', () => {
    const alphabet = ['a', 'b', '*', '?', '[ab]', '[!a]', '[a-b]', '_'];
    // 32-bit LCG in integer arithmetic (a float product past 2^53 loses its low bits and
    // cycles through a handful of globs); the high bits, since the low ones of an LCG repeat.
    let seed = 42;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), (seed >>> 16) % n);
    const globs = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const glob = Array.from({ length: 1 + rand(6) }, () => alphabet[rand(alphabet.length)]).join('');
      const text = Array.from({ length: rand(7) }, () => 'ab_'[rand(3)]).join('');
      globs.add(glob);
      expect(globMatcher(glob)(text), `${glob} on ${text}`).toBe(reference(glob).test(text));
    }
    expect(globs.size, 'distinct generated globs').toBeGreaterThan(1000);
    for (const piece of ['*', '?', '[ab]', '[!a]', '[a-b]'])
      expect(
        [...globs].some((glob) => glob.includes(piece)),
        piece,
      ).toBe(true);
  });

  it('answers at once for a pattern that makes a backtracking RegExp take minutes', () => {
    // As a RegExp this is `^.*a.*a…b$`: minutes of backtracking on 40 characters.
    expect(globMatcher('*a'.repeat(15) + 'b')('a'.repeat(40))).toBe(false);
    expect(globMatcher('*a'.repeat(15) + 'b')(`${'a'.repeat(40)}b`)).toBe(true);
  });
});
