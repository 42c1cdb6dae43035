import type { KeyPress } from './handle-key.js';
import { characterKey, sequenceKey } from './key-names.js';

const ESC = '\u001B';
/** Bracketed paste (xterm mode 2004): the terminal wraps pasted text in these. */
const PASTE_START = '\u001B[200~';
const PASTE_END = '\u001B[201~';

/** What the decoder holds back: the rest of an escape sequence, or the end of a paste. */
export type DecoderWait = 'sequence' | 'paste' | null;

/**
 * Terminal input to keys, one at a time and in order. A laggy SSH link, mosh
 * or a script delivers several keys in one read ("/solo\r"), and Ink hands
 * that over as one string; here every character is its own key (Enter,
 * Backspace, Ctrl-C included), escape sequences stay whole, and bracketed
 * paste comes out as one press marked `paste`, so pasted text is never taken
 * as keys. A sequence or paste marker cut across two reads is held until the
 * rest arrives (or `flush` gives up on it). It knows nothing of view modes:
 * what a key does is handleKey's business.
 */
export class KeyDecoder {
  private pending = '';
  private pasting = false;

  get waitingFor(): DecoderWait {
    if (this.pasting) return 'paste';
    return this.pending === '' ? null : 'sequence';
  }

  /** The keys in `chunk` (one string as Ink emits it), after whatever was held back. */
  push(chunk: string): KeyPress[] {
    const text = this.pending + chunk;
    this.pending = '';
    const presses: KeyPress[] = [];
    let index = 0;
    while (index < text.length) {
      if (this.pasting) {
        index = this.takePaste(text, index, presses);
        continue;
      }
      if (text[index] !== ESC) {
        const ch = String.fromCodePoint(text.codePointAt(index)!);
        presses.push(characterKey(ch));
        index += ch.length;
        continue;
      }
      const length = sequenceLength(text, index);
      if (length === null) {
        this.pending = text.slice(index);
        break;
      }
      const sequence = text.slice(index, index + length);
      index += length;
      if (sequence === PASTE_START) this.pasting = true;
      // A stray end marker (its start was lost) pastes nothing.
      else if (sequence !== PASTE_END) presses.push(sequenceKey(sequence));
    }
    return presses;
  }

  /**
   * Gives up waiting: held bytes of a sequence become keys (`ESC [` is Alt-[),
   * an open paste ends with what it has. For a terminal that never sends the
   * rest, so the keyboard is not stuck behind a marker that will not come.
   */
  flush(): KeyPress[] {
    const held = this.pending;
    this.pending = '';
    if (this.pasting) {
      this.pasting = false;
      return held === '' ? [] : [pastePress(held)];
    }
    if (held === '') return [];
    return [sequenceKey(held.slice(0, 2)), ...[...held.slice(2)].map(characterKey)];
  }

  /** Pasted text up to the end marker (or all there is, holding back a possible start of the marker). */
  private takePaste(text: string, index: number, presses: KeyPress[]): number {
    const end = text.indexOf(PASTE_END, index);
    const stop = end === -1 ? text.length - markerPrefixLength(text, index) : end;
    if (stop > index) presses.push(pastePress(text.slice(index, stop)));
    if (end === -1) {
      this.pending = text.slice(stop);
      return text.length;
    }
    this.pasting = false;
    return end + PASTE_END.length;
  }
}

function pastePress(text: string): KeyPress {
  return { input: text, key: {}, paste: true };
}

/** How long the end of `text` is that could be the start of the paste end marker. */
function markerPrefixLength(text: string, from: number): number {
  for (let length = Math.min(PASTE_END.length - 1, text.length - from); length > 0; length--) {
    if (PASTE_END.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

/**
 * The length of the escape sequence at `index`, or null when the text ends
 * inside it. A lone ESC at the end is the Escape key: Ink has already waited a
 * turn for more before handing it over.
 */
function sequenceLength(text: string, index: number): number | null {
  const next = text[index + 1];
  if (next === undefined) return 1;
  if (next === '[') return csiLength(text, index);
  if (next === 'O') {
    const final = text.codePointAt(index + 2);
    if (final === undefined) return null;
    return isFinalByte(final) ? 3 : 2;
  }
  if (next === ESC) {
    const third = text[index + 2];
    if (third === '[' || third === 'O') {
      const inner = sequenceLength(text, index + 1);
      return inner === null ? null : inner + 1;
    }
    return 2;
  }
  return 1 + String.fromCodePoint(text.codePointAt(index + 1)!).length;
}

/** `ESC [` parameters (0x30–0x3F), intermediates (0x20–0x2F), one final byte (0x40–0x7E). */
function csiLength(text: string, index: number): number | null {
  let at = index + 2;
  // The Linux console's F1–F5 are ESC [ [ A…E.
  if (text[at] === '[') at++;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code >= 0x20 && code <= 0x3f) {
      at++;
      continue;
    }
    // Not a sequence after all: ESC [ is Alt-[, and what follows is keys.
    return isFinalByte(code) ? at + 1 - index : 2;
  }
  return null;
}

function isFinalByte(code: number): boolean {
  return code >= 0x40 && code <= 0x7e;
}
