/** The orders the list can take: `n`, `c`, `m`, `u`. */
export type SortKey = 'name' | 'cpu' | 'memory' | 'uptime';

export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

export const DEFAULT_SORT: SortOrder = { key: 'name', descending: false };

/** What sorting looks at in a row (a process, or a program's totals). */
export interface Sortable {
  label: string;
  cpuPercent: number | null;
  rssBytes: number | null;
  uptimeMs: number | null;
}

/**
 * Pressing the active key again reverses it; a new key starts the way one
 * looks for trouble: names A→Z, the biggest cpu, memory and uptime first.
 */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== 'name' };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Names compare naturally (`web_2` before `web_10`). */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Rows without the figure (not running, not sampled yet) go last whichever
 * way the order runs; ties fall back to the name so the order is stable.
 */
export function compareRows(a: Sortable, b: Sortable, order: SortOrder): number {
  if (order.key === 'name') {
    const byName = compareNames(a.label, b.label);
    return order.descending ? -byName : byName;
  }
  const x = figure(a, order.key);
  const y = figure(b, order.key);
  if (x === null || y === null) {
    if (x === null && y === null) return compareNames(a.label, b.label);
    return x === null ? 1 : -1;
  }
  if (x !== y) return order.descending ? y - x : x - y;
  return compareNames(a.label, b.label);
}

function figure(row: Sortable, key: Exclude<SortKey, 'name'>): number | null {
  switch (key) {
    case 'cpu':
      return row.cpuPercent;
    case 'memory':
      return row.rssBytes;
    case 'uptime':
      return row.uptimeMs;
  }
}
