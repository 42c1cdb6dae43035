/**
 * The interactive view attached to a daemon with 1,000 processes: what it
 * costs while it is open.
 *
 * A `drover --daemon` with two programs, 1,000 processes in all, stats every
 * 1 s: `a_front` (numprocs = FRONT, enough to fill the list at 80×24, which
 * sorts by name, so these are the rows on screen) and `z_rest` (the others,
 * `sleep 86400`). Variants:
 *   steady:   a_front is `sleep 86400` too: no figure moves but the uptimes
 *             (and the header's own uptime) — "nothing changes".
 *   changing: a_front runs busy.sh (written into the run folder), a shell loop that burns a
 *             different amount of CPU each second, then sleeps 1 s, so the
 *             CPU % of every process on screen (and the totals) changes from
 *             one stats event to the next — "every figure changes".
 * Once all 1,000 are RUNNING, `drover attach --socket S` runs in a pty of
 * 80×24 (lib/pty-view.mjs); once it has drawn the first process rows and
 * settled, over the window: bytes it wrote to the terminal per second, the
 * view process's CPU (utime+stime from /proc, % of one core) and the
 * daemon's (its own process plus its drover-spawner helpers, not the
 * programs). Before the window, a few `ctl status --json` snapshots 1 s apart
 * check how many of the on-screen processes' CPU figures (as the view prints
 * them, one decimal) changed between stats samples. Nothing is sent to the
 * view or the daemon during the window.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDaemon } from '../lib/drover-daemon.mjs';
import { cpuMeter, readBytes, rssBytes } from '../lib/procfs.mjs';
import { startPtyView } from '../lib/pty-view.mjs';
import { sleep, summarize } from '../lib/stats.mjs';

/** At 80×24 the list shows 18 rows below its titles: `all`, the a_front program row, and 16 of its processes. */
export const FRONT = 18;
const BURST_GAP_MS = 40;

// Iteration counts of the busy loop cycle through 6 sizes (~3 to ~30 ms of dash on this kind of VM),
// offset by the process number, so no two consecutive seconds of a process look the same.
const BUSY_SH = `k=\${DROVER_PROCESS_NUM:-0}
while :; do
  n=$(( 2000 + (k % 6) * 3600 ))
  i=0
  while [ $i -lt $n ]; do i=$((i+1)); done
  k=$((k+1))
  sleep 1
done
`;

/**
 * @param {string} dir
 * @param {{ n: number, front: number, variant: string, statsInterval?: string }} view
 */
export function writeViewConfig(dir, { n, front, variant, statsInterval = '1s' }) {
  mkdirSync(dir, { recursive: true });
  const busy = join(dir, 'busy.sh');
  writeFileSync(busy, BUSY_SH);
  const sleeper = { command: 'sleep 86400', startsecs: 0, autorestart: true };
  const config = {
    supervisor: {
      logdir: 'logs',
      socket: 'run/drover.sock',
      pidfile: 'run/drover.pid',
      statefile: 'run/drover.state.json',
      stats_interval: statsInterval,
    },
    programs: {
      a_front: {
        ...sleeper,
        ...(variant === 'changing' ? { command: `sh ${busy}` } : {}),
        numprocs: front,
        process_name: '%(program_name)s_%(process_num)02d',
      },
      z_rest: { ...sleeper, numprocs: n - front, process_name: '%(program_name)s_%(process_num)03d' },
    },
  };
  const file = join(dir, 'programs.yaml');
  writeFileSync(file, `${JSON.stringify(config, null, 1)}\n`);
  return file;
}

/**
 * Output chunks closer than BURST_GAP_MS are one burst (one redraw, as the terminal gets it).
 * @param {[number, number][]} chunks  [arrival ms, bytes]
 */
export function bursts(chunks) {
  /** @type {number[]} */
  const out = [];
  let last = -Infinity;
  for (const [at, bytes] of chunks) {
    if (at - last > BURST_GAP_MS) out.push(0);
    out[out.length - 1] = /** @type {number} */ (out[out.length - 1]) + bytes;
    last = at;
  }
  return out;
}

const cpuText = (/** @type {{ cpuPercent?: number | null }} */ p) => (typeof p.cpuPercent === 'number' ? p.cpuPercent.toFixed(1) : '-');

/**
 * Share of the on-screen processes whose printed CPU figure changed between consecutive snapshots.
 * @param {import('../lib/drover-daemon.mjs').DroverDaemon} daemon
 * @param {string[]} names
 */
async function cpuChangeCheck(daemon, names, snapshots = 4, gapMs = 1000) {
  /** @type {(string | null)[][]} */
  const seen = [];
  for (let i = 0; i < snapshots; i++) {
    if (i) await sleep(gapMs);
    const byName = new Map((await daemon.status()).map((p) => [p.name, p]));
    seen.push(
      names.map((name) => {
        const p = byName.get(name);
        return p ? cpuText(p) : null;
      }),
    );
  }
  let changed = 0;
  let pairs = 0;
  for (let i = 1; i < seen.length; i++) {
    for (let j = 0; j < names.length; j++) {
      pairs++;
      if (seen[i]?.[j] !== seen[i - 1]?.[j]) changed++;
    }
  }
  return { changedFraction: pairs ? changed / pairs : null, sample: seen.map((s) => s.slice(0, 6).join(' ')) };
}

