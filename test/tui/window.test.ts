import { describe, expect, it } from 'vitest';
import { headerCells, nameWidth, rowCells } from '../../src/tui/model/columns.js';
import { footerKeys } from '../../src/tui/model/key-help.js';
import { screenLayout } from '../../src/tui/model/layout.js';
import type { ListRow } from '../../src/tui/model/rows.js';
import { DEFAULT_SORT } from '../../src/tui/model/sort.js';
import { moveSelection, resolveSelection, scrollTop } from '../../src/tui/model/window.js';

describe('scrollTop', () => {
  it.each([
    ['everything fits', 5, 3, 10, 8, 0],
    ['selection visible: no scroll', 4, 6, 5, 100, 4],
    ['moving below the window scrolls by one', 4, 9, 5, 100, 5],
    ['jumping to the bottom shows the last page', 0, 99, 5, 100, 95],
    ['moving above the window scrolls up to it', 50, 10, 5, 100, 10],
    ['a shrunk list never leaves space below', 95, 20, 5, 30, 20],
    ['after the list shrank, the top moves up to fill the window', 28, 29, 5, 30, 25],
  ])('%s', (_what, previous, selected, height, total, expected) => {
    expect(scrollTop(previous, selected, height, total)).toBe(expected);
  });
});

describe('selection', () => {
  const rows = [{ key: 'a' }, { key: 'b' }, { key: 'c' }];

  it('follows its key, else stays near where it was', () => {
    expect(resolveSelection(rows, 'c', 0)).toBe(2);
    expect(resolveSelection(rows, 'gone', 1)).toBe(1);
    expect(resolveSelection(rows, 'gone', 9)).toBe(2);
    expect(resolveSelection([], 'a', 0)).toBe(-1);
  });

  it('moves within the list', () => {
    expect(moveSelection(0, -1, 3)).toBe(0);
    expect(moveSelection(1, 10, 3)).toBe(2);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });
});

describe('screenLayout', () => {
  it('at 80x24: one line short of the terminal, the list gets the rest', () => {
    expect(screenLayout(24, 80, false)).toEqual({ width: 80, rootHeight: 23, bodyHeight: 19, listRows: 18, logHeight: 0 });
  });

  it('the log pane takes two fifths and leaves the list rows', () => {
    const layout = screenLayout(24, 80, true);
    expect(layout.logHeight).toBe(7);
    expect(layout.listRows + 1 + layout.logHeight).toBe(layout.bodyHeight);
  });

  it('a tiny terminal still gets a usable minimum', () => {
    expect(screenLayout(5, 20, true).listRows).toBeGreaterThanOrEqual(1);
  });
});

describe('columns', () => {
  const row: ListRow = {
    key: 'process/web:web_00',
    kind: 'process',
    label: 'web_00',
    program: 'web',
    name: 'web:web_00',
    processCount: 1,
    scaledToZero: false,
    onlyProcess: null,
    collapsed: false,
    state: { text: 'RUNNING', tone: 'RUNNING' },
    pid: 4321,
    cpuPercent: 12.5,
    rssBytes: 12.3 * 1024 * 1024,
    uptimeMs: 312_000,
    restarts: 3,
    lastExit: 'SIGKILL',
  };

  it('a row is exactly as wide as the terminal, whatever the width', () => {
    for (const width of [80, 100, 160]) {
      const cells = rowCells(row, false, width);
      expect((cells.lead + cells.state + cells.rest).length).toBe(width);
      const titles = headerCells(DEFAULT_SORT, '', width);
      expect((titles.lead + titles.state + titles.rest).length).toBe(width);
    }
    expect(nameWidth(80)).toBeGreaterThanOrEqual(20);
  });

  it('shows every figure of a process row', () => {
    const cells = rowCells(row, true, 80);
    expect(cells.lead.startsWith('›   web_00')).toBe(true);
    expect(cells.rest.split(/\s+/).filter(Boolean)).toEqual(['4321', '12.5', '12.3M', '5m12s', '3', 'SIGKILL']);
  });

  it('marks the sorted column and the filter in the titles', () => {
    const titles = headerCells({ key: 'cpu', descending: true }, 'web', 80);
    expect(titles.rest).toContain('CPU%▼');
    expect(titles.lead).toContain('NAME /web');
  });
});

describe('footer', () => {
  it.each([80, 100, 140])('fits %i columns', (width) => {
    const { items, gap } = footerKeys(width);
    const text = items.map(([key, meaning]) => `${key} ${meaning}`).join(gap);
    expect(text.length).toBeLessThan(width);
    expect(text).toContain('q quit');
  });
});
