import { describe, expect, it } from 'vitest';
import { chooseColumns, DROP_ORDER, MIN_LIST_WIDTH, NAME_CAP } from '../../src/tui/model/column-layout.js';
import { headerCells, longestName, rowCells } from '../../src/tui/model/columns.js';
import { MIN_TERMINAL, screenLayout } from '../../src/tui/model/layout.js';
import type { ListRow } from '../../src/tui/model/rows.js';
import { DEFAULT_SORT } from '../../src/tui/model/sort.js';

const ROW: ListRow = {
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
  port: '127.0.0.1:8000',
  command: 'gunicorn app:app --bind fd://3',
};

/** `  worker_emails_00`: a realistic longest name, 16 columns with its indent. */
const NAME = 16;

describe('chooseColumns', () => {
  it('at 140 columns: the name takes what it needs, every column shows, the rest goes to COMMAND', () => {
    expect(chooseColumns(140, NAME, true)).toEqual({
      nameWidth: NAME,
      columns: ['port', 'pid', 'cpu', 'memory', 'uptime', 'restarts', 'exit'],
      commandWidth: 48,
    });
  });

  it('at 100 columns: every fixed column, too little left for a command', () => {
    expect(chooseColumns(100, NAME, true)).toEqual({ nameWidth: NAME, columns: ['port', 'pid', 'cpu', 'memory', 'uptime', 'restarts', 'exit'], commandWidth: 0 });
  });

  it('at 80 columns: PORT/READY goes first after COMMAND', () => {
    expect(chooseColumns(80, NAME, true)).toEqual({ nameWidth: NAME, columns: ['pid', 'cpu', 'memory', 'uptime', 'restarts', 'exit'], commandWidth: 0 });
  });

  it('at 60x15: exit, restarts and pid go before a name is cut', () => {
    expect(screenLayout(15, 60, false).tooSmall).toBe(false);
    expect(chooseColumns(60, NAME, true)).toEqual({ nameWidth: NAME, columns: ['cpu', 'memory', 'uptime'], commandWidth: 0 });
  });

  it('names are cut only once every other column has gone', () => {
    expect(chooseColumns(40, 30, true)).toEqual({ nameWidth: 40 - 15, columns: [], commandWidth: 0 });
    expect(chooseColumns(52, 30, true)).toEqual({ nameWidth: 30, columns: ['cpu'], commandWidth: 0 });
  });

  it('too small: below the minimum terminal the view draws no list at all', () => {
    expect(screenLayout(MIN_TERMINAL.rows - 1, 60, false).tooSmall).toBe(true);
    expect(screenLayout(15, MIN_TERMINAL.columns - 1, false).tooSmall).toBe(true);
    expect(MIN_LIST_WIDTH).toBeLessThanOrEqual(MIN_TERMINAL.columns);
  });

  it('without a bind address or readiness probe anywhere, PORT/READY never shows and its width goes to COMMAND', () => {
    const layout = chooseColumns(140, NAME, false);
    expect(layout.columns).not.toContain('port');
    expect(layout.commandWidth).toBe(48 + 16);
  });

  it('a very long name is capped, and the width goes to COMMAND', () => {
    expect(chooseColumns(200, 90, true).nameWidth).toBe(NAME_CAP);
  });

  it('drops COMMAND first and CPU last', () => {
    expect(DROP_ORDER[0]).toBe('command');
    expect(DROP_ORDER.at(-1)).toBe('cpu');
  });
});

describe('row cells', () => {
  it.each([140, 100, 80, 60])('a row and its titles line up at %i columns and never pass the width', (width) => {
    const layout = chooseColumns(width, NAME, true);
    const cells = rowCells(ROW, false, layout);
    const titles = headerCells(DEFAULT_SORT, '', layout);
    const line = cells.lead + cells.state + cells.rest;
    expect(line.length).toBeLessThanOrEqual(width);
    expect((titles.lead + titles.state + titles.rest).length).toBe(line.length);
  });

  it('shows every figure of a process row, then PORT/READY and the command at 140', () => {
    const cells = rowCells(ROW, true, chooseColumns(140, NAME, true));
    expect(cells.lead.startsWith('›   web_00')).toBe(true);
    expect(cells.rest.split(/\s+/).filter(Boolean)).toEqual(['127.0.0.1:8000', '4321', '12.5', '12.3M', '5m12s', '3', 'SIGKILL', 'gunicorn', 'app:app', '--bind', 'fd://3']);
  });

  it('marks the sorted column and the filter in the titles', () => {
    const titles = headerCells({ key: 'cpu', descending: true }, 'web', chooseColumns(140, NAME, true));
    expect(titles.rest).toContain('CPU%▼');
    expect(titles.rest).toContain('PORT/READY');
    expect(titles.rest).toContain('COMMAND');
    expect(titles.lead).toContain('NAME /web');
  });

  it('measures the longest name with its indent and count', () => {
    expect(longestName([ROW, { ...ROW, kind: 'program', label: 'web', processCount: 3 }])).toBe('▾ web (3)'.length);
  });
});
