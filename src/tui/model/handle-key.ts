import type { Key } from 'ink';
import { handleLogKey } from './handle-log-key.js';
import type { LogKeyContext } from './log-view.js';
import type { ListRow } from './rows.js';
import { nextSort, type SortKey } from './sort.js';
import { actionTarget, detailsTarget, scaleTarget, type ActionVerb } from './targets.js';
import type { ViewEffect, ViewMode, ViewState } from './view-state.js';
import { moveSelection, resolveSelection } from './window.js';

/** One key, in the shape Ink reports it, or one bracketed paste. */
export interface KeyPress {
  input: string;
  key: Partial<Key>;
  /** `input` is text the terminal marked as pasted: never keys. */
  paste?: boolean;
}

/** What a key needs to know about the screen. */
export interface KeyContext {
  rows: readonly ListRow[];
  /** Rows on one screen, for PgUp/PgDn. */
  pageSize: number;
  mode: ViewMode;
  /** What the log pane shows, while it is open. */
  log?: LogKeyContext;
}

export interface KeyOutcome {
  state: ViewState;
  effects: ViewEffect[];
}

const ACTION_KEYS: Record<string, ActionVerb> = { s: 'start', x: 'stop', r: 'restart', R: 'reload' };
const SORT_KEYS: Record<string, SortKey> = { c: 'cpu', m: 'memory', n: 'name', u: 'uptime' };
const ALL_QUESTIONS: Partial<Record<ActionVerb, string>> = {
  stop: 'stop every process?',
  restart: 'restart every process?',
  reload: 'reload every program?',
};

/**
 * The whole keyboard as a pure function: (state, key) → (state, effects).
 * The view runs the effects (API calls, exits); tests drive this directly.
 */
export function handleKey(state: ViewState, press: KeyPress, context: KeyContext): KeyOutcome {
  // Only the prompts take text; anywhere else a pasted "x" must not stop a process.
  if (press.paste) return pasteKey(state, press.input);
  if (press.key.ctrl && press.input === 'c') return pressCtrlC(state, context);
  switch (state.focus.kind) {
    case 'list':
      return listKey(state, press, context);
    case 'filter':
      return filterKey(state, press, context);
    case 'confirm':
      return confirmKey(state, press, state.focus.effect);
    case 'details':
    case 'program-details':
      return press.key.return || press.key.escape || press.input === 'q' ? toList(state) : stay(state);
    case 'help':
      return toList(state);
    case 'log':
      return handleLogKey(state, press, context.log);
    case 'quit':
      return quitKey(state, press, context.mode);
  }
}

function pasteKey(state: ViewState, text: string): KeyOutcome {
  if (state.focus.kind === 'filter') return stay({ ...state, filter: state.filter + printable(text) });
  if (state.focus.kind === 'log' && state.log.searchInput !== null) return stay({ ...state, log: { ...state.log, searchInput: state.log.searchInput + printable(text) } });
  return stay(state);
}

/** The timer of the first Ctrl-C ran out. */
export function disarmCtrlC(state: ViewState): ViewState {
  return state.ctrlCArmed ? { ...state, ctrlCArmed: false } : state;
}

function pressCtrlC(state: ViewState, context: KeyContext): KeyOutcome {
  if (!state.ctrlCArmed) return { state: { ...state, ctrlCArmed: true }, effects: [{ kind: 'arm-ctrl-c' }] };
  // Embedded, the terminal is the supervisor's; attached, only the view ends.
  return { state: { ...state, ctrlCArmed: false }, effects: [{ kind: 'exit', reason: context.mode === 'embedded' ? 'stop-all' : 'detach' }] };
}

function listKey(state: ViewState, { input, key }: KeyPress, context: KeyContext): KeyOutcome {
  const moved = moveKey(state, { input, key }, context);
  if (moved) return moved;
  const index = resolveSelection(context.rows, state.selectedKey, state.selectedIndex);
  const row = context.rows[index];
  if (input === '/') return stay({ ...state, focus: { kind: 'filter' } });
  if (input === '?') return stay({ ...state, focus: { kind: 'help' } });
  if (input === 'q') return stay({ ...state, focus: { kind: 'quit' } });
  if (input === 'l') return stay({ ...state, logPane: !state.logPane });
  // A tab inside a chunk of keys comes as the character alone.
  if (key.tab || input === '\t') return stay({ ...state, logPane: true, focus: { kind: 'log' } });
  const sortKey = SORT_KEYS[input];
  if (sortKey) return stay({ ...state, sort: nextSort(state.sort, sortKey) });
  if (key.escape && state.filter !== '') return stay({ ...state, filter: '' });
  if (!row) return stay(state);
  if (input === ' ' || key.leftArrow || key.rightArrow) return collapseKey(state, row, context, key.leftArrow ? 'collapse' : key.rightArrow ? 'expand' : 'toggle');
  if (key.return) {
    const name = detailsTarget(row);
    if (name) return stay({ ...state, focus: { kind: 'details', name } });
    if (row.kind === 'program') return stay({ ...state, focus: { kind: 'program-details', program: row.program! } });
    return notice(state, 'details: select a program or a process');
  }
  const verb = ACTION_KEYS[input];
  if (verb) {
    const effect: ViewEffect = { kind: 'action', verb, target: actionTarget(row) };
    const question = row.kind === 'all' ? ALL_QUESTIONS[verb] : undefined;
    if (question) return stay({ ...state, focus: { kind: 'confirm', question, effect } });
    return { state, effects: [effect] };
  }
  if (input === '+' || input === '-') {
    const program = scaleTarget(row);
    if (!program) return notice(state, 'scale: select a program (or one of its processes) first');
    return { state, effects: [{ kind: 'scale', program, count: input === '+' ? '+1' : '-1' }] };
  }
  return stay(state);
}

