import type { ListRow } from './rows.js';

/** The process actions the list offers: `s`, `x`, `r`, `R`. */
export type ActionVerb = 'start' | 'stop' | 'restart' | 'reload';

/** The pattern an action on this row applies to, as `ctl` would take it. */
export function actionTarget(row: ListRow): string {
  switch (row.kind) {
    case 'all':
      return 'all';
    case 'program':
      return `${row.program}:*`;
    case 'process':
      return row.name!;
  }
}

/** What the log pane follows for this row: the process, the program's processes, or on the `all` row every process. */
export function followTarget(row: ListRow): string {
  return actionTarget(row);
}

/** The program `+`/`-` scale: a program row's, or the program of a process row. */
export function scaleTarget(row: ListRow): string | null {
  return row.program;
}

/** The one process enter shows details of, when the row stands for exactly one. */
export function detailsTarget(row: ListRow): string | null {
  if (row.kind === 'process') return row.name;
  if (row.kind === 'program') return row.onlyProcess;
  return null;
}
