/**
 * Idle: 200 programs RUNNING, a 2 s settle, then the supervisor's CPU
 * (utime+stime from /proc/PID/stat over the window, % of one core) and its
 * VmRSS at the end. "The supervisor" includes helper processes that are not
 * programs (see supervisorProcesses). The bench sends it nothing meanwhile.
 * drover is measured both in the foreground (`drover -c FILE`) and as
 * `drover --daemon` (the detached supervisor, with the Node flags its
 * launcher gives it), the form issue 21's idle row names.
 */
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cpuMeter, rssBytes, rssOfAll, supervisorProcesses } from '../lib/procfs.mjs';
import { sleep } from '../lib/stats.mjs';
import { sleepPrograms } from './startup.mjs';
import { launchDaemonUntilRunning } from './startup-daemon.mjs';

/**
 * The supervisor's CPU over windowMs and its RSS at the end.
 * @param {number[]} pids  the supervisor's process first, then its helpers
 * @param {number} mainPid  the process whose RSS is reported on its own
 * @param {number} windowMs
 */
async function measureWindow(pids, mainPid, windowMs) {
  const read = cpuMeter(pids, () => performance.now());
  await sleep(windowMs);
  const { cpuPercent, ticks, wallMs, vanished } = read();
  const rss = rssOfAll(pids);
  const mainRss = rssBytes(mainPid);
  return { cpuPercent, ticks, wallMs, rssMB: rss / 1e6, mainProcessRssMB: /** @type {number} */ (mainRss) / 1e6, helperProcesses: pids.length - 1, helpersVanished: vanished };
}

/**
 * @param {import('../lib/types.mjs').SupervisorTool} tool
 * @param {string} dir
 * @param {number} n
 * @param {number} windowMs
 */
export async function idle(tool, dir, n, windowMs, settleMs = 2000, programs = sleepPrograms(n)) {
  const inst = tool.start(dir, programs);
  try {
    await inst.waitAllRunning(n, 60_000);
    await sleep(settleMs);
    // PM2: its daemon, not the bench's event helper (see supervisorProcesses)
    const figures = await measureWindow(supervisorProcesses(inst), inst.supervisorPid ?? inst.pid, windowMs);
    if (inst.running.size < n) throw new Error(`${inst.label}: only ${inst.running.size}/${n} RUNNING at the end of the idle window`);
    const stopped = await inst.finish();
    return { ...figures, leftovers: stopped.leftovers, forced: stopped.forced };
  } finally {
    await inst.finish();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same under `drover --daemon`: the detached supervisor and its helpers (its children that are
 * not programs, the programs known by the pids of their RUNNING lines in its log).
 * @param {string} dir
 * @param {number} n
 * @param {number} windowMs
 */
export async function idleDaemon(dir, n, windowMs, settleMs = 2000) {
  try {
    const { daemon, tail } = await launchDaemonUntilRunning(dir, sleepPrograms(n), n, 60_000);
    try {
      await sleep(settleMs);
      const figures = await measureWindow(daemon.supervisorPids(tail.runningPids()), daemon.pid, windowMs);
      tail.readNew();
      if (tail.running.size < n) throw new Error(`drover --daemon: only ${tail.running.size}/${n} RUNNING by its log at the end of the idle window`);
      tail.close();
      const stopped = await daemon.stop();
      return { ...figures, leftovers: stopped.leftovers, forced: stopped.forced };
    } finally {
      tail.close();
      await daemon.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
