import { describe, expect, it } from 'vitest';
import { disarmCtrlC, handleKey, type KeyContext, type KeyPress } from '../../src/tui/model/handle-key.js';
import { buildRows } from '../../src/tui/model/rows.js';
import { DEFAULT_SORT } from '../../src/tui/model/sort.js';
import { INITIAL_VIEW_STATE, type ViewState } from '../../src/tui/model/view-state.js';
import type { ProcessStatus } from '../../src/api/supervisor-api.js';

function proc(name: string): ProcessStatus {
  const [program, processName] = name.split(':') as [string, string];
  return {
    name,
    program,
    processName,
    group: program,
    num: 0,
    state: 'RUNNING',
    pid: 1,
    description: '',
    restarts: 0,
    exitCode: null,
    exitSignal: null,
    uptimeMs: 0,
    startedAt: 0,
    lastExitAt: null,
    ready: null,
    cpuPercent: null,
    rssBytes: null,
    cpuSeconds: null,
    scaledToZero: false,
    done: false,
  };
}

const rows = buildRows([proc('web:web_00'), proc('web:web_01'), proc('worker:worker')], new Map(), {
  filter: '',
  collapsed: new Set(),
  sort: DEFAULT_SORT,
  now: 0,
});
// all, web, web_00, web_01, worker, worker
const context: KeyContext = { rows, pageSize: 3, mode: 'embedded' };

function press(state: ViewState, input: string, key: KeyPress['key'] = {}, ctx = context) {
  return handleKey(state, { input, key }, ctx);
}

/** Presses keys one after another, returning the final state and every effect. */
function pressAll(keys: (string | [string, KeyPress['key']])[], state = INITIAL_VIEW_STATE, ctx = context) {
  const effects = [];
  for (const key of keys) {
    const [input, flags] = typeof key === 'string' ? [key, {}] : key;
    const outcome = press(state, input, flags, ctx);
    state = outcome.state;
    effects.push(...outcome.effects);
  }
  return { state, effects };
}

const at = (index: number): ViewState => ({ ...INITIAL_VIEW_STATE, selectedKey: rows[index]!.key, selectedIndex: index });

describe('moving', () => {
  it('j/k and arrows move one row, clamped at the ends', () => {
    expect(pressAll(['j', 'j']).state.selectedKey).toBe(rows[2]!.key);
    expect(pressAll([['', { downArrow: true }], ['', { upArrow: true }], 'k']).state.selectedKey).toBe('all');
    expect(pressAll(['G', 'j']).state.selectedKey).toBe(rows.at(-1)!.key);
  });

  it('PgDn/PgUp move a page, g/G to the ends', () => {
    expect(pressAll([['', { pageDown: true }]]).state.selectedIndex).toBe(3);
    expect(pressAll(['G', ['', { pageUp: true }]]).state.selectedIndex).toBe(2);
    expect(pressAll(['G', 'g']).state.selectedIndex).toBe(0);
  });
});

describe('actions', () => {
  it.each([
    ['s', 'start'],
    ['x', 'stop'],
    ['r', 'restart'],
    ['R', 'reload'],
  ])('%s on a process acts on its name, on a program on program:*', (key, verb) => {
    expect(press(at(2), key).effects).toEqual([{ kind: 'action', verb, target: 'web:web_00' }]);
    expect(press(at(1), key).effects).toEqual([{ kind: 'action', verb, target: 'web:*' }]);
  });

  it('on the all row, s acts at once but x, r and R ask first', () => {
    expect(press(at(0), 's').effects).toEqual([{ kind: 'action', verb: 'start', target: 'all' }]);
    const asked = press(at(0), 'x');
    expect(asked.effects).toEqual([]);
    expect(asked.state.focus).toMatchObject({ kind: 'confirm', question: 'stop every process?' });
    expect(press(asked.state, 'y').effects).toEqual([{ kind: 'action', verb: 'stop', target: 'all' }]);
    const declined = press(asked.state, 'n');
    expect(declined.effects).toEqual([{ kind: 'notice', text: 'cancelled' }]);
    expect(declined.state.focus.kind).toBe('list');
    expect(press(asked.state, 'z').state).toBe(asked.state);
  });

  it('+ and - scale the program of the selected row; the all row needs a program', () => {
    expect(press(at(3), '+').effects).toEqual([{ kind: 'scale', program: 'web', count: '+1' }]);
    expect(press(at(4), '-').effects).toEqual([{ kind: 'scale', program: 'worker', count: '-1' }]);
    expect(press(at(0), '+').effects).toEqual([{ kind: 'notice', text: expect.stringContaining('select a program') }]);
  });
});

