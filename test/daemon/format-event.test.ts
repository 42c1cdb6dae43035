import { describe, expect, it } from 'vitest';
import { stampLine } from '../../src/daemon/format-event.js';

/** What a stamp must read, computed the long way from a fresh Date in local time. */
function expected(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

describe('stampLine', () => {
  it('stamps local date and time to the millisecond, within one second and across seconds, days and years', () => {
    const base = new Date(2026, 11, 31, 23, 59, 59, 0).getTime();
    const times = [base, base + 1, base + 998, base + 999, base + 1000, base + 1001, base + 7, base - 1, 0, 999, 1000, base + 86_400_000 + 5, base + 5];
    for (const at of times) expect(stampLine(at, 'web:web STARTING -> RUNNING')).toBe(`${expected(at)} web:web STARTING -> RUNNING`);
  });

  it('pads the milliseconds of a stamp in the same second as the one before', () => {
    const at = new Date(2026, 0, 2, 3, 4, 5, 600).getTime();
    expect(stampLine(at, 'a')).toBe('2026-01-02 03:04:05.600 a');
    expect(stampLine(at - 595, 'b')).toBe('2026-01-02 03:04:05.005 b');
    expect(stampLine(at + 399, 'c')).toBe('2026-01-02 03:04:05.999 c');
    expect(stampLine(at + 400, 'd')).toBe('2026-01-02 03:04:06.000 d');
  });
});
