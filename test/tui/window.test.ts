import { describe, expect, it } from 'vitest';
import { footerKeys } from '../../src/tui/model/key-help.js';
import { screenLayout } from '../../src/tui/model/layout.js';
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
    expect(screenLayout(24, 80, false)).toEqual({ tooSmall: false, width: 80, rootHeight: 23, bodyHeight: 19, listRows: 18, logHeight: 0 });
  });

  it('the log pane takes two fifths and leaves the list rows', () => {
    const layout = screenLayout(24, 80, true);
    expect(layout.logHeight).toBe(7);
    expect(layout.listRows + 1 + layout.logHeight).toBe(layout.bodyHeight);
  });

  it('below 40x10 the terminal is too small; at 40x10 the list has its header and four rows', () => {
    expect(screenLayout(9, 80, false).tooSmall).toBe(true);
    expect(screenLayout(24, 39, false).tooSmall).toBe(true);
    expect(screenLayout(10, 40, false)).toMatchObject({ tooSmall: false, listRows: 4 });
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
