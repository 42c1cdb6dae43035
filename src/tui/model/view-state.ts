import { INITIAL_LOG_VIEW, type LogViewState } from './log-view.js';
import { ALL_ROW_KEY } from './rows.js';
import { DEFAULT_SORT, type SortOrder } from './sort.js';
import type { ActionVerb } from './targets.js';

/** Embedded: the view runs inside the supervisor. Attached: it talks to one over the socket. */
export type ViewMode = 'embedded' | 'attached';

/** How the view ends; the caller acts on it (the view itself stops nothing). */
export type ViewExit = { reason: 'stop-all' } | { reason: 'detach' } | { reason: 'supervisor-gone'; error: Error };

/** What has the keyboard: the list, or one of the prompts and panels over it. */
export type Focus =
  | { kind: 'list' }
  /** Typing a filter; the filter applies as it is typed. */
  | { kind: 'filter' }
  /** A y/n question; `effect` runs on y. */
  | { kind: 'confirm'; question: string; effect: ViewEffect }
  | { kind: 'details'; name: string }
  /** A program of several processes (enter on its row). */
  | { kind: 'program-details'; program: string }
  | { kind: 'help' }
  /** The log viewer (tab): its keys scroll, search and pause the log. */
  | { kind: 'log' }
  /** The q menu. */
  | { kind: 'quit' };

/** What a key asks the outside world to do; the key handler itself stays pure. */
export type ViewEffect =
  | { kind: 'action'; verb: ActionVerb; target: string }
  | { kind: 'scale'; program: string; count: '+1' | '-1' }
  /** A line for the status bar that needs no call. */
  | { kind: 'notice'; text: string }
  /** The log viewer is at the top of what it holds: read older lines from the followed process's log files. */
  | { kind: 'log-older' }
  | { kind: 'exit'; reason: 'stop-all' | 'detach' }
  /** The first Ctrl-C: say so, and forget it after a while. */
  | { kind: 'arm-ctrl-c' };

export interface ViewState {
  focus: Focus;
  /** The selected row's key: the selection follows its row through sorting and updates. */
  selectedKey: string;
  /** Where it was, for when its row disappears (filtered out, removed). */
  selectedIndex: number;
  /** Programs shown as one row. */
  collapsed: ReadonlySet<string>;
  sort: SortOrder;
  filter: string;
  logPane: boolean;
  log: LogViewState;
  /** A Ctrl-C was pressed in the last few seconds: the next one quits. */
  ctrlCArmed: boolean;
}

export const INITIAL_VIEW_STATE: ViewState = {
  focus: { kind: 'list' },
  selectedKey: ALL_ROW_KEY,
  selectedIndex: 0,
  collapsed: new Set(),
  sort: DEFAULT_SORT,
  filter: '',
  logPane: false,
  log: INITIAL_LOG_VIEW,
  ctrlCArmed: false,
};

/** How long a first Ctrl-C waits for the second. */
export const CTRL_C_WINDOW_MS = 3000;
