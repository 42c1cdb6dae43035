import type { Key } from 'ink';
import { anchorAt, bottomIndex, findMatch, isPaused, type LogKeyContext, type LogViewState } from './log-view.js';
import type { ViewEffect, ViewState } from './view-state.js';

/** One key, as handleKey passes it on. */
export interface LogKeyPress {
  input: string;
  key: Partial<Key>;
}

export interface LogKeyOutcome {
  state: ViewState;
  effects: ViewEffect[];
}

/**
 * The log viewer's keys, while it has the keyboard: scroll (pausing), search, toggles.
 * Pure like handleKey; `log` is what the pane showed when the key came (absent: nothing followed yet).
 */
export function handleLogKey(state: ViewState, press: LogKeyPress, log: LogKeyContext | undefined): LogKeyOutcome {
  if (state.log.searchInput !== null) return searchPromptKey(state, press, log);
  const { input, key } = press;
  const view = state.log;
  // A tab inside a chunk of keys comes as the character alone.
  if (key.tab || input === '\t' || input === 'q') return stay({ ...state, focus: { kind: 'list' } });
  if (input === 'l') return stay({ ...state, logPane: false, focus: { kind: 'list' } });
  if (key.escape) return view.search !== '' ? stay(withLog(state, { ...view, search: '', match: null })) : stay({ ...state, focus: { kind: 'list' } });
  if (input === '?') return stay({ ...state, focus: { kind: 'help' } });
  if (input === 't') return stay(withLog(state, { ...view, timestamps: !view.timestamps }));
  if (input === 'f') return stay(withLog(state, { ...view, fullScreen: !view.fullScreen }));
  if (input === '/') return stay(withLog(state, { ...view, searchInput: '' }));
  if (!log) return stay(state);
  const { snapshot, height } = log;
  const bottom = bottomIndex(snapshot.lines, snapshot.generation, view);
  const last = snapshot.lines.length - 1;
  // The bottom line can go no higher than this: the top line is then the oldest held.
  const highest = Math.min(last, Math.max(0, height - 1));
  if (input === 'p') return stay(withLog(state, isPaused(view, snapshot) ? { ...view, anchor: null } : anchorAt(view, snapshot, last, false)));
  if (input === 'n' || input === 'N') return jumpToMatch(state, log, input === 'n' ? -1 : 1);
  let target: number | null = null;
  if (key.upArrow || input === 'k') target = bottom - 1;
  else if (key.downArrow || input === 'j') target = bottom + 1;
  else if (key.pageUp) target = bottom - Math.max(1, height - 1);
  else if (key.pageDown) target = bottom + Math.max(1, height - 1);
  else if (key.home || input === 'g') target = highest;
  else if (key.end || input === 'G') return stay(withLog(state, { ...view, anchor: null }));
  if (target === null) return stay(state);
  if (target < highest && bottom <= highest && !key.home && input !== 'g') {
    // Already at the top of what is held: what is older lies in the log files.
    return { state: withLog(state, anchorAt(view, snapshot, bottom, false)), effects: [{ kind: 'log-older' }] };
  }
  // Scrolling back pauses; scrolling down to the newest line follows again.
  return stay(withLog(state, anchorAt(view, snapshot, Math.max(highest, target), true)));
}

function searchPromptKey(state: ViewState, { input, key }: LogKeyPress, log: LogKeyContext | undefined): LogKeyOutcome {
  const view = state.log;
  const typed = view.searchInput ?? '';
  if (key.escape) return stay(withLog(state, { ...view, searchInput: null }));
  if (key.backspace || key.delete) return stay(withLog(state, { ...view, searchInput: typed.slice(0, -1) }));
  if (key.return) {
    const searched = withLog(state, { ...view, searchInput: null, search: typed, match: null });
    if (typed === '' || !log) return stay(searched);
    // The newest match at or above the bottom line shown: what the user was looking at, or just before it.
    const { snapshot } = log;
    const from = bottomIndex(snapshot.lines, snapshot.generation, view);
    return showMatch(searched, log, findMatch(snapshot.lines, typed, from, -1), typed);
  }
  if (input === '' || key.ctrl || key.meta || key.tab) return stay(state);
  // Pasted text comes as one string; control characters in it would garble the prompt.
  const printable = [...input].filter((ch) => ch >= ' ' && ch !== '\u007f').join('');
  return stay(withLog(state, { ...view, searchInput: typed + printable }));
}

/** n: the next older match; N: the next newer one. */
function jumpToMatch(state: ViewState, log: LogKeyContext, direction: -1 | 1): LogKeyOutcome {
  const view = state.log;
  if (view.search === '') return notice(state, 'search first: / then the text, enter');
  const { snapshot } = log;
  const current = view.match === null ? -1 : snapshot.lines.findIndex((line) => line.seq === view.match);
  const from = current >= 0 ? current + direction : bottomIndex(snapshot.lines, snapshot.generation, view);
  return showMatch(state, log, findMatch(snapshot.lines, view.search, from, direction), view.search, direction);
}

/** Scrolls so the match at `index` is shown (the view stays put when it already is), and marks it. */
function showMatch(state: ViewState, log: LogKeyContext, index: number, search: string, direction: -1 | 1 = -1): LogKeyOutcome {
  if (index < 0) {
    const where = state.log.match === null ? '' : direction < 0 ? ' further back' : ' further on';
    return notice(state, `no match for "${search}"${where}`);
  }
  const { snapshot, height } = log;
  const bottom = bottomIndex(snapshot.lines, snapshot.generation, state.log);
  const shown = index <= bottom && index > bottom - height;
  const marked = { ...state.log, match: snapshot.lines[index]!.seq };
  // Off screen: put the match in the middle; a search pauses following, or new lines would carry it away.
  const anchored = anchorAt(marked, snapshot, shown ? bottom : index + Math.floor(height / 2), false);
  return stay(withLog(state, anchored));
}

function withLog(state: ViewState, log: LogViewState): ViewState {
  return { ...state, log };
}

function stay(state: ViewState): LogKeyOutcome {
  return { state, effects: [] };
}

function notice(state: ViewState, text: string): LogKeyOutcome {
  return { state, effects: [{ kind: 'notice', text }] };
}