/**
 * One run: daemon up, all RUNNING, view drawn and settled, the window, both stopped.
 * Returns the figures plus { leftovers, forced } for the bench's hygiene counts.
 * @param {{ dir: string, variant: string, n?: number, front?: number, windowMs: number, settleMs?: number, rows?: number, cols?: number }} run
 */
export async function viewRun({ dir, variant, n = 1000, front = FRONT, windowMs, settleMs = 5000, rows = 24, cols = 80 }) {
  const configFile = writeViewConfig(dir, { n, front, variant });
  let daemon = null;
  let view = null;
  try {
    daemon = await startDaemon({ configFile, cwd: dir });
    const t0 = performance.now();
    const procs = await daemon.waitAllRunning(n, 20_000 + n * 60);
    const allRunningMs = performance.now() - t0;
    const programPids = /** @type {number[]} */ (procs.map((p) => p.pid).filter(Boolean));
    const onScreen = procs
      .map((p) => p.name)
      .filter((name) => name.startsWith('a_front:'))
      .sort();

    view = startPtyView({ socket: daemon.socket, rows, cols, cwd: dir });
    const viewPid = await view.findViewPid();
    // The first process row under the program row: the list has been drawn from the snapshot.
    const drawnAt = await view.waitForText('a_front_00', 30_000);
    const firstOutputMs = /** @type {number} */ (view.firstOutputAt) - view.startedAt; // set by the time the text showed
    const drawnMs = drawnAt - view.startedAt;
    await sleep(settleMs);
    const change = await cpuChangeCheck(daemon, onScreen.slice(0, 16));
    await sleep(1500); // let the ctl clients' requests pass before the window

    const daemonPids = daemon.supervisorPids(programPids);
    const now = () => performance.now();
    const viewCpu = cpuMeter([viewPid], now);
    const daemonCpu = cpuMeter(daemonPids, now);
    const scriptCpu = cpuMeter([view.scriptPid], now);
    const read0 = readBytes(viewPid);
    const stopRecording = view.record();
    await sleep(windowMs);
    const out = stopRecording();
    const viewRead = (() => {
      try {
        return /** @type {number} */ (readBytes(viewPid)) - /** @type {number} */ (read0);
      } catch {
        return null; // gone: reported below
      }
    })();
    const v = viewCpu();
    const d = daemonCpu();
    const s = scriptCpu();
    const viewRss = (() => {
      try {
        return rssBytes(viewPid);
      } catch {
        return null;
      }
    })();
    if (view.exitInfo) throw new Error(`the view ended during the window ${view.context()}`);
    if (v.vanished) throw new Error('the view process vanished during the window');
    if (d.vanished) throw new Error(`the daemon (or a helper) vanished during the window; its log:\n${daemon.logTail()}`);
    const after = await daemon.status();
    const running = after.filter((p) => p.state === 'RUNNING').length;
    if (running < n) throw new Error(`only ${running}/${n} RUNNING after the window; daemon log:\n${daemon.logTail()}`);

    const chunks = /** @type {[number, number][]} */ (out.chunks); // recorded since view.record()
    const b = bursts(chunks);
    const bs = summarize(b);
    const viewStop = await view.stop();
    const daemonStop = await daemon.stop();
    return {
      variant,
      windowMs: out.wallMs,
      bytes: out.bytes,
      bytesPerSec: out.bytes / (out.wallMs / 1000),
      kbPerSec: out.bytes / out.wallMs, // 1 KB = 1000 B
      writes: chunks.length,
      bursts: b.length,
      burstsPerSec: b.length / (out.wallMs / 1000),
      burstBytesMedian: bs?.median ?? null,
      burstBytesMax: bs?.max ?? null,
      viewCpuPercent: v.cpuPercent,
      viewTicks: v.ticks,
      daemonCpuPercent: d.cpuPercent,
      daemonTicks: d.ticks,
      daemonProcesses: daemonPids.length,
      scriptCpuPercent: s.cpuPercent,
      viewRssMB: viewRss === null ? null : viewRss / 1e6,
      // What the view read (rchar: the control socket's events, its stdin pty) per second, 1 KB = 1000 B.
      viewReadKBPerSec: viewRead === null ? null : viewRead / out.wallMs,
      cpuChangedFraction: change.changedFraction,
      cpuSnapshots: change.sample,
      allRunningMs,
      firstOutputMs,
      drawnMs,
      leftovers: viewStop.leftovers + daemonStop.leftovers,
      forced: viewStop.forced || daemonStop.forced,
      daemonStopMs: daemonStop.stopMs,
    };
  } finally {
    if (view) await view.stop();
    if (daemon) await daemon.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
