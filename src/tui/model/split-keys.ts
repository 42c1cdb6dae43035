import type { KeyPress } from './handle-key.js';

/**
 * Ink hands over what one read() returned: keys typed fast, held down (key
 * repeat over SSH) or sent together by a script arrive as one string, "jjj\r".
 * Outside text entry each character is its own key, so three j's move three
 * rows and the Enter after them opens the details. Escape sequences (arrows,
 * PgUp) are left whole: Ink has already parsed them into one key.
 */
export function splitKeys(press: KeyPress, textEntry: boolean): KeyPress[] {
  const { input, key } = press;
  if (textEntry || input.length <= 1 || input.includes('\u001B') || key.ctrl || key.meta) return [press];
  return [...input].map((ch): KeyPress => {
    if (ch === '\r' || ch === '\n') return { input: '', key: { ...key, return: true, shift: false } };
    return { input: ch, key: { ...key, return: false, shift: ch !== ch.toLowerCase() } };
  });
}
