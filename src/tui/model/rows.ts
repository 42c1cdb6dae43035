import type { ProcessState, ProcessStatus, ProcessUsage, ProgramSummary } from '../../api/supervisor-api.js';
import { formatLastExit } from './format.js';
import { compareRows, type Sortable, type SortOrder } from './sort.js';
import { maxKnown, summarizeStates, sumKnown, type StateCell } from './totals.js';

export type RowKind = 'all' | 'program' | 'process';

/** One line of the process list: the `all` totals, a program's totals, or one process. */
export interface ListRow extends Sortable {
  /** Unique across kinds (a process may be called like a program): keeps the selection across re-sorts. */
  key: string;
  kind: RowKind;
  /** `all`, the program, or the process part of the name. */
  label: string;
  /** The program of a program or process row; null on the `all` row. */
  program: string | null;
  /** The process name (`group:process`) of a process row; null on the others. */
  name: string | null;
  /** Processes an aggregate row covers (every one, whatever the filter shows; a program scaled to 0 has none). */
  processCount: number;
  /** The stand-in process of a program scaled to 0, or the row of that program. */
  scaledToZero: boolean;
  /** A program row's process when it has exactly one: enter opens its details. */
  onlyProcess: string | null;
  collapsed: boolean;
  state: StateCell;
  pid: number | null;
  restarts: number;
  /** `exit 1`, `SIGKILL`, `-`; empty on aggregate rows. */
  lastExit: string;
  /** The PORT/READY column: a prefork program's bind address, or a readiness verdict (`ready`, `NOT READY`); empty when neither applies. */
  port: string;
  /** The program's command, on its program row; empty on the others and before info() answered. */
  command: string;
}

export interface RowOptions {
  /** Case-insensitive substring of the process name (`group:process`); empty shows everything. */
  filter: string;
  /** Programs shown as their totals row only. */
  collapsed: ReadonlySet<string>;
  sort: SortOrder;
  /** For uptimes. */
  now: number;
  /** The programs of info(), by name: commands and bind addresses (absent until it answered). */
  programs?: ReadonlyMap<string, ProgramSummary>;
}

export const ALL_ROW_KEY = 'all';

export function programRowKey(program: string): string {
  return `program/${program}`;
}

export function processRowKey(name: string): string {
  return `process/${name}`;
}

/** What the state column says of a program scaled to 0 (and of its stand-in process). */
const SCALED_TO_ZERO: StateCell = { text: 'SCALED TO 0', tone: 'STOPPED' };

/** States in which a child exists: the only ones with a pid, figures and an uptime. */
const LIVE: ReadonlySet<ProcessState> = new Set<ProcessState>(['STARTING', 'RUNNING', 'STOPPING']);

/**
 * The rows of the list, in order: `all` first, then each program that has a
 * process the filter lets through, followed (unless collapsed) by those
 * processes. Program and `all` rows total every process they cover; a
 * prefork program's processes are its workers, so its row is their sum.
 */
export function buildRows(processes: readonly ProcessStatus[], usage: ReadonlyMap<string, ProcessUsage>, options: RowOptions): ListRow[] {
  if (processes.length === 0) return [];
  const needle = options.filter.trim().toLowerCase();
  const programs = new Map<string, ListRow[]>();
  const every: ListRow[] = [];
  for (const process of processes) {
    const row = processRow(process, usage.get(process.name), options.now, options.programs?.get(process.program));
    every.push(row);
    const members = programs.get(process.program);
    if (members) members.push(row);
    else programs.set(process.program, [row]);
  }
  const groups: { row: ListRow; shown: ListRow[] }[] = [];
  for (const [program, members] of programs) {
    const shown = needle === '' ? members : members.filter((m) => m.name!.toLowerCase().includes(needle));
    if (shown.length === 0) continue;
    const row = aggregateRow('program', program, members, options.collapsed.has(program));
    const summary = options.programs?.get(program);
    groups.push({ row: { ...row, port: programPort(summary, members), command: summary?.command ?? '' }, shown });
  }
  groups.sort((a, b) => compareRows(a.row, b.row, options.sort));
  const rows: ListRow[] = [aggregateRow('all', 'all', every, false)];
  for (const group of groups) {
    rows.push(group.row);
    if (!group.row.collapsed) rows.push(...group.shown.sort((a, b) => compareRows(a, b, options.sort)));
  }
  return rows;
}

