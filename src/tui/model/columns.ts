import { fit, formatCpu, formatUptime } from './format.js';
import { formatBytes } from '../../api/units.js';
import { COLUMN_WIDTHS, STATE_WIDTH, type ColumnId, type ColumnLayout } from './column-layout.js';
import type { ListRow } from './rows.js';
import type { SortKey, SortOrder } from './sort.js';

/**
 * The list's columns as fixed-width text. A row becomes three strings (before
 * the state, the state, after it) so that a row component can compare them
 * cheaply and colour only the state.
 */

export interface RowCells {
  /** Marker and name, with the space after the name. */
  lead: string;
  state: string;
  /** The columns the layout shows after the state (PORT/READY, pid, cpu… command); starts with a space. */
  rest: string;
}

type FixedColumn = Exclude<ColumnId, 'command'>;

/** Numbers read right-aligned; words left. */
const RIGHT_ALIGNED: ReadonlySet<FixedColumn> = new Set<FixedColumn>(['pid', 'cpu', 'memory', 'uptime', 'restarts']);

export function rowCells(row: ListRow, selected: boolean, layout: ColumnLayout): RowCells {
  const marker = selected ? '› ' : '  ';
  const values: Record<FixedColumn, string> = {
    port: row.port,
    pid: row.pid === null ? '-' : String(row.pid),
    cpu: formatCpu(row.cpuPercent),
    memory: formatBytes(row.rssBytes),
    uptime: formatUptime(row.uptimeMs),
    restarts: String(row.restarts),
    exit: row.lastExit,
  };
  return {
    lead: `${marker}${fit(rowName(row), layout.nameWidth)} `,
    state: fit(row.state.text, STATE_WIDTH),
    rest: restCells(values, row.command, layout),
  };
}

/** The column titles; the sorted column carries ▲ or ▼, the name column the filter. */
export function headerCells(sort: SortOrder, filter: string, layout: ColumnLayout): RowCells {
  const arrow = (key: SortKey) => sortArrow(sort, key);
  const titles: Record<FixedColumn, string> = {
    port: 'PORT/READY',
    pid: 'PID',
    cpu: `CPU%${arrow('cpu')}`,
    memory: `MEM${arrow('memory')}`,
    uptime: `UP${arrow('uptime')}`,
    restarts: 'RST',
    exit: 'EXIT',
  };
  return {
    lead: `  ${fit(nameTitle(sort, filter), layout.nameWidth)} `,
    state: fit('STATE', STATE_WIDTH),
    rest: restCells(titles, 'COMMAND', layout),
  };
}

/** The name column's title: `NAME`, its sort arrow, the filter being applied. */
export function nameTitle(sort: SortOrder, filter: string): string {
  return `NAME${sortArrow(sort, 'name')}${filter === '' ? '' : ` /${filter}`}`;
}

function sortArrow(sort: SortOrder, key: SortKey): string {
  return sort.key === key ? (sort.descending ? '▼' : '▲') : '';
}

/** How wide the longest of these rows' names is: what the name column would need. */
export function longestName(rows: readonly ListRow[]): number {
  let longest = 0;
  for (const row of rows) longest = Math.max(longest, rowName(row).length);
  return longest;
}

function rowName(row: ListRow): string {
  switch (row.kind) {
    case 'all':
      return `all (${row.processCount})`;
    case 'program':
      return `${row.collapsed ? '▸' : '▾'} ${row.label}${row.processCount > 1 || row.collapsed ? ` (${row.processCount})` : ''}`;
    case 'process':
      return `  ${row.label}`;
  }
}

/** Starts with the space that separates it from the state. */
function restCells(values: Record<FixedColumn, string>, command: string, layout: ColumnLayout): string {
  const cells = layout.columns.map((id) => fit(values[id], COLUMN_WIDTHS[id], RIGHT_ALIGNED.has(id) ? 'right' : 'left'));
  if (layout.commandWidth > 0) cells.push(fit(command, layout.commandWidth));
  return ['', ...cells].join(' ');
}
