/**
 * How the terminal's lines are shared out. Fixed numbers, not flexbox
 * guesses: the list needs to know how many rows it may render.
 */

export const HEADER_LINES = 2;
export const STATUS_LINES = 1;
export const FOOTER_LINES = 1;
/** Below this the view is cramped but still usable; smaller terminals get clipped. */
const MIN_ROOT_LINES = 10;
const MIN_WIDTH = 40;

export interface ScreenLayout {
  width: number;
  /** The root box: one line shorter than the terminal, so the terminal never scrolls. */
  rootHeight: number;
  /** Between header and status line: the list (and log pane), or the details, help or quit panel. */
  bodyHeight: number;
  /** Process rows the list shows (below its column header line). */
  listRows: number;
  /** Lines of the log pane, its title included; 0 when closed. */
  logHeight: number;
}

export function screenLayout(terminalRows: number, terminalColumns: number, logPaneOpen: boolean): ScreenLayout {
  const rootHeight = Math.max(MIN_ROOT_LINES, terminalRows - 1);
  const width = Math.max(MIN_WIDTH, terminalColumns);
  const bodyHeight = rootHeight - HEADER_LINES - STATUS_LINES - FOOTER_LINES;
  // The log pane takes two fifths, but leaves the list at least its header and three rows.
  const logHeight = logPaneOpen ? Math.max(3, Math.min(bodyHeight - 4, Math.floor((bodyHeight * 2) / 5))) : 0;
  const listRows = Math.max(1, bodyHeight - logHeight - 1);
  return { width, rootHeight, bodyHeight, listRows, logHeight };
}
