import { describe, expect, it } from 'vitest';
import { handleKey, type KeyContext, type KeyPress } from '../../src/tui/model/handle-key.js';
import { bottomIndex } from '../../src/tui/model/log-view.js';
import { INITIAL_VIEW_STATE, type ViewState } from '../../src/tui/model/view-state.js';
import type { LogLine, LogSnapshot } from '../../src/tui/stores/log-store.js';

/** 30 lines `line 1` … `line 30`; every tenth says ERROR. */
function snapshotOf(count = 30): LogSnapshot {
  const lines: LogLine[] = Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    process: 'web:web_00',
    stream: i % 2 ? 'stderr' : 'stdout',
    text: (i + 1) % 10 === 0 ? `line ${i + 1} ERROR` : `line ${i + 1}`,
    at: 1000 + i,
  }));
  return { target: 'web:web_00', generation: 3, lines, error: null };
}

const LOG_FOCUS: ViewState = { ...INITIAL_VIEW_STATE, logPane: true, focus: { kind: 'log' } };

function context(snapshot: LogSnapshot = snapshotOf()): KeyContext {
  return { rows: [], pageSize: 10, mode: 'embedded', log: { snapshot, height: 5 } };
}

function keyOf(k: string): KeyPress {
  if (k === 'UP') return { input: '', key: { upArrow: true } };
  if (k === 'PGUP') return { input: '', key: { pageUp: true } };
  if (k === 'ENTER') return { input: '', key: { return: true } };
  if (k === 'ESC') return { input: '', key: { escape: true } };
  if (k === 'TAB') return { input: '', key: { tab: true } };
  return { input: k, key: {} };
}

/** Every key in turn, effects gathered. */
function pressAll(keys: string[], state = LOG_FOCUS, ctx = context()) {
  const effects = [];
  for (const k of keys) {
    const outcome = handleKey(state, keyOf(k), ctx);
    state = outcome.state;
    effects.push(...outcome.effects);
  }
  return { state, effects };
}

const bottomText = (state: ViewState, snapshot = snapshotOf()) => snapshot.lines[bottomIndex(snapshot.lines, snapshot.generation, state.log)]?.text;

describe('the log viewer keys', () => {
  it('tab gives the log viewer the keys and opens the pane; tab, q or esc give them back; l closes the pane', () => {
    const opened = handleKey(INITIAL_VIEW_STATE, keyOf('TAB'), context()).state;
    expect(opened).toMatchObject({ logPane: true, focus: { kind: 'log' } });
    for (const key of ['TAB', 'q', 'ESC']) expect(pressAll([key], opened).state).toMatchObject({ logPane: true, focus: { kind: 'list' } });
    expect(pressAll(['l'], opened).state).toMatchObject({ logPane: false, focus: { kind: 'list' } });
  });

  it('scrolling back pauses on a line; down to the newest follows again; G follows at once', () => {
    expect(bottomText(pressAll(['k']).state)).toBe('line 29');
    expect(pressAll(['k']).state.log.anchor).toEqual({ generation: 3, seq: 29 });
    expect(bottomText(pressAll(['k', 'k', 'PGUP']).state)).toBe('line 24');
    expect(pressAll(['k', 'k', 'j', 'j']).state.log.anchor).toBeNull();
    expect(pressAll(['k', 'k', 'k', 'G']).state.log.anchor).toBeNull();
    expect(bottomText(pressAll(['g']).state)).toBe('line 5');
  });

  it('past the top of what is held asks for older lines from the log files, without moving', () => {
    const atTop = pressAll(['g']);
    expect(atTop.effects).toEqual([]);
    const further = pressAll(['k'], atTop.state);
    expect(further.effects).toEqual([{ kind: 'log-older' }]);
    expect(bottomText(further.state)).toBe('line 5');
    expect(pressAll(['PGUP'], atTop.state).effects).toEqual([{ kind: 'log-older' }]);
    // Fewer lines than the pane: the top is already shown.
    expect(pressAll(['UP'], LOG_FOCUS, context(snapshotOf(3))).effects).toEqual([{ kind: 'log-older' }]);
  });

  it('p pauses at the newest line and resumes; the anchor of another generation means following', () => {
    const paused = pressAll(['p']).state;
    expect(paused.log.anchor).toEqual({ generation: 3, seq: 30 });
    expect(pressAll(['p'], paused).state.log.anchor).toBeNull();
    const other = { ...snapshotOf(35), generation: 4 };
    expect(bottomText(paused, other)).toBe('line 35');
    expect(bottomText(paused, { ...other, generation: 3 })).toBe('line 30 ERROR');
  });

  it('t, f toggle times and full screen', () => {
    expect(pressAll(['t']).state.log.timestamps).toBe(false);
    expect(pressAll(['t', 't']).state.log.timestamps).toBe(true);
    expect(pressAll(['f']).state.log.fullScreen).toBe(true);
  });

  it('/ prompts; enter jumps to the newest match; n goes back, N forward; no match is said', () => {
    const typed = pressAll(['/', 'e', 'r', 'r', 'o', 'r']).state;
    expect(typed.log.searchInput).toBe('error');
    const found = pressAll(['ENTER'], typed).state;
    expect(found.log).toMatchObject({ search: 'error', searchInput: null, match: 30 });
    const older = pressAll(['n'], found).state;
    expect(older.log.match).toBe(20);
    // Off screen: centred, which pauses following.
    expect(bottomText(older)).toBe('line 22');
    expect(pressAll(['n', 'n'], found).state.log.match).toBe(10);
    const none = pressAll(['n', 'n', 'n'], found);
    expect(none.state.log.match).toBe(10);
    expect(none.effects.at(-1)).toEqual({ kind: 'notice', text: 'no match for "error" further back' });
    expect(pressAll(['n', 'n', 'N'], found).state.log.match).toBe(20);
    expect(pressAll(['/', 'z', 'z', 'ENTER']).effects).toEqual([{ kind: 'notice', text: 'no match for "zz"' }]);
    expect(pressAll(['ESC'], found).state.log).toMatchObject({ search: '', match: null });
    expect(pressAll(['/', 'x', 'ESC']).state.log).toMatchObject({ search: '', searchInput: null });
  });

  it('a pasted search is text, control characters dropped', () => {
    const state = pressAll(['/', 'line 2\u0007']).state;
    expect(state.log.searchInput).toBe('line 2');
  });
});
