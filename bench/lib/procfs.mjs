/** Reads what the bench needs about a process from /proc. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export const CLK_TCK = (() => {
  try {
    const v = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(v) && v > 0 ? v : 100;
  } catch {
    return 100;
  }
})();

/**
 * utime + stime of the whole process (all threads), in clock ticks.
 * @param {number} pid
 */
export function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * @param {number} pid
 */
export function rssBytes(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : null;
}

/**
 * Bytes the process has passed to write()-like calls.
 * @param {number} pid
 */
export function writtenBytes(pid) {
  const m = /^wchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return m ? Number(m[1]) : null;
}

/**
 * Bytes the process has passed to read()-like calls (sockets and pipes included).
 * @param {number} pid
 */
export function readBytes(pid) {
  const m = /^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return m ? Number(m[1]) : null;
}

/**
 * Direct children of a process (found by scanning the parent pid field of /proc/PID/stat).
 * @param {number} pid
 */
export function childrenOf(pid) {
  /** @type {number[]} */
  const kids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) kids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return kids;
}

/**
 * The supervisor as a cost: its own process plus any helper processes it runs
 * that are not supervised programs (drover's drover-spawner helpers; nothing
 * for supervisord or PM2's daemon, whose children are all programs).
 * @param {{ procs: Map<string, { pid: number | null }>, supervisorPid?: number, pid: number }} inst
 */
export function supervisorProcesses(inst) {
  const programs = new Set([...inst.procs.values()].map((p) => p.pid).filter(Boolean));
  const main = inst.supervisorPid ?? inst.pid; // PM2: its daemon, not the bench's event helper (lib/pm2.mjs)
  return [main, ...childrenOf(main).filter((pid) => !programs.has(pid))];
}

/**
 * @param {Iterable<number>} pids
 */
export function rssOfAll(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      total += rssBytes(pid) ?? 0;
    } catch {
      // gone
    }
  }
  return total;
}

/**
 * Percent of one core over a window.
 * @param {number} ticksDelta
 * @param {number} wallMs
 */
export function cpuPercent(ticksDelta, wallMs) {
  return (ticksDelta / CLK_TCK / (wallMs / 1000)) * 100;
}

/**
 * A CPU meter over a set of pids: call it to start, call the result to stop → percent of one core (all pids together).
 * @param {Iterable<number>} pids
 * @param {() => number} now  the clock, ms
 */
export function cpuMeter(pids, now) {
  const t0 = now();
  /** @type {Map<number, number>} */
  const start = new Map();
  for (const pid of pids) {
    try {
      start.set(pid, cpuTicks(pid));
    } catch {
      // gone already
    }
  }
  return () => {
    let ticks = 0;
    let vanished = 0;
    for (const [pid, c0] of start) {
      try {
        ticks += cpuTicks(pid) - c0;
      } catch {
        vanished++;
      }
    }
    const wall = now() - t0;
    return { cpuPercent: cpuPercent(ticks, wall), ticks, wallMs: wall, processes: start.size, vanished };
  };
}

/**
 * Open sockets of a process (fds that are sockets: TCP connections, listeners, pipes to its parent).
 * @param {number} pid
 */
export function socketCount(pid) {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

/** The whole machine's CPU time from /proc/stat: { busy, total } in clock ticks, summed over all CPUs. */
export function machineTicks() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - (v[3] ?? 0) - (v[4] ?? 0), total, steal: v[7] ?? 0 };
}
