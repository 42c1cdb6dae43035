import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import type { KeyPress } from '../model/handle-key.js';
import { KeyDecoder, type DecoderWait } from '../model/key-decoder.js';

/**
 * How long held-back input waits for its rest before it is taken as it is.
 * A cut escape sequence comes together within a read or two; a terminal
 * writes a whole paste at once, so a second of silence inside one means
 * its end marker was lost, and the keyboard must not stay swallowed.
 */
const GIVE_UP_MS: Record<Exclude<DecoderWait, null>, number> = { sequence: 200, paste: 1000 };

/**
 * Every key the terminal sends, in order, one press each, with bracketed
 * pastes as single presses (see KeyDecoder). Reads the strings Ink's input
 * parser emits, before useInput would flatten a chunk into one key and strip
 * the ESC of a paste marker. Puts stdin in raw mode while mounted, as
 * useInput does.
 */
export function useKeyInput(onKeys: (presses: KeyPress[]) => void): void {
  const { internal_eventEmitter: input, setRawMode } = useStdin();
  // A new handler each render must not reset the decoder (and drop half a paste).
  const handler = useRef(onKeys);
  handler.current = onKeys;

  useEffect(() => {
    setRawMode(true);
    return () => setRawMode(false);
  }, [setRawMode]);

  useEffect(() => {
    const decoder = new KeyDecoder();
    let giveUp: NodeJS.Timeout | undefined;
    const deliver = (presses: KeyPress[]) => {
      if (presses.length > 0) handler.current(presses);
    };
    const onInput = (chunk: string) => {
      clearTimeout(giveUp);
      deliver(decoder.push(chunk));
      const waiting = decoder.waitingFor;
      if (waiting) giveUp = setTimeout(() => deliver(decoder.flush()), GIVE_UP_MS[waiting]);
    };
    input.on('input', onInput);
    return () => {
      clearTimeout(giveUp);
      input.off('input', onInput);
    };
  }, [input]);
}
