/**
 * The supervisor SIGKILLed and started again, or re-executed by `drover ctl reexec`, under load
 * (issue 22, "What it must show").
 *
 * One config under `drover --daemon`: `web`, a prefork program on drover's built-in runtime serving
 * bench/fixtures/hello.mjs with 2 workers, and `writer` (bench/fixtures/numbered-writer.mjs), which
 * prints a numbered fixed-width line every 2 ms to a log file whose rotation never deletes a file in
 * this run. HTTP load (autocannon, keep-alive) runs the whole time. Each round (`via: 'kill'`) SIGKILLs
 * the detached supervisor (its pid from the launcher's line) and starts `drover --daemon` again on the
 * same config, or (`via: 'reexec'`) runs `drover ctl reexec`, which must exit 0 naming the old pid
 * and the new one; then it waits until the 2 workers and the writer are RUNNING by `drover ctl
 * status`, then 1 s more, while a connect every 5 ms probes the port. At the end a `ctl shutdown`
 * and every log file read back.
 *
 * Per round: the failed requests (errors, timeouts, non-2xx, counted as they happen, from the kill
 * until the next kill), how long the port failed connects, kill (or reexec) → all RUNNING, and
 * whether the workers' and the writer's pids after equal those before. Over the run: lines lost and
 * repeated.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { killUntilGone, pidsWithMarker, trackSupervisor, untrackSupervisor } from '../lib/cleanup.mjs';
import { DroverDaemon, startDaemon, waitGone } from '../lib/drover-daemon.mjs';
import { writeDroverConfig } from '../lib/drover.mjs';
import { startLoad } from '../lib/load.mjs';
import { checkNumberedLines, logFilesOf } from '../lib/numbered-lines.mjs';
import { startPortProbe } from '../lib/port-probe.mjs';
import { fmt } from '../lib/progress-format.mjs';
import { sleep } from '../lib/stats.mjs';
import { FIXTURES, freePort, HELLO_APP, verifyHello } from '../lib/web-servers.mjs';

const WRITER = join(FIXTURES, 'numbered-writer.mjs');
const HOST = '127.0.0.1';
const RUNNING_TIMEOUT_MS = 60_000;
// 256 KiB × 100 files holds ~40 times the run's output: rotation happens, deletion never.
const LOG_MAXBYTES = '256KB';
const LOG_BACKUPS = 100;
const HANDED_OVER = /re-executed \(pid (\d+) handed over to pid (\d+)\)/;

/**
 * @typedef {{ web: number[], writer: number[] }} Pids
 * @typedef {{ restartMs: number, launchMs: number, failed: number, refusedMs: number, longestRefusedMs: number, probes: number, probeFailures: number,
 *   probeFailureCodes: Record<string, number>, samePids: boolean, before: Pids, after: Pids }} KillRound
 */

/**
 * The RUNNING pids of each program in a `ctl status --json` answer (names are `program:process` here).
 * @param {{ name: string, state: string, pid: number | null }[]} procs
 * @returns {Pids}
 */
function runningPids(procs) {
  const of = (/** @type {string} */ program) =>
    procs
      .filter((p) => p.name.startsWith(`${program}:`) && p.state === 'RUNNING' && p.pid)
      .map((p) => /** @type {number} */ (p.pid))
      .sort((a, b) => a - b);
  return { web: of('web'), writer: of('writer') };
}

/**
 * Polls `ctl status` until the workers and the writer are all RUNNING; resolves with their pids.
 * @param {DroverDaemon} daemon
 * @param {number} workers
 */
async function waitAllRunning(daemon, workers) {
  const deadline = performance.now() + RUNNING_TIMEOUT_MS;
  for (;;) {
    const pids = runningPids(await daemon.status());
    if (pids.web.length === workers && pids.writer.length === 1) return pids;
    if (performance.now() > deadline)
      throw new Error(`drover: ${pids.web.length}/${workers} workers and ${pids.writer.length}/1 writer RUNNING after ${RUNNING_TIMEOUT_MS} ms; its log:\n${daemon.logTail()}`);
    await sleep(20);
  }
}

const samePids = (/** @type {Pids} */ a, /** @type {Pids} */ b) => a.web.join() === b.web.join() && a.writer.join() === b.writer.join();

/**
 * `drover ctl reexec` to the supervisor running now; resolves with its successor, which has the
 * same socket, log and cleanup mark (the old supervisor starts it with its own environment).
 * `launchMs` is the ctl client's run, spawn() to exit: it returns once the new pid answers.
 * @param {DroverDaemon} old
 */
async function reexec(old) {
  const t0 = performance.now();
  const r = await old.ctl(['reexec'], 90_000);
  const m = HANDED_OVER.exec(r.stdout);
  if (r.code !== 0 || !m || Number(m[1]) !== old.pid)
    throw new Error(`drover ctl reexec (supervisor pid ${old.pid}) exited ${r.code ?? r.signal}:\n  stdout: ${r.stdout.trim()}\n  stderr: ${r.stderr.trim()}\n${old.logTail()}`);
  const pid = Number(m[2]);
  trackSupervisor(pid);
  untrackSupervisor(old.pid);
  const { socket, logFile, marker, env, cwd } = old;
  return new DroverDaemon({ pid, socket, logFile, marker, env, cwd, launchedAt: t0, launchMs: performance.now() - t0 });
}

/**
 * @param {{ dir: string, kills: number, workers: number, connections: number, via?: 'kill' | 'reexec', lineIntervalMs?: number, settleMs?: number, probeEveryMs?: number,
 *   log?: import('../lib/types.mjs').Log }} options
 */
