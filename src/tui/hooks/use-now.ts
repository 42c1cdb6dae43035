import { useEffect, useState } from 'react';

/**
 * The time, ticking every `intervalMs`: uptimes advance without asking the
 * supervisor. Rows re-render only when their text changes (see ProcessRow).
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
