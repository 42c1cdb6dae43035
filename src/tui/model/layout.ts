/**
 * How the terminal's lines are shared out. Fixed numbers, not flexbox
 * guesses: the list needs to know how many rows it may render.
 */

export const HEADER_LINES = 2;
export const STATUS_LINES = 1;
export const FOOTER_LINES = 1;
/**
 * The smallest terminal the view draws in: the list's header and four rows
 * under the header, status line and footer; names, the state and CPU and
 * memory side by side. Smaller, it says so instead of drawing a garbled screen.
 */
export const MIN_TERMINAL = { columns: 40, rows: 10 } as const;

export interface ScreenLayout {
  /** Below MIN_TERMINAL: the view shows only `terminal too small (needs W×H)`. */
  tooSmall: boolean;
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
  const tooSmall = terminalRows < MIN_TERMINAL.rows || terminalColumns < MIN_TERMINAL.columns;
  // The sizes below stay sane for a too-small terminal, which draws none of them.
  const rootHeight = Math.max(MIN_TERMINAL.rows - 1, terminalRows - 1);
  const width = Math.max(MIN_TERMINAL.columns, terminalColumns);
  const bodyHeight = rootHeight - HEADER_LINES - STATUS_LINES - FOOTER_LINES;
  // The log pane takes two fifths, but leaves the list at least its header and three rows.
  const logHeight = logPaneOpen ? Math.max(3, Math.min(bodyHeight - 4, Math.floor((bodyHeight * 2) / 5))) : 0;
  const listRows = Math.max(1, bodyHeight - logHeight - 1);
  return { tooSmall, width, rootHeight, bodyHeight, listRows, logHeight };
}
