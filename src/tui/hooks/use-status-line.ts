import { useCallback, useEffect, useRef, useState } from 'react';
import type { StatusMessage } from '../model/describe-results.js';

/**
 * The status line's message: stays until the next one, unless shown with a
 * lifetime (the Ctrl-C hint goes when its window closes).
 */
export function useStatusLine(): [StatusMessage | null, (message: StatusMessage, ttlMs?: number) => void] {
  const [message, setMessage] = useState<StatusMessage | null>(null);
  const timer = useRef<NodeJS.Timeout | null>(null);
  const show = useCallback((next: StatusMessage, ttlMs?: number) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    setMessage(next);
    if (ttlMs !== undefined) {
      timer.current = setTimeout(() => {
        timer.current = null;
        setMessage((current) => (current === next ? null : current));
      }, ttlMs);
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