function processRow(process: ProcessStatus, sample: ProcessUsage | undefined, now: number, summary: ProgramSummary | undefined): ListRow {
  const live = LIVE.has(process.state);
  // A sample of an earlier child (taken before a stop or a restart) would show the old process's figures on the new one.
  const usage = live && sample?.pid === process.pid ? sample : undefined;
  return {
    key: processRowKey(process.name),
    kind: 'process',
    label: process.processName,
    program: process.program,
    name: process.name,
    processCount: 1,
    scaledToZero: process.scaledToZero,
    onlyProcess: null,
    collapsed: false,
    state: stateCell(process),
    pid: live ? process.pid : null,
    cpuPercent: usage?.cpuPercent ?? null,
    rssBytes: usage?.rssBytes ?? null,
    uptimeMs: live && process.startedAt !== null ? Math.max(0, now - process.startedAt) : null,
    restarts: process.restarts,
    lastExit: formatLastExit(process.exitCode, process.exitSignal),
    port: process.ready !== null && live ? readyText(process.ready) : (summary?.bind[0] ?? ''),
    // On the program's row only: the configured command, templates and all, would read wrong on each process.
    command: '',
  };
}

function readyText(ready: boolean): string {
  return ready ? 'ready' : 'NOT READY';
}

/** A prefork program's first address (`+N` more), else NOT READY while any live process is not. */
function programPort(summary: ProgramSummary | undefined, members: readonly ListRow[]): string {
  const bind = summary?.bind ?? [];
  if (bind.length > 0) return bind.length === 1 ? bind[0]! : `${bind[0]} +${bind.length - 1}`;
  const verdicts = members.map((m) => m.port).filter((port) => port !== '');
  if (verdicts.length === 0) return '';
  return readyText(verdicts.every((port) => port === 'ready'));
}

/**
 * A RUNNING process whose readiness probe fails reads NOT READY, toned (and
 * summed up in its program's row) like a starting one: it is up, not serving.
 */
function stateCell(process: ProcessStatus): StateCell {
  if (process.scaledToZero) return SCALED_TO_ZERO;
  if (process.state === 'RUNNING' && process.ready === false) return { text: 'NOT READY', tone: 'STARTING' };
  return { text: process.state, tone: process.state };
}

/** Totals of the members' processes; the stand-in of a program scaled to 0 is not one, and only names its program's state. */
function aggregateRow(kind: 'all' | 'program', label: string, members: readonly ListRow[], collapsed: boolean): ListRow {
  const counted = members.filter((m) => !m.scaledToZero);
  const scaledToZero = kind === 'program' && counted.length === 0;
  return {
    key: kind === 'all' ? ALL_ROW_KEY : programRowKey(label),
    kind,
    label,
    program: kind === 'program' ? label : null,
    name: null,
    processCount: counted.length,
    scaledToZero,
    onlyProcess: kind === 'program' && members.length === 1 ? members[0]!.name : null,
    collapsed,
    state: scaledToZero ? SCALED_TO_ZERO : summarizeStates(counted.map((m) => m.state.tone!)),
    pid: null,
    cpuPercent: sumKnown(counted.map((m) => m.cpuPercent)),
    rssBytes: sumKnown(counted.map((m) => m.rssBytes)),
    // The longest-running member: how long the program has been (at least partly) up.
    uptimeMs: maxKnown(counted.map((m) => m.uptimeMs)),
    restarts: counted.reduce((sum, m) => sum + m.restarts, 0),
    lastExit: '',
    port: '',
    command: '',
  };
}