describe('folding, details, panels', () => {
  it('space toggles a program, ← folds, → unfolds; on a process ← goes to its program', () => {
    expect(press(at(1), ' ').state.collapsed).toEqual(new Set(['web']));
    expect(press({ ...at(1), collapsed: new Set(['web']) }, ' ').state.collapsed).toEqual(new Set());
    expect(press(at(1), '', { leftArrow: true }).state.collapsed).toEqual(new Set(['web']));
    expect(press({ ...at(1), collapsed: new Set(['web']) }, '', { rightArrow: true }).state.collapsed).toEqual(new Set());
    const up = press(at(3), '', { leftArrow: true }).state;
    expect(up.selectedKey).toBe(rows[1]!.key);
    expect(up.collapsed.size).toBe(0);
  });

  it('enter opens details of a process, of a program with one process, or of a program of several; enter or esc closes', () => {
    const open = press(at(2), '', { return: true }).state;
    expect(open.focus).toEqual({ kind: 'details', name: 'web:web_00' });
    expect(press(open, '', { escape: true }).state.focus.kind).toBe('list');
    expect(press(open, '', { return: true }).state.focus.kind).toBe('list');
    expect(press(at(4), '', { return: true }).state.focus).toEqual({ kind: 'details', name: 'worker:worker' });
    const program = press(at(1), '', { return: true }).state;
    expect(program.focus).toEqual({ kind: 'program-details', program: 'web' });
    expect(press(program, '', { escape: true }).state.focus.kind).toBe('list');
    expect(press(at(0), '', { return: true }).effects[0]).toMatchObject({ kind: 'notice', text: 'details: select a program or a process' });
  });

  it('l toggles the log pane, ? shows help and any key closes it', () => {
    expect(press(at(0), 'l').state.logPane).toBe(true);
    const help = press(at(0), '?').state;
    expect(help.focus.kind).toBe('help');
    expect(press(help, 'x').state.focus.kind).toBe('list');
    expect(press(help, 'x').effects).toEqual([]);
  });

  it('c, m, n, u sort; the same key again reverses', () => {
    expect(pressAll(['c']).state.sort).toEqual({ key: 'cpu', descending: true });
    expect(pressAll(['c', 'c']).state.sort).toEqual({ key: 'cpu', descending: false });
    expect(pressAll(['m']).state.sort).toEqual({ key: 'memory', descending: true });
    expect(pressAll(['u']).state.sort).toEqual({ key: 'uptime', descending: true });
    expect(pressAll(['n']).state.sort).toEqual({ key: 'name', descending: true });
  });
});

