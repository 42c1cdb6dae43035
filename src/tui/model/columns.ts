import { fit, formatCpu, formatUptime } from './format.js';
import { formatBytes } from '../../api/units.js';
import type { ListRow } from './rows.js';
import type { SortKey, SortOrder } from './sort.js';

/**
 * The list's columns as fixed-width text. A row becomes three strings (before
 * the state, the state, after it) so that a row component can compare them
 * cheaply and colour only the state.
 */

const STATE_WIDTH = 12;
/** Selection marker and the gap after it, then every fixed column with the space before it. */
const FIXED_WIDTH = 2 + (1 + STATE_WIDTH) + (1 + 7) + (1 + 6) + (1 + 7) + (1 + 6) + (1 + 4) + (1 + 8);
const MIN_NAME_WIDTH = 10;

export interface RowCells {
  /** Marker and name, with the space after the name. */
  lead: string;
  state: string;
  /** pid, cpu, memory, uptime, restarts, last exit; starts with a space. */
  rest: string;
}

/** How wide the name column is at this terminal width; the other columns are fixed. */
export function nameWidth(width: number): number {
  return Math.max(MIN_NAME_WIDTH, width - FIXED_WIDTH);
}

export function rowCells(row: ListRow, selected: boolean, width: number): RowCells {
  const marker = selected ? '› ' : '  ';
  return {
    lead: `${marker}${fit(rowName(row), nameWidth(width))} `,
    state: fit(row.state.text, STATE_WIDTH),
    rest: restCells([
      row.pid === null ? '-' : String(row.pid),
      formatCpu(row.cpuPercent),
      formatBytes(row.rssBytes),
      formatUptime(row.uptimeMs),
      String(row.restarts),
      row.lastExit,
    ]),
  };
}

/** The column titles; the sorted column carries ▲ or ▼, the name column the filter. */
export function headerCells(sort: SortOrder, filter: string, width: number): RowCells {
  const arrow = (key: SortKey) => (sort.key === key ? (sort.descending ? '▼' : '▲') : '');
  const name = `NAME${arrow('name')}${filter === '' ? '' : ` /${filter}`}`;
  return {
    lead: `  ${fit(name, nameWidth(width))} `,
    state: fit('STATE', STATE_WIDTH),
    rest: restCells(['PID', `CPU%${arrow('cpu')}`, `MEM${arrow('memory')}`, `UP${arrow('uptime')}`, 'RST', 'EXIT']),
  };
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
function restCells([pid, cpu, mem, uptime, restarts, exit]: string[]): string {
  return [
    '',
    fit(pid ?? '', 7, 'right'),
    fit(cpu ?? '', 6, 'right'),
    fit(mem ?? '', 7, 'right'),
    fit(uptime ?? '', 6, 'right'),
    fit(restarts ?? '', 4, 'right'),
    fit(exit ?? '', 8),
  ].join(' ');
}
