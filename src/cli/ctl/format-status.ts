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
 * The table, UTF-8 encoded: a header line and one line per process, each
 * ending in a newline, columns aligned. A process that is not RUNNING also
 * shows its description (why it is in that state) in an unlabelled last
 * column, as supervisorctl does.
 *
 * Written straight into one buffer, outside V8's heap: building the lines as
 * strings (a padded copy of every cell, arrays per row) allocated ~320 KB for
 * 200 processes, which with the answer's parse filled V8's 1 MB young
 * generation and cost every `ctl status` a garbage collection.
 */
export function formatStatusTable(processes: ProcessStatus[]): Buffer {
  const count = COLUMNS.length;
  const cells = new Array<string>(processes.length * count);
  const notes = new Array<string>(processes.length);
  const widths = COLUMNS.map((c) => c.header.length);
  let noteChars = 0;
  for (let row = 0; row < processes.length; row++) {
    const p = processes[row]!;
    for (let column = 0; column < count; column++) {
      const cell = COLUMNS[column]!.cell(p);
      cells[row * count + column] = cell;
      if (cell.length > widths[column]!) widths[column] = cell.length;
    }
    notes[row] = p.state === 'RUNNING' ? '' : oneLine(p.description);
    noteChars += notes[row]!.length + 2;
  }
  const lineChars = widths.reduce((sum, width) => sum + width + 2, 0) + 1;
  // Widths count UTF-16 units, and one unit is at most 3 bytes of UTF-8.
  const text = Buffer.allocUnsafe(3 * (lineChars * (processes.length + 1) + noteChars));
  let at = 0;
  // Uint8Array's own fill and write() with every argument given: Buffer's fill, and write()
  // working out what was left out, allocated on every call (~80 bytes; 3,000 calls here).
  const spaces = (n: number) => {
    Uint8Array.prototype.fill.call(text, SPACE, at, at + n);
    at += n;
  };
  const put = (value: string) => {
    at += text.write(value, at, 'utf8');
  };
  const line = (source: string[], offset: number, note: string) => {
    for (let column = 0; column < count; column++) {
      const cell = source[offset + column]!;
      const pad = widths[column]! - cell.length;
      if (column > 0) spaces(2);
      if (COLUMNS[column]!.right) spaces(pad);
      put(cell);
      // The last column is left-aligned: with no note after it, its padding would only be trimmed.
      if (!COLUMNS[column]!.right && (column < count - 1 || note !== '')) spaces(pad);
    }
    if (note !== '') {
      spaces(2);
      put(note);
    }
    text[at++] = NEWLINE;
  };
  line(HEADERS, 0, '');
  for (let row = 0; row < processes.length; row++) line(cells, row * count, notes[row]!);
  return text.subarray(0, at);
}

const SPACE = 0x20;
const NEWLINE = 0x0a;

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
