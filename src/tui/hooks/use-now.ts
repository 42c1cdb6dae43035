import { useEffect, useState } from 'react';

/** How much later than a sample the clock may tick on its own: stats arriving on time pre-empt it. */
const SAMPLE_GRACE_MS = 250;

/**
 * The time, ticking every `intervalMs`: uptimes advance without asking the
 * supervisor. Rows re-render only when their text changes (see ProcessRow).
 * A stats event (`sampleAt`, the supervisor's clock on the same machine) moves
 * the time with it, in the same render, and the clock then waits a little
 * longer than an interval before ticking on its own: a view fed a sample every
 * second redraws once a second, not twice.
 */
export function useNow(intervalMs: number, sampleAt = 0): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: NodeJS.Timeout;
    const tick = (delay: number) => {
      timer = setTimeout(() => {
        setNow(Date.now());
        tick(intervalMs);
      }, delay);
    };
    tick(sampleAt > 0 ? intervalMs + SAMPLE_GRACE_MS : intervalMs);
    return () => clearTimeout(timer);
  }, [intervalMs, sampleAt]);
  return Math.max(now, sampleAt);
}