describe('filter', () => {
  it('/ types a filter live; enter keeps it, esc clears it', () => {
    const typed = pressAll(['/', 'w', 'e', 'b', 'x', ['', { backspace: true }]]).state;
    expect(typed).toMatchObject({ filter: 'web', focus: { kind: 'filter' } });
    expect(press(typed, '', { return: true }).state).toMatchObject({ filter: 'web', focus: { kind: 'list' } });
    expect(press(typed, '', { escape: true }).state).toMatchObject({ filter: '', focus: { kind: 'list' } });
  });

  it('letters that are keys in the list are text in the filter', () => {
    expect(pressAll(['/', 'q', 'j', 's']).state.filter).toBe('qjs');
    expect(pressAll(['/', 'q', 'j', 's']).effects).toEqual([]);
  });

  it('a paste is text in the filter (newlines and controls dropped), and nothing anywhere else', () => {
    const paste = (state: ViewState, input: string) => handleKey(state, { input, key: {}, paste: true }, context);
    const filtering = pressAll(['/', 'w']).state;
    expect(paste(filtering, 'eb\r\n\u0003\t_00')).toEqual({ state: { ...filtering, filter: 'web_00' }, effects: [] });
    for (const state of [at(2), pressAll(['x']).state, pressAll(['q']).state, pressAll(['?']).state, pressAll(['j', 'j', ['', { return: true }]]).state]) {
      expect(paste(state, 'x\ryq\u0003s+')).toEqual({ state, effects: [] });
    }
  });

  it("a paste is text in the log viewer's search prompt, and nothing in the log viewer itself", () => {
    const paste = (state: ViewState, input: string) => handleKey(state, { input, key: {}, paste: true }, context);
    const viewing: ViewState = { ...INITIAL_VIEW_STATE, focus: { kind: 'log' }, logPane: true };
    expect(paste(viewing, 'pft/')).toEqual({ state: viewing, effects: [] });
    const prompting: ViewState = { ...viewing, log: { ...viewing.log, searchInput: 'er' } };
    expect(paste(prompting, 'ror\r\n 42').state.log.searchInput).toBe('error 42');
  });
});

describe('quitting', () => {
  it('embedded: q then s stops everything, q then d leaves it running, esc cancels', () => {
    expect(pressAll(['q', 's']).effects).toEqual([{ kind: 'exit', reason: 'stop-all' }]);
    expect(pressAll(['q', 'd']).effects).toEqual([{ kind: 'exit', reason: 'detach' }]);
    const cancelled = pressAll(['q', ['', { escape: true }]]);
    expect(cancelled.effects).toEqual([]);
    expect(cancelled.state.focus.kind).toBe('list');
  });

  it('attached: q then d detaches; q then s asks y/n first', () => {
    const attached = { ...context, mode: 'attached' as const };
    expect(pressAll(['q', 'd'], INITIAL_VIEW_STATE, attached).effects).toEqual([{ kind: 'exit', reason: 'detach' }]);
    expect(pressAll(['q', 's'], INITIAL_VIEW_STATE, attached).effects).toEqual([]);
    expect(pressAll(['q', 's', 'y'], INITIAL_VIEW_STATE, attached).effects).toEqual([{ kind: 'exit', reason: 'stop-all' }]);
    expect(pressAll(['q', 's', 'n'], INITIAL_VIEW_STATE, attached).effects).toEqual([{ kind: 'notice', text: 'cancelled' }]);
  });

  it('Ctrl-C arms, a second one quits (stop-all embedded, detach attached), anywhere', () => {
    const ctrlC: [string, KeyPress['key']] = ['c', { ctrl: true }];
    expect(pressAll([ctrlC]).effects).toEqual([{ kind: 'arm-ctrl-c' }]);
    expect(pressAll([ctrlC, ctrlC]).effects.at(-1)).toEqual({ kind: 'exit', reason: 'stop-all' });
    expect(pressAll(['/', ctrlC, ctrlC], INITIAL_VIEW_STATE, { ...context, mode: 'attached' }).effects.at(-1)).toEqual({ kind: 'exit', reason: 'detach' });
    const armed = pressAll([ctrlC]).state;
    expect(press(disarmCtrlC(armed), 'c', { ctrl: true }).effects).toEqual([{ kind: 'arm-ctrl-c' }]);
  });
});

describe('an empty list', () => {
  it('ignores moves and actions', () => {
    const empty = { ...context, rows: [] };
    expect(pressAll(['j', 'G', 's', 'x', '+'], INITIAL_VIEW_STATE, empty).effects).toEqual([]);
  });
});