export async function supervisorRestartUnderLoad({ dir, kills, workers, connections, via = 'kill', lineIntervalMs = 2, settleMs = 1000, probeEveryMs = 5, log = () => {} }) {
  const port = await freePort();
  const url = `http://${HOST}:${port}/`;
  const sideDir = join(dir, 'writer-last');
  const logFile = join(dir, 'logs', 'writer.log');
  mkdirSync(sideDir, { recursive: true });
  const configFile = writeDroverConfig(dir, [
    { name: 'web', prefork: { bind: `${HOST}:${port}`, workers, app: HELLO_APP } },
    { name: 'writer', command: `${process.execPath} ${WRITER} ${sideDir} ${lineIntervalMs}`, logfile: logFile, maxbytes: LOG_MAXBYTES, backups: LOG_BACKUPS },
  ]);
  /** @type {DroverDaemon | null} the supervisor running now */
  let live = null;
  /** @type {string[]} the marks of the supervisors SIGKILLed: what they started carries them */
  const killedMarks = [];
  /** @type {ReturnType<typeof startLoad> | null} */
  let loadRun = null;
  /** @type {{ stopMs: number, forced: boolean, leftovers: number }[]} */
  const stops = [];
  try {
    live = await startDaemon({ configFile, cwd: dir });
    let pids = await waitAllRunning(live, workers);
    await verifyHello(url);
    let failures = 0;
    loadRun = startLoad({ urls: [url], connections, durationS: 3600, onFailure: () => failures++ });
    await sleep(1000); // the load is established before the first kill
    /** @type {KillRound[]} */
    const rounds = [];
    for (let i = 0; i < kills; i++) {
      const victim = live;
      const failedBefore = failures;
      const probe = startPortProbe({ host: HOST, port, everyMs: probeEveryMs });
      const t0 = performance.now();
      let daemon;
      if (via === 'reexec') {
        daemon = await reexec(victim);
        live = daemon;
        if (!(await waitGone(victim.pid, 10_000))) throw new Error(`the supervisor that handed over (pid ${victim.pid}) is still there after 10 s`);
      } else {
        process.kill(victim.pid, 'SIGKILL');
        if (!(await waitGone(victim.pid, 10_000))) throw new Error(`the SIGKILLed supervisor (pid ${victim.pid}) is still there after 10 s`);
        // Gone: never signal its pid again (it may be reused); its programs are the next supervisor's to find.
        untrackSupervisor(victim.pid);
        killedMarks.push(victim.marker);
        live = null;
        daemon = await startDaemon({ configFile, cwd: dir });
        live = daemon;
      }
      const running = await waitAllRunning(daemon, workers);
      const restartMs = performance.now() - t0;
      await sleep(settleMs);
      const probed = await probe.stop();
      const after = runningPids(await daemon.status());
      const round = {
        restartMs,
        launchMs: daemon.launchMs,
        failed: failures - failedBefore,
        refusedMs: probed.refusedMs,
        longestRefusedMs: probed.longestRefusedMs,
        probes: probed.probes,
        probeFailures: probed.failed,
        probeFailureCodes: probed.failureCodes,
        samePids: samePids(pids, after) && samePids(pids, running),
        before: pids,
        after,
      };
      rounds.push(round);
      log(
        `supervisor ${via === 'reexec' ? 'reexec' : 'restart'} ${i + 1}/${kills}: ${via} → all RUNNING ${fmt(restartMs)} ms (${via === 'reexec' ? 'ctl reexec' : 'launcher'} ${fmt(round.launchMs)} ms); failed requests ${round.failed}; port failed connects for ${fmt(round.refusedMs)} ms (${round.probeFailures}/${round.probes} probes); pids ${round.samePids ? 'the same' : `web ${pids.web.join(',')} → ${after.web.join(',')}, writer ${pids.writer.join()} → ${after.writer.join()}`}`,
      );
      pids = after;
    }
    loadRun.stop();
    const load = await loadRun.done;
    loadRun = null;
    // The last writer's lines are checked apart: a loss there is the shutdown's, not a kill's.
    const lastWriter = pids.writer[0] ?? null;
    stops.push(await live.stop());
    const files = logFilesOf(logFile);
    const lines = checkNumberedLines(files, sideDir);
    const atShutdown = lines.writers.find((w) => w.pid === lastWriter);
    return {
      via,
      kills,
      workers,
      connections,
      lineIntervalMs,
      settleMs,
      probeEveryMs,
      rounds,
      load,
      // Failures in no kill's window: before the first kill, or after the last round until the load stopped.
      failedOutsideKills: load.errors + load.non2xx - rounds.reduce((a, r) => a + r.failed, 0),
      lines: { ...lines, writers: lines.writers.map((w) => ({ ...w, last: w.pid === lastWriter })) },
      lostAtKills: lines.lost - (atShutdown?.lost ?? 0),
      repeatedAtKills: lines.repeated - (atShutdown?.repeated ?? 0),
      logFiles: files.length,
      logBackups: LOG_BACKUPS,
      stops,
    };
  } finally {
    if (loadRun) {
      loadRun.stop();
      await loadRun.done.catch(() => {});
    }
    if (live && !live.stopping) stops.push(await live.stop());
    // Whatever a killed supervisor started and no later one stopped is left over.
    const leftovers = killUntilGone(() => killedMarks.flatMap((mark) => pidsWithMarker(mark)));
    if (leftovers) stops.push({ stopMs: 0, forced: false, leftovers });
    rmSync(dir, { recursive: true, force: true });
  }
}
