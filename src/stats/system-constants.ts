import { spawnSync } from 'node:child_process';

/**
 * The two kernel constants /proc figures are counted in. Neither changes while
 * the system runs, so each is asked for once, on first use: a daemon nobody
 * watches never runs getconf at all.
 */

/** What Linux uses on every mainstream architecture, should getconf fail. */
const DEFAULT_CLOCK_TICKS = 100;
const DEFAULT_PAGE_SIZE = 4096;

let clockTicks: number | null = null;
let pageBytes: number | null = null;

/** Clock ticks per second (USER_HZ): the unit of utime, stime and starttime in /proc/PID/stat. */
export function clockTicksPerSecond(): number {
  clockTicks ??= askGetconf('CLK_TCK') ?? DEFAULT_CLOCK_TICKS;
  return clockTicks;
}

/** Bytes per memory page: the unit of rss in /proc/PID/stat. */
export function pageSize(): number {
  pageBytes ??= askGetconf('PAGESIZE') ?? DEFAULT_PAGE_SIZE;
  return pageBytes;
}

function askGetconf(name: string): number | null {
  // Node exposes neither value; getconf is in every libc install (glibc and musl alike).
  const result = spawnSync('getconf', [name], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  if (result.error || result.status !== 0) return null;
  const value = Number(result.stdout.trim());
  return Number.isInteger(value) && value > 0 ? value : null;
}
