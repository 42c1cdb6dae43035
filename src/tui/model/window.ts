/**
 * Which slice of the rows is on screen. Only that slice is rendered, so a
 * list of 1,000 processes costs what a screenful does.
 */

/**
 * The first visible row: unchanged while the selection is on screen, else
 * moved just far enough to show it, and never past the end (no empty space
 * below the last row while there are rows above the top).
 */
export function scrollTop(previousTop: number, selected: number, height: number, total: number): number {
  if (height <= 0 || total <= height) return 0;
  let top = Math.min(Math.max(0, previousTop), total - height);
  if (selected < top) top = selected;
  else if (selected >= top + height) top = selected - height + 1;
  return Math.min(Math.max(0, top), total - height);
}

/** Index of the row to select: the same row if it is still there, else the nearest to where it was. */
export function resolveSelection(keys: readonly { key: string }[], selectedKey: string, previousIndex: number): number {
  if (keys.length === 0) return -1;
  const found = keys.findIndex((row) => row.key === selectedKey);
  if (found >= 0) return found;
  return Math.min(Math.max(0, previousIndex), keys.length - 1);
}

/** Where a move lands: clamped to the list. */
export function moveSelection(current: number, delta: number, total: number): number {
  if (total === 0) return -1;
  return Math.min(Math.max(0, current + delta), total - 1);
}
