import { describe, expect, it } from 'vitest';
import { fit, formatClock, formatCpu, formatLastExit, formatUptime, truncate } from '../../src/tui/model/format.js';
import { formatBytes } from '../../src/api/units.js';
import { cleanLogText, logPaneLines, type LogPaneLine } from '../../src/tui/model/log-lines.js';
import { INITIAL_LOG_VIEW } from '../../src/tui/model/log-view.js';
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

  it('keeps the newest lines that fit, marks stderr with !, prefixed by process when following more than one', () => {
    const at = new Date(2026, 0, 2, 9, 5, 7).getTime();
    const lines = [
      { seq: 1, process: 'web:web_00', stream: 'stdout' as const, text: 'one', at },
      { seq: 2, process: 'web:web_01', stream: 'stderr' as const, text: 'two', at },
      { seq: 3, process: 'web:web_00', stream: 'stdout' as const, text: 'three', at: at + 1000 },
    ];
    const text = (l: LogPaneLine) => l.prefix + l.parts.map((p) => p.text).join('');
    const snapshot = (target: string) => ({ target, generation: 1, lines, error: null });
    expect(logPaneLines(snapshot('web:*'), INITIAL_LOG_VIEW, 2, 80).lines.map(text)).toEqual(['09:05:07 ! web_01 | two', '09:05:08   web_00 | three']);
    expect(logPaneLines(snapshot('all'), INITIAL_LOG_VIEW, 1, 80).lines.map(text)).toEqual(['09:05:08   web:web_00 | three']);
    const noTimes = { ...INITIAL_LOG_VIEW, timestamps: false };
    expect(logPaneLines(snapshot('web:web_00'), noTimes, 5, 6).lines.map(text)).toEqual(['  one', '! two', '  thr…']);
  });

  it('marks file lines, splits search matches, and counts new lines below a paused view', () => {
    const lines = [
      { seq: -1, process: 'w:w', stream: 'stdout' as const, text: 'from file', at: null },
      { seq: 1, process: 'w:w', stream: 'stdout' as const, text: 'Error: a and ERROR b', at: 0 },
      { seq: 2, process: 'w:w', stream: 'stdout' as const, text: 'later', at: 0 },
    ];
    const view = { ...INITIAL_LOG_VIEW, timestamps: false, search: 'error', match: 1, anchor: { generation: 1, seq: 1 } };
    const shown = logPaneLines({ target: 'w:w', generation: 1, lines, error: null }, view, 5, 80);
    expect(shown).toMatchObject({ newLines: 1, paused: true });
    expect(shown.lines.map((l) => [l.prefix, l.fromFile, l.current])).toEqual([
      ['file       ', true, false],
      ['  ', false, true],
    ]);
    expect(shown.lines[1]!.parts).toEqual([
      { text: 'Error', match: true },
      { text: ': a and ', match: false },
      { text: 'ERROR', match: true },
      { text: ' b', match: false },
    ]);
  });
});
