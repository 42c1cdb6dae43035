/**
 * Output flood: one program, `yes <100 chars>` (101-byte lines), stdout
 * logged to a file rotated at 50MB keeping 10 backups.
 *
 * After RUNNING and a 0.5 s warm-up, the window opens: throughput = bytes
 * added to the log (all files, including ones rotated away, see
 * RotatedLogTracker) over the window, and the supervisor's CPU over the same
 * window. Then the producer is frozen (SIGSTOP), the supervisor drains the
 * pipe, and what yes wrote (/proc/PID/io wchar) is compared with what was
 * logged: the difference is lost output. Every line of every kept file must
 * be exactly the 100-character line.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkLines } from '../lib/line-check.mjs';
import { RotatedLogTracker } from '../lib/log-tracker.mjs';
import { cpuMeter, rssOfAll, supervisorProcesses, writtenBytes } from '../lib/procfs.mjs';
import { sleep } from '../lib/stats.mjs';

export const FLOOD_LINE = '0123456789'.repeat(10);
const BACKUPS = 10;

/**
 * @param {import('../lib/types.mjs').SupervisorTool} tool
 * @param {string} dir
 * @param {number} windowMs
 */
export async function flood(tool, dir, windowMs) {
  const logfile = join(dir, 'flood.out.log');
  const tracker = new RotatedLogTracker(logfile, BACKUPS).start(20);
  const inst = tool.start(dir, [{ name: 'flood', command: `yes ${FLOOD_LINE}`, logfile, maxbytes: '50MB', backups: BACKUPS }]);
  let yesPid = null;
  /** @type {NodeJS.Timeout | undefined} */
  let sampler;
  try {
    await inst.waitAllRunning(1, 30_000);
    yesPid = /** @type {number} */ (/** @type {import('../lib/types.mjs').StateEvent} */ ([...inst.procs.values()][0]).pid);
    // What the flood costs in memory: RSS growth from the moment the producer runs to the peak, drain included.
    const rssAtRunning = rssOfAll(supervisorProcesses(inst));
    let peakSinceRunning = rssAtRunning;
    let peakRss = 0;
    let inWindow = false;
    sampler = setInterval(() => {
      const rss = rssOfAll(supervisorProcesses(inst));
      peakSinceRunning = Math.max(peakSinceRunning, rss);
      if (inWindow) peakRss = Math.max(peakRss, rss);
    }, 100);
    await sleep(500);

    const b0 = tracker.poll();
    const t0 = performance.now();
    const cpu = cpuMeter(supervisorProcesses(inst), () => performance.now());
    // Bounded memory under a flood: the supervisor's peak RSS over the window.
    inWindow = true;
    await sleep(windowMs);
    inWindow = false;
    const b1 = tracker.poll();
    const t1 = performance.now();
    const { cpuPercent } = cpu();

    process.kill(yesPid, 'SIGSTOP');
    const drained = await drain(tracker);
    clearInterval(sampler);
    const produced = writtenBytes(yesPid);
    const logged = tracker.poll();
    tracker.stop();
    const restarts = /** @type {import('../lib/types.mjs').StateEvent} */ ([...inst.procs.values()][0]).pid !== yesPid;

    process.kill(yesPid, 'SIGCONT');
    const stopped = await inst.finish();

    const oldestFirst = [...Array.from({ length: BACKUPS }, (_, i) => `${logfile}.${BACKUPS - i}`), logfile];
    const existing = oldestFirst.filter((f) => existsSync(f));
    const check = await checkLines(existing, FLOOD_LINE, { liveFile: logfile });
    const missing = /** @type {number} */ (produced) - logged;
    return {
      mbPerSec: (b1 - b0) / 1e6 / ((t1 - t0) / 1000),
      cpuPercent,
      peakRssMB: peakRss / 1e6,
      rssAtRunningMB: rssAtRunning / 1e6,
      peakRssGrowthMB: (peakSinceRunning - rssAtRunning) / 1e6,
      windowMs: t1 - t0,
      bytesInWindow: b1 - b0,
      producedBytes: produced,
      loggedBytes: logged,
      missingBytes: missing,
      missingLines: missing > 0 ? Math.floor(missing / (FLOOD_LINE.length + 1)) : 0,
      drainMs: drained,
      rotations: tracker.rotations,
      rotationSizesGuessed: tracker.approximate,
      producerRestarted: restarts,
      keptFiles: check.files,
      keptBytes: check.bytes,
      keptLines: check.lines,
      badLines: check.badLines,
      badExamples: check.examples,
      leftovers: stopped.leftovers,
    };
  } finally {
    clearInterval(sampler);
    tracker.stop();
    if (yesPid) {
      try {
        process.kill(yesPid, 'SIGCONT');
      } catch {
        // gone
      }
    }
    await inst.finish();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Waits until the log stops growing for 300 ms (at most 15 s); returns how long that took.
 * @param {import('../lib/log-tracker.mjs').RotatedLogTracker} tracker
 */
async function drain(tracker) {
  const t0 = performance.now();
  let last = tracker.poll();
  let stableSince = performance.now();
  while (performance.now() - stableSince < 300 && performance.now() - t0 < 15_000) {
    await sleep(20);
    const now = tracker.poll();
    if (now !== last) {
      last = now;
      stableSince = performance.now();
    }
  }
  return performance.now() - t0;
}