/** Arrows, j/k, PgUp/PgDn, g/G: shared by the list and the filter prompt (arrows only there). */
function moveKey(state: ViewState, { input, key }: KeyPress, context: KeyContext): KeyOutcome | null {
  const index = resolveSelection(context.rows, state.selectedKey, state.selectedIndex);
  const last = context.rows.length - 1;
  const typing = state.focus.kind === 'filter';
  let target: number | null = null;
  if (key.upArrow || (!typing && input === 'k')) target = index - 1;
  else if (key.downArrow || (!typing && input === 'j')) target = index + 1;
  else if (key.pageUp) target = index - Math.max(1, context.pageSize);
  else if (key.pageDown) target = index + Math.max(1, context.pageSize);
  else if (key.home || (!typing && input === 'g')) target = 0;
  else if (key.end || (!typing && input === 'G')) target = last;
  if (target === null) return null;
  return stay(select(state, context.rows, moveSelection(0, target, context.rows.length)));
}

function collapseKey(state: ViewState, row: ListRow, context: KeyContext, how: 'collapse' | 'expand' | 'toggle'): KeyOutcome {
  if (row.kind === 'all') return stay(state);
  const program = row.program!;
  if (row.kind === 'process') {
    // On a process, ← and space go up to its program row (space also folds it).
    if (how === 'expand') return stay(state);
    const programIndex = context.rows.findIndex((r) => r.kind === 'program' && r.program === program);
    const moved = programIndex >= 0 ? select(state, context.rows, programIndex) : state;
    return how === 'toggle' ? stay(setCollapsed(moved, program, true)) : stay(moved);
  }
  const collapse = how === 'toggle' ? !state.collapsed.has(program) : how === 'collapse';
  return stay(setCollapsed(state, program, collapse));
}

function filterKey(state: ViewState, press: KeyPress, context: KeyContext): KeyOutcome {
  const { input, key } = press;
  if (key.return) return toList(state);
  if (key.escape) return stay({ ...state, filter: '', focus: { kind: 'list' } });
  if (key.backspace || key.delete) return stay({ ...state, filter: state.filter.slice(0, -1) });
  const moved = moveKey(state, press, context);
  if (moved) return moved;
  if (input === '' || key.ctrl || key.meta || key.tab) return stay(state);
  return stay({ ...state, filter: state.filter + printable(input) });
}

/** Control characters (a pasted newline, tab or escape) would garble the one-line prompt. */
function printable(text: string): string {
  return [...text].filter((ch) => ch >= ' ' && ch !== '\u007f').join('');
}

function confirmKey(state: ViewState, { input, key }: KeyPress, effect: ViewEffect): KeyOutcome {
  if (input === 'y' || input === 'Y') return { state: { ...state, focus: { kind: 'list' } }, effects: [effect] };
  if (input === 'n' || input === 'N' || key.escape) return notice({ ...state, focus: { kind: 'list' } }, 'cancelled');
  return stay(state);
}

function quitKey(state: ViewState, { input, key }: KeyPress, mode: ViewMode): KeyOutcome {
  if (key.escape || input === 'q') return toList(state);
  if (input === 'd') return { state: { ...state, focus: { kind: 'list' } }, effects: [{ kind: 'exit', reason: 'detach' }] };
  if (input !== 's') return stay(state);
  const stopAll: ViewEffect = { kind: 'exit', reason: 'stop-all' };
  // Embedded, `s` is an answer already; attached, it would also end a supervisor others may rely on.
  if (mode === 'embedded') return { state: { ...state, focus: { kind: 'list' } }, effects: [stopAll] };
  return stay({ ...state, focus: { kind: 'confirm', question: 'stop every program and the supervisor?', effect: stopAll } });
}

function select(state: ViewState, rows: readonly ListRow[], index: number): ViewState {
  const row = rows[index];
  return row ? { ...state, selectedKey: row.key, selectedIndex: index } : state;
}

function setCollapsed(state: ViewState, program: string, collapsed: boolean): ViewState {
  if (state.collapsed.has(program) === collapsed) return state;
  const next = new Set(state.collapsed);
  if (collapsed) next.add(program);
  else next.delete(program);
  return { ...state, collapsed: next };
}

function toList(state: ViewState): KeyOutcome {
  return stay({ ...state, focus: { kind: 'list' } });
}

function stay(state: ViewState): KeyOutcome {
  return { state, effects: [] };
}

function notice(state: ViewState, text: string): KeyOutcome {
  return { state, effects: [{ kind: 'notice', text }] };
}
