import { describe, expect, it } from 'vitest';
import { fit, formatClock, formatCpu, formatLastExit, formatUptime, truncate } from '../../src/tui/model/format.js';
import { formatBytes } from '../../src/api/units.js';
import { cleanLogText, logPaneLines } from '../../src/tui/model/log-lines.js';
import { sparkline } from '../../src/tui/model/sparkline.js';

describe('formatBytes', () => {
  it.each([
    [null, '-'],
    [0, '0B'],
    [512, '512B'],
    [1024, '1.0K'],
    [12.3 * 1024 * 1024, '12.3M'],
    [1.2 * 1024 ** 3, '1.2G'],
    [1023.97 * 1024, '1.0M'],
    [3 * 1024 ** 4, '3.0T'],
  ])('%s → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('formatUptime', () => {
  it.each([
    [null, '-'],
    [-5, '-'],
    [0, '0s'],
    [42_000, '42s'],
    [5 * 60_000 + 12_000, '5m12s'],
    [3 * 3_600_000 + 4 * 60_000 + 59_000, '3h04m'],
    [26 * 3_600_000, '1d2h'],
    [400 * 86_400_000, '400d0h'],
  ])('%s → %s', (ms, text) => expect(formatUptime(ms)).toBe(text));
});

describe('formatCpu and formatLastExit', () => {
  it('cpu has one decimal, unknown is -', () => {
    expect(formatCpu(12.54)).toBe('12.5');
    expect(formatCpu(0)).toBe('0.0');
    expect(formatCpu(null)).toBe('-');
  });

  it('the signal wins over the code; nothing is -', () => {
    expect(formatLastExit(1, null)).toBe('exit 1');
    expect(formatLastExit(0, null)).toBe('exit 0');
    expect(formatLastExit(null, 'SIGKILL')).toBe('SIGKILL');
    expect(formatLastExit(null, null)).toBe('-');
  });
});

describe('formatClock', () => {
  it('shows seconds today, the date on another day', () => {
    const now = new Date(2025, 2, 7, 15, 0, 0).getTime();
    expect(formatClock(new Date(2025, 2, 7, 14, 3, 9).getTime(), now)).toBe('14:03:09');
    expect(formatClock(new Date(2025, 2, 6, 9, 5, 0).getTime(), now)).toBe('03-06 09:05');
  });
});

describe('truncate and fit', () => {
  it('cuts with an ellipsis and pads to the width', () => {
    expect(truncate('webserver', 5)).toBe('webs…');
    expect(truncate('web', 5)).toBe('web');
    expect(truncate('web', 0)).toBe('');
    expect(fit('web', 5)).toBe('web  ');
    expect(fit('12', 5, 'right')).toBe('   12');
    expect(fit('webserver', 4, 'right')).toBe('web…');
  });
});

describe('sparkline', () => {
  it('scales to the ceiling, newest on the right, at most width bars', () => {
    expect(sparkline([0, 50, 100], 10, 100)).toBe('▁▅█');
    expect(sparkline([0, 10, 20, 30], 2, 0)).toBe('▆█');
    expect(sparkline([], 10)).toBe('');
    expect(sparkline([0, 0], 10)).toBe('▁▁');
  });

  it('a value above the ceiling raises the scale', () => {
    expect(sparkline([100, 200], 5, 100)).toBe('▅█');
  });
});

describe('log lines', () => {
  it('strips escapes and control characters a program prints', () => {
    expect(cleanLogText('\u001B[31mred\u001B[0m\tdone\r')).toBe('red    done');
    expect(cleanLogText('\u001B]0;title\u0007text')).toBe('text');
  });

  it('keeps the newest lines that fit, prefixed by process when following a program', () => {
    const lines = [
      { process: 'web:web_00', stream: 'stdout' as const, text: 'one' },
      { process: 'web:web_01', stream: 'stderr' as const, text: 'two' },
      { process: 'web:web_00', stream: 'stdout' as const, text: 'three' },
    ];
    expect(logPaneLines({ target: 'web:*', lines, error: null }, 2, 80)).toEqual([
      { text: 'web_01 | two', stderr: true },
      { text: 'web_00 | three', stderr: false },
    ]);
    expect(logPaneLines({ target: 'web:web_00', lines, error: null }, 5, 4).map((l) => l.text)).toEqual(['one', 'two', 'thr…']);
  });
});
