import type { ProcessStatus } from '../../api/supervisor-api.js';
import { formatBytes } from '../../api/units.js';

export { formatBytes };

/**
 * The human `ctl status` table. Pure functions, so the exact output is unit
 * tested; scripts should read `--json`, not this.
 */

/** `0:01:02`, `12:03:04`, `1d 02:03:04`; `-` for nothing running. */
export function formatUptime(ms: number | null): string {
  if (ms === null || ms <= 0) return '-';
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mmss = `${pad2(minutes)}:${pad2(seconds)}`;
  return days > 0 ? `${days}d ${pad2(hours)}:${mmss}` : `${hours}:${mmss}`;
}

/** `3.1%`; `-` until the supervisor has sampled the process. */
export function formatCpu(percent: number | null): string {
  return percent === null ? '-' : `${percent.toFixed(1)}%`;
}

/** The signal that ended the last run, else its exit code, else `-`. */
export function formatLastExit(status: Pick<ProcessStatus, 'exitCode' | 'exitSignal'>): string {
  if (status.exitSignal !== null) return status.exitSignal;
  if (status.exitCode !== null) return String(status.exitCode);
  return '-';
}

interface Column {
  header: string;
  right: boolean;
  cell: (p: ProcessStatus) => string;
}

const COLUMNS: Column[] = [
  { header: 'NAME', right: false, cell: (p) => p.name },
  // As in the view: up, but its readiness probe fails.
  { header: 'STATE', right: false, cell: (p) => (p.state === 'RUNNING' && p.ready === false ? 'NOT READY' : p.state) },
  { header: 'PID', right: true, cell: (p) => (p.pid === null ? '-' : String(p.pid)) },
  { header: 'UPTIME', right: true, cell: (p) => (p.pid === null ? '-' : formatUptime(p.uptimeMs)) },
  { header: 'CPU', right: true, cell: (p) => formatCpu(p.cpuPercent) },
  { header: 'RSS', right: true, cell: (p) => formatBytes(p.rssBytes) },
  { header: 'RESTARTS', right: true, cell: (p) => String(p.restarts) },
  { header: 'LAST-EXIT', right: false, cell: formatLastExit },
];

const HEADERS = COLUMNS.map((c) => c.header);

/**
 * The table as one text: a header line and one line per process, each ending
 * in a newline, columns aligned. A process that is not RUNNING also shows its
 * description (why it is in that state) in an unlabelled last column, as
 * supervisorctl does.
 *
 * Built with few strings: a padded copy of every cell and arrays per row and
 * per column allocated ~320 KB for 200 processes, which with the answer's
 * parse filled V8's 1 MB young generation and cost every `ctl status` a
 * garbage collection. Each line is one join of its cells and of shared runs
 * of spaces, in one array of fixed length. (Writing the cells into a Buffer
 * allocated less but was slower: thousands of cold calls through Buffer's
 * argument checks.)
 */
export function formatStatusTable(processes: ProcessStatus[]): string {
  const count = COLUMNS.length;
  const cells = new Array<string>(processes.length * count);
  const widths = COLUMNS.map((c) => c.header.length);
  for (let row = 0; row < processes.length; row++) {
    for (let column = 0; column < count; column++) {
      const cell = COLUMNS[column]!.cell(processes[row]!);
      cells[row * count + column] = cell;
      if (cell.length > widths[column]!) widths[column] = cell.length;
    }
  }
  const spaces = Array.from({ length: Math.max(...widths) + 1 }, (_, n) => ' '.repeat(n));
  // Per column: separator, then cell and padding in the order its alignment says; then note, newline.
  // Refilled for each line (emptied, its store would be freed and grown again each time).
  const parts = new Array<string>(count * 3 + 2).fill('');
  parts[count * 3 + 1] = '\n';
  const line = (source: string[], offset: number, note: string): string => {
    for (let column = 0; column < count; column++) {
      const cell = source[offset + column]!;
      const pad = spaces[widths[column]! - cell.length]!;
      const at = column * 3;
      parts[at] = column > 0 ? '  ' : '';
      if (COLUMNS[column]!.right) {
        parts[at + 1] = pad;
        parts[at + 2] = cell;
      } else {
        parts[at + 1] = cell;
        // The last column is left-aligned: with no note after it, its padding would only be trimmed.
        parts[at + 2] = column === count - 1 && note === '' ? '' : pad;
      }
    }
    parts[count * 3] = note === '' ? '' : `  ${note}`;
    return parts.join('');
  };
  const lines = new Array<string>(processes.length + 1);
  lines[0] = line(HEADERS, 0, '');
  for (let row = 0; row < processes.length; row++) {
    const p = processes[row]!;
    lines[row + 1] = line(cells, row * count, p.state === 'RUNNING' ? '' : oneLine(p.description));
  }
  return lines.join('');
}

/**
 * Exit 3 (LSB "not running") when a listed process is stopped. As in
 * supervisorctl, STARTING, BACKOFF and STOPPING count as running: the
 * supervisor is still at work on them. A one-shot that is done (EXITED as
 * expected) finished its work: it is not stopped.
 */
export function anyStopped(processes: ProcessStatus[]): boolean {
  return processes.some((p) => p.state === 'STOPPED' || (p.state === 'EXITED' && !p.done) || p.state === 'FATAL');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
