import type { LogLine, LogSnapshot } from '../stores/log-store.js';

/** The log viewer's own state, beside the list's: where it is scrolled, what it searches, how it shows lines. */
export interface LogViewState {
  /**
   * The bottom line shown, by its seq in the store's generation; null: following the newest line.
   * Anchored on a line rather than an offset, so lines that arrive meanwhile (counted as "+N new") do not move the view.
   */
  anchor: { generation: number; seq: number } | null;
  timestamps: boolean;
  /** The log takes the whole body (only while it has the keyboard). */
  fullScreen: boolean;
  /** The search being shown (case-insensitive); '' for none. */
  search: string;
  /** The text of the search prompt while it is open; null when closed. */
  searchInput: string | null;
  /** The seq of the match n and N move from; null before the first jump. */
  match: number | null;
}

export const INITIAL_LOG_VIEW: LogViewState = { anchor: null, timestamps: true, fullScreen: false, search: '', searchInput: null, match: null };

/** What the log viewer's keys need to know about what is on screen. */
export interface LogKeyContext {
  snapshot: LogSnapshot;
  /** Log lines the pane shows (its title not counted). */
  height: number;
}

/** The index of the bottom line shown: the anchor's line, or the newest when following (or when the anchor's line is gone). */
export function bottomIndex(lines: readonly LogLine[], generation: number, view: LogViewState): number {
  const last = lines.length - 1;
  if (view.anchor === null || view.anchor.generation !== generation) return last;
  const { seq } = view.anchor;
  const index = lines.findIndex((line) => line.seq === seq);
  // Within one generation a line only goes by dropping off the front (the cap): the oldest held is the closest.
  return index >= 0 ? index : Math.min(0, last);
}

/** The view with its bottom line at `index`: anchored there, or following again at the newest line. */
export function anchorAt(view: LogViewState, snapshot: LogSnapshot, index: number, follow: boolean): LogViewState {
  const last = snapshot.lines.length - 1;
  const clamped = Math.max(0, Math.min(last, index));
  if (last < 0 || (follow && clamped === last)) return { ...view, anchor: null };
  return { ...view, anchor: { generation: snapshot.generation, seq: snapshot.lines[clamped]!.seq } };
}

/** Whether following is paused (scrolled back, or paused at the end). */
export function isPaused(view: LogViewState, snapshot: LogSnapshot): boolean {
  return view.anchor !== null && view.anchor.generation === snapshot.generation;
}

export function lineMatches(line: LogLine, search: string): boolean {
  return search !== '' && line.text.toLowerCase().includes(search.toLowerCase());
}

/** The nearest matching index from `from` going `direction` (-1 older, +1 newer), `from` itself included; -1 when none. */
export function findMatch(lines: readonly LogLine[], search: string, from: number, direction: -1 | 1): number {
  for (let i = from; i >= 0 && i < lines.length; i += direction) if (lineMatches(lines[i]!, search)) return i;
  return -1;
}
