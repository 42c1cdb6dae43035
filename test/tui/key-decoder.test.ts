import { describe, expect, it } from 'vitest';
import type { KeyPress } from '../../src/tui/model/handle-key.js';
import { KeyDecoder } from '../../src/tui/model/key-decoder.js';

/** A press as a short word: the input, or the names of the key's true flags, a paste as paste(…). */
function word(press: KeyPress): string {
  if (press.paste) return `paste(${press.input})`;
  const flags = Object.entries(press.key)
    .filter(([, on]) => on === true)
    .map(([name]) => name)
    .sort();
  return [...flags, press.input].filter((part) => part !== '').join('+');
}

/** Feeds each chunk to one decoder and returns the words of every press, in order. */
function decode(...chunks: string[]): string[] {
  const decoder = new KeyDecoder();
  return chunks.flatMap((chunk) => decoder.push(chunk)).map(word);
}

describe('KeyDecoder', () => {
  it.each<[string, string[]]>([
    ['/solo\r', ['/', 's', 'o', 'l', 'o', 'return']],
    ['qd', ['q', 'd']],
    ['xy', ['x', 'y']],
    ['/ab\u007Fc\r', ['/', 'a', 'b', 'backspace', 'c', 'return']],
    ['a\bb\n', ['a', 'backspace', 'b', 'return']],
    ['\t', ['tab']],
    ['j\u0003\u0003', ['j', 'ctrl+c', 'ctrl+c']],
    ['\u0001\u001A\u0000\u001F', ['ctrl+a', 'ctrl+z', 'ctrl+@', 'ctrl+_']],
    ['GjR', ['shift+G', 'j', 'shift+R']],
    ['é😀+', ['é', '😀', '+']],
  ])('%j is one key per character', (chunk, expected) => {
    expect(decode(chunk)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['\u001B', ['escape+meta']],
    ['\u001B\u001B', ['escape+meta']],
    ['\u001B[A\u001B[Bjj\u001B[C\u001B[D', ['upArrow', 'downArrow', 'j', 'j', 'rightArrow', 'leftArrow']],
    ['\u001BOA\u001BOB\u001BOH\u001BOF', ['upArrow', 'downArrow', 'home', 'end']],
    ['\u001B[5~\u001B[6~\u001B[1~\u001B[4~\u001B[3~', ['pageUp', 'pageDown', 'home', 'end', 'delete']],
    ['\u001B[H\u001B[F\u001B[Z', ['home', 'end', 'shift+tab']],
    ['\u001B[1;5A\u001B[1;2B', ['ctrl+upArrow', 'downArrow+shift']],
    ['\u001Bx', ['meta+x']],
    ['\u001B\u001B[A', ['meta+upArrow']],
    // F5 is a key drover has no name for: a press with no flags, and not "1", "5", "~".
    ['\u001B[15~k', ['', 'k']],
  ])('%j keeps escape sequences whole', (chunk, expected) => {
    expect(decode(chunk)).toEqual(expected);
  });

  it('holds a sequence cut across reads until its rest arrives', () => {
    expect(decode('j\u001B[', 'Ak')).toEqual(['j', 'upArrow', 'k']);
    expect(decode('\u001B[5', '~')).toEqual(['pageUp']);
    expect(decode('\u001BO', 'B')).toEqual(['downArrow']);
  });

  it('takes a bracketed paste as one text press, newlines and all, never as keys', () => {
    expect(decode('\u001B[200~ab\ncd\u001B[201~x')).toEqual(['paste(ab\ncd)', 'x']);
    expect(decode('\u001B[200~x\r\u0003\u001B[A\u001B[201~')).toEqual(['paste(x\r\u0003\u001B[A)']);
    expect(decode('\u001B[200~\u001B[201~')).toEqual([]);
  });

  it('finds paste markers cut anywhere across reads but right after the first ESC', () => {
    const whole = 'q\u001B[200~solo\r\u001B[201~j';
    // A read that ends in a lone ESC is the Escape key, as Ink takes it: Escape must answer at
    // once. A terminal writes the start marker first, so a cut right after its ESC is not seen.
    for (let cut = 3; cut < whole.length; cut++) {
      const words = decode(whole.slice(0, cut), whole.slice(cut));
      const pasted = words.filter((w) => w.startsWith('paste(')).map((w) => w.slice('paste('.length, -1));
      // The text may come in two presses (some before the cut, the rest after), never as keys.
      expect(pasted.join(''), `cut at ${cut}`).toBe('solo\r');
      expect(
        words.filter((w) => !w.startsWith('paste(')),
        `cut at ${cut}`,
      ).toEqual(['q', 'j']);
    }
  });

  it('a paste starts at once after a key in the read before', () => {
    expect(decode('q', '\u001B[200~solo\r\u001B[201~')).toEqual(['q', 'paste(solo\r)']);
  });

  it('a paste over three reads comes out as it arrives', () => {
    expect(decode('\u001B[200~ab', 'cd\u001B[20', '1~e')).toEqual(['paste(ab)', 'paste(cd)', 'e']);
  });

  it('says what it waits for, and flush gives up on it', () => {
    const decoder = new KeyDecoder();
    expect(decoder.waitingFor).toBeNull();
    expect(decoder.push('\u001B[')).toEqual([]);
    expect(decoder.waitingFor).toBe('sequence');
    expect(decoder.flush().map(word)).toEqual(['meta+[']);
    expect(decoder.waitingFor).toBeNull();

    expect(decoder.push('\u001B[200~ab\u001B[2').map(word)).toEqual(['paste(ab)']);
    expect(decoder.waitingFor).toBe('paste');
    // The end marker never came: what was held is pasted text, and keys are keys again.
    expect(decoder.flush().map(word)).toEqual(['paste(\u001B[2)']);
    expect(decoder.push('x').map(word)).toEqual(['x']);
  });

  it('a stray end marker pastes nothing', () => {
    expect(decode('\u001B[201~q')).toEqual(['q']);
  });

  it('ESC [ followed by a key that ends no sequence is Alt-[ and that key', () => {
    expect(decode('\u001B[\u0003')).toEqual(['meta+[', 'ctrl+c']);
  });
});
