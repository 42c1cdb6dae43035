/**
 * Which columns the list shows at a terminal width, and how wide the name is.
 * The name gets what the longest name needs (capped); the fixed columns come
 * next; what is left goes to COMMAND. When the width runs out, columns go in
 * DROP_ORDER, and names are cut only once every column that can go has gone.
 */

export type ColumnId = 'port' | 'pid' | 'cpu' | 'memory' | 'uptime' | 'restarts' | 'exit' | 'command';

/** The fixed columns, left to right, by their width (the space before each comes on top). */
export const COLUMN_WIDTHS: Readonly<Record<Exclude<ColumnId, 'command'>, number>> = {
  port: 15,
  pid: 7,
  cpu: 6,
  memory: 7,
  uptime: 6,
  restarts: 4,
  exit: 8,
};

const FIXED_ORDER = ['port', 'pid', 'cpu', 'memory', 'uptime', 'restarts', 'exit'] as const;

/** Least useful first: the command is in the details too, a bind address rarely changes, CPU and memory are why one looks. */
export const DROP_ORDER: readonly ColumnId[] = ['command', 'port', 'exit', 'restarts', 'pid', 'uptime', 'memory', 'cpu'];

export const STATE_WIDTH = 12;
/** The selection marker and its gap. */
const MARKER_WIDTH = 2;
/** A longer name is cut: past this, COMMAND says more than the end of a name would. */
export const NAME_CAP = 40;
/** Names are never cut shorter than this: below it the view says the terminal is too small. */
export const MIN_NAME_WIDTH = 8;
/** A command column narrower than this shows too little to be worth its space. */
const MIN_COMMAND_WIDTH = 12;

export interface ColumnLayout {
  nameWidth: number;
  /** Fixed columns shown, left to right. */
  columns: Exclude<ColumnId, 'command'>[];
  /** 0 when the command column is not shown. */
  commandWidth: number;
}

/**
 * `nameNeeded`: the longest name on the list (indent and fold marker included);
 * `portColumn`: some program has a bind address or a readiness probe.
 */
export function chooseColumns(width: number, nameNeeded: number, portColumn: boolean): ColumnLayout {
  const dropped = new Set<ColumnId>(portColumn ? [] : ['port']);
  const name = Math.min(NAME_CAP, Math.max(MIN_NAME_WIDTH, nameNeeded));
  const shown = () => FIXED_ORDER.filter((id) => !dropped.has(id));
  const fixedWidth = () => MARKER_WIDTH + 1 + STATE_WIDTH + shown().reduce((sum, id) => sum + 1 + COLUMN_WIDTHS[id], 0);
  for (const id of DROP_ORDER) {
    if (id === 'command') continue;
    if (fixedWidth() + name <= width) break;
    dropped.add(id);
  }
  const left = width - fixedWidth() - name - 1;
  const commandWidth = left >= MIN_COMMAND_WIDTH ? left : 0;
  return { nameWidth: Math.max(MIN_NAME_WIDTH, Math.min(name, width - fixedWidth())), columns: shown(), commandWidth };
}

/** The narrowest terminal the list fits in: marker, the shortest name, the state and CPU%. */
export const MIN_LIST_WIDTH = MARKER_WIDTH + MIN_NAME_WIDTH + 1 + STATE_WIDTH + 1 + COLUMN_WIDTHS.cpu;
