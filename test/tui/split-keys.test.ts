import { describe, expect, it } from 'vitest';
import { splitKeys } from '../../src/tui/model/split-keys.js';

describe('splitKeys', () => {
  it('splits a chunk of plain keys into one press each, Enter included', () => {
    const presses = splitKeys({ input: 'jjG\r', key: {} }, false);
    expect(presses.map((p) => [p.input, p.key.return ?? false, p.key.shift ?? false])).toEqual([
      ['j', false, false],
      ['j', false, false],
      ['G', false, true],
      ['', true, false],
    ]);
  });

  it('leaves single keys, escape sequences, ctrl/meta keys and text entry whole', () => {
    expect(splitKeys({ input: 'j', key: {} }, false)).toHaveLength(1);
    expect(splitKeys({ input: '\u001B[A', key: { upArrow: true } }, false)).toHaveLength(1);
    expect(splitKeys({ input: 'c', key: { ctrl: true } }, false)).toHaveLength(1);
    expect(splitKeys({ input: 'web', key: {} }, true)).toEqual([{ input: 'web', key: {} }]);
  });
});
