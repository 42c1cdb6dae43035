import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { ProcessStatus } from '../../src/api/supervisor-api.js';
import { httpRequest } from '../helpers/control-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Shared by the fault scenarios (kill storm, supervisor kill, stopped worker,
 * missing command): reads of the API and of /proc that those tests judge by.
 */

/** Every process, as GET /v1/processes answers (what `ctl status --json` prints). */
export async function listProcesses(socket: string): Promise<ProcessStatus[]> {
  const answer = await httpRequest(socket, 'GET', '/v1/processes');
  if (answer.status !== 200) throw new Error(`GET /v1/processes answered ${answer.status}: ${answer.text}`);
  return answer.json as ProcessStatus[];
}

/** Waits until exactly `count` processes are listed and every one is RUNNING with a pid; returns them. */
export function waitAllRunning(socket: string, count: number, what = `${count} processes RUNNING`, timeoutMs = 30_000): Promise<ProcessStatus[]> {
  return waitFor(
    what,
    async () => {
      const list = await listProcesses(socket);
      return list.length === count && list.every((p) => p.state === 'RUNNING' && p.pid !== null) ? list : null;
    },
    timeoutMs,
    50,
  );
}

/** Clock ticks per second of /proc/PID/stat times (USER_HZ: 100 on every Linux that ships). */
export const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time a process has used itself (utime + stime, its children not included), in clock ticks. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[14 - 3]) + Number(fields[15 - 3]);
}

/** Resident memory of a process (VmRSS), in kB. */
export function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

/**
 * Pids of every live process whose environment holds `NAME=value`. A daemon
 * started with a marker variable passes it to everything it starts, and they
 * to theirs, so this finds a killed supervisor's whole generation: children,
 * grandchildren and helpers, whichever session or parent they ended up in.
 */
export function processesWithEnv(name: string, value: string): number[] {
  const needle = Buffer.from(`\0${name}=${value}\0`);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: Buffer;
    try {
      environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${entry}/environ`), Buffer.from([0])]);
    } catch {
      continue; // gone, or another user's
    }
    if (environ.includes(needle) && !isZombie(Number(entry))) found.push(Number(entry));
  }
  return found;
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat[stat.lastIndexOf(')') + 2] === 'Z';
  } catch {
    return true;
  }
}

/** True when a listening socket can be bound on 127.0.0.1:port now (nothing holds it). */
export function canListenOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** "a, b and c" for pid lists in failure messages. */
export function describePids(pids: number[]): string {
  return pids.length === 0 ? 'none' : pids.join(', ');
}
