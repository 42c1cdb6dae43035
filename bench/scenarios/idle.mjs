/**
 * Idle: 200 programs RUNNING, a 2 s settle, then the supervisor's CPU
 * (utime+stime from /proc/PID/stat over the window, % of one core) and its
 * VmRSS at the end. "The supervisor" includes helper processes that are not
 * programs (see supervisorProcesses). The bench sends it nothing meanwhile.
 */
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cpuMeter, rssBytes, rssOfAll, supervisorProcesses } from '../lib/procfs.mjs';
import { sleep } from '../lib/stats.mjs';
import { sleepPrograms } from './startup.mjs';

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
    const pids = supervisorProcesses(inst);
    const read = cpuMeter(pids, () => performance.now());
    await sleep(windowMs);
    const { cpuPercent, ticks, wallMs, vanished } = read();
    const rss = rssOfAll(pids);
    const mainRss = rssBytes(inst.supervisorPid ?? inst.pid); // PM2: its daemon (see supervisorProcesses)
    if (inst.running.size < n) throw new Error(`${inst.label}: only ${inst.running.size}/${n} RUNNING at the end of the idle window`);
    const stopped = await inst.finish();
    return {
      cpuPercent,
      ticks,
      wallMs,
      rssMB: rss / 1e6,
      mainProcessRssMB: /** @type {number} */ (mainRss) / 1e6,
      helperProcesses: pids.length - 1,
      helpersVanished: vanished,
      leftovers: stopped.leftovers,
      forced: stopped.forced,
    };
  } finally {
    await inst.finish();
    rmSync(dir, { recursive: true, force: true });
  }
}
