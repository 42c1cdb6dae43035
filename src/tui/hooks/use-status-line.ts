import { useCallback, useEffect, useRef, useState } from 'react';
import type { StatusMessage, StatusTone } from '../model/describe-results.js';

/**
 * How long a message stays by its tone: an answer is read at a glance, an
 * error needs time to read and act on; a pending one stays until its answer
 * replaces it.
 */
export const STATUS_LIFETIME_MS: Readonly<Record<StatusTone, number | null>> = { ok: 4000, info: 4000, error: 15_000, pending: null };

/** The status line's message: gone after its lifetime (or `ttlMs`), or when the next one comes. */
export function useStatusLine(): [StatusMessage | null, (message: StatusMessage, ttlMs?: number) => void] {
  const [message, setMessage] = useState<StatusMessage | null>(null);
  const timer = useRef<NodeJS.Timeout | null>(null);
  const show = useCallback((next: StatusMessage, ttlMs?: number) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    setMessage(next);
    const lifetime = ttlMs ?? STATUS_LIFETIME_MS[next.tone];
    if (lifetime !== null) {
      timer.current = setTimeout(() => {
        timer.current = null;
        setMessage((current) => (current === next ? null : current));
      }, lifetime);
    }
  }, []);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return [message, show];
}
