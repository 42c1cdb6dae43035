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

/**
 * One header line and one line per process, columns aligned. A process that
 * is not RUNNING also shows its description (why it is in that state) in an
 * unlabelled last column, as supervisorctl does.
 */
export function formatStatusTable(processes: ProcessStatus[]): string[] {
  const rows = processes.map((p) => COLUMNS.map((c) => c.cell(p)));
  const widths = COLUMNS.map((c, i) => Math.max(c.header.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], note: string) => {
    const aligned = cells.map((cell, i) => (COLUMNS[i]!.right ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)));
    return [...aligned, note].join('  ').trimEnd();
  };
  return [
    line(
      COLUMNS.map((c) => c.header),
      '',
    ),
    ...processes.map((p, i) => line(rows[i]!, p.state === 'RUNNING' ? '' : oneLine(p.description))),
  ];
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
