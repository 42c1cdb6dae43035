import type { Key } from 'ink';
import type { KeyPress } from './handle-key.js';

/**
 * What one character or one whole escape sequence means as a key, in the
 * shape Ink's useInput reports (so handleKey reads the same fields). The
 * decoder finds where a key starts and ends; this says which key it is.
 */

const ESC = '\u001B';

/** The final byte of `ESC [ …` and `ESC O …` cursor keys. */
const CURSOR_FINALS: Record<string, Partial<Key>> = {
  A: { upArrow: true },
  B: { downArrow: true },
  C: { rightArrow: true },
  D: { leftArrow: true },
  H: { home: true },
  F: { end: true },
};

/** The number of `ESC [ n ~` keys (vt220 and xterm both). */
const TILDE_KEYS: Record<string, Partial<Key>> = {
  '1': { home: true },
  '3': { delete: true },
  '4': { end: true },
  '5': { pageUp: true },
  '6': { pageDown: true },
  '7': { home: true },
  '8': { end: true },
};

/** One character outside an escape sequence: Enter, Backspace, Tab, Ctrl-letter or itself. */
export function characterKey(ch: string): KeyPress {
  if (ch === '\r' || ch === '\n') return { input: '', key: { return: true } };
  if (ch === '\u007F' || ch === '\b') return { input: '', key: { backspace: true } };
  if (ch === '\t') return { input: '', key: { tab: true } };
  const code = ch.codePointAt(0)!;
  // C0 controls are Ctrl with a letter (0x03 is Ctrl-C) or with one of @ \ ] ^ _.
  if (code < 0x20) return { input: String.fromCharCode(code + (code >= 1 && code <= 26 ? 0x60 : 0x40)), key: { ctrl: true } };
  return { input: ch, key: /^[A-Z]$/.test(ch) ? { shift: true } : {} };
}

/**
 * A complete escape sequence: `ESC [ params final`, `ESC O final`, `ESC x`
 * (Alt-x), or any of these after a second ESC (Alt with a cursor key).
 * A sequence drover has no use for (F5, focus reports) is a key with no name.
 */
export function sequenceKey(sequence: string): KeyPress {
  if (sequence === ESC || sequence === ESC + ESC) return { input: '', key: { escape: true, meta: true } };
  if (sequence.startsWith(ESC + ESC)) return withMeta(sequenceKey(sequence.slice(1)));
  const kind = sequence[1];
  if (kind === '[' && sequence.length > 2) return csiKey(sequence.slice(2));
  if (kind === 'O' && sequence.length === 3) return named(CURSOR_FINALS[sequence[2]!]);
  return withMeta(characterKey(sequence.slice(1)));
}

function csiKey(body: string): KeyPress {
  const final = body.slice(-1);
  const params = body.slice(0, -1).replace(/^\[/, '').split(';');
  const modifiers = modifierKeys(params[1]);
  if (final === 'Z') return { input: '', key: { tab: true, shift: true } };
  if (final === '~') return named(TILDE_KEYS[params[0] ?? ''], modifiers);
  return named(CURSOR_FINALS[final], modifiers);
}

/** xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4). */
function modifierKeys(param: string | undefined): Partial<Key> {
  const bits = Number(param ?? '1') - 1;
  if (!Number.isInteger(bits) || bits <= 0) return {};
  return { ...(bits & 1 ? { shift: true } : {}), ...(bits & 2 ? { meta: true } : {}), ...(bits & 4 ? { ctrl: true } : {}) };
}

function named(key: Partial<Key> | undefined, modifiers: Partial<Key> = {}): KeyPress {
  return { input: '', key: { ...key, ...modifiers } };
}

function withMeta(press: KeyPress): KeyPress {
  return { input: press.input, key: { ...press.key, meta: true } };
}
