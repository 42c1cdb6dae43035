/**
 * Paths that, in supervisord, name no file but supervisord's own output: it
 * opens them like any file, and a container's log is what it gets. Each is
 * fd 1 or 2 of supervisord itself (`/proc/self`, `/dev/fd`, `/dev/std*`) or
 * of the container's first process (`/proc/1`), which supervisord usually is.
 */
const CONSOLE_PATHS = new Set(['/dev/stdout', '/dev/stderr', '/dev/fd/1', '/dev/fd/2', '/proc/self/fd/1', '/proc/self/fd/2', '/proc/1/fd/1', '/proc/1/fd/2']);

const NULL_DEVICE = '/dev/null';

/** How a supervisord log path maps: `console`, `none` (/dev/null), or null for a real file. */
export function readSpecialLogPath(text: string): 'console' | 'none' | null {
  const file = text.trim();
  if (CONSOLE_PATHS.has(file)) return 'console';
  return file === NULL_DEVICE ? 'none' : null;
}
