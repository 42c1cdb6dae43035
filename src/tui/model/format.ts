/**
 * How figures read in the view: short enough for fixed columns at 80 columns.
 * Every formatter says `-` for a value that is not known (yet).
 */

/** Of one core, one decimal: `12.5`, `203.0`. */
export function formatCpu(percent: number | null): string {
  if (percent === null || !Number.isFinite(percent)) return '-';
  return percent.toFixed(1);
}

/** The two largest units: `42s`, `5m12s`, `3h04m`, `1d2h`. */
export function formatUptime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '-';
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days}d${hours}h`;
  if (hours > 0) return `${hours}h${pad2(minutes)}m`;
  if (minutes > 0) return `${minutes}m${pad2(seconds)}s`;
  return `${seconds}s`;
}

/** The signal that ended the last run, else its exit code: `SIGKILL`, `exit 1`, `-`. */
export function formatLastExit(exitCode: number | null, exitSignal: string | null): string {
  if (exitSignal !== null) return exitSignal;
  if (exitCode !== null) return `exit ${exitCode}`;
  return '-';
}

/** A moment as a clock: `14:03:09` today, `03-07 14:03` on another day. */
export function formatClock(at: number, now: number): string {
  const date = new Date(at);
  const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
  if (new Date(now).toDateString() === date.toDateString()) return `${time}:${pad2(date.getSeconds())}`;
  return `${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ${time}`;
}

/** Cuts `text` to `width` columns, ending in `…` when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** Exactly `width` columns: truncated, then padded on the right (or the left for `align: 'right'`). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  return align === 'left' ? cut.padEnd(width) : cut.padStart(width);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
