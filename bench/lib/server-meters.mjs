/**
 * What a server costs while it is loaded, read from /proc: the CPU of each of its processes by role,
 * the sockets each worker holds, and how busy the whole machine is.
 */
import { performance } from 'node:perf_hooks';
import { cpuTicks, CLK_TCK, machineTicks, socketCount } from './procfs.mjs';
import { sleep } from './stats.mjs';

/**
 * CPU of each pid (role from roles) over a window: call to start, call the result to stop.
 * @param {Map<number, string>} roles  pid → role (master, worker, server, or a helper's)
 */
export function cpuByPid(roles) {
  const t0 = performance.now();
  /** @type {Map<number, number>} */
  const start = new Map();
  for (const pid of roles.keys()) {
    try {
      start.set(pid, cpuTicks(pid));
    } catch {
      // gone
    }
  }
  return () => {
    const wallS = (performance.now() - t0) / 1000;
    /** @type {{ pid: number, role: string | undefined, cpuPercent: number | null }[]} */
    const procs = [];
    for (const [pid, c0] of start) {
      let ticks = null;
      try {
        ticks = cpuTicks(pid) - c0;
      } catch {
        // gone
      }
      procs.push({ pid, role: roles.get(pid), cpuPercent: ticks === null ? null : (ticks / CLK_TCK / wallS) * 100 });
    }
    const sum = (/** @type {typeof procs} */ xs) => xs.reduce((a, p) => a + (p.cpuPercent ?? 0), 0);
    return {
      totalPercent: sum(procs),
      masterPercent: sum(procs.filter((p) => p.role === 'master')),
      workerPercents: procs.filter((p) => p.role === 'worker' || p.role === 'server').map((p) => p.cpuPercent),
      helperPercent: sum(procs.filter((p) => !['master', 'worker', 'server'].includes(p.role ?? ''))),
      processes: procs,
    };
  };
}

/**
 * Sockets per pid (pids that have vanished are left out).
 * @param {number[]} pids
 */
export function socketsOf(pids) {
  /** @type {Map<number, number>} */
  const out = new Map();
  for (const pid of pids) {
    try {
      out.set(pid, socketCount(pid));
    } catch {
      // gone
    }
  }
  return out;
}

/** Machine-wide CPU busy over a window, in % of all cores (100 = every core busy): call to start, call the result to stop. */
export function machineMeter() {
  const a = machineTicks();
  return () => {
    const b = machineTicks();
    const total = b.total - a.total;
    return total > 0 ? { busyPercent: ((b.busy - a.busy) / total) * 100, stealTicks: b.steal - a.steal } : null;
  };
}

/**
 * Other processes may share this machine's cores (even ones this bench cannot see: /proc/stat counts
 * every process of the kernel, other containers included). Waits, up to maxMs, for a 1 s window in
 * which the machine is at most quietPercent busy. Returns { waitedMs, quiet, lastBusyPercent }.
 */
export async function waitQuiet(maxMs = 20_000, quietPercent = 15) {
  const t0 = performance.now();
  for (;;) {
    const m = machineMeter();
    await sleep(1000);
    const last = m()?.busyPercent ?? null;
    if (last !== null && last <= quietPercent) return { waitedMs: performance.now() - t0, quiet: true, lastBusyPercent: last };
    if (performance.now() - t0 > maxMs) return { waitedMs: performance.now() - t0, quiet: false, lastBusyPercent: last };
  }
}
