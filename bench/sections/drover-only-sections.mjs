/** The scenarios with no peer: what watching files costs drover, its interactive view, and drover SIGKILLed and started again, or re-executed, under load. */
import { drover } from '../lib/drover.mjs';
import { figure } from '../lib/progress-format.mjs';
import { scriptVersion } from '../lib/pty-view.mjs';
import { sleep, summarize } from '../lib/stats.mjs';
import { supervisorRestartUnderLoad } from '../scenarios/supervisor-restart.mjs';
import { FRONT, viewRun } from '../scenarios/view.mjs';
import { removeTree, watchedTree, watchIdle, WATCHED_FILES } from '../scenarios/watch.mjs';

/** @type {import('./section.mjs').Section} */
export const watchSection = {
  name: 'watch',
  reps: (plan) => plan.watchReps,
  run: async ({ hygiene, log, plan, results, runDir }) => {
    const base = runDir('watch-tree');
    const tree = watchedTree(base);
    /** @type {import('../lib/results-types.mjs').WatchFigures} */
    const r = (results.scenarios.watch = { files: WATCHED_FILES, windowS: plan.watchWindowS, watching: [], unwatched: [] });
    try {
      for (let rep = 0; rep < plan.watchReps; rep++) {
        for (const watching of [true, false]) {
          const x = await watchIdle(drover, runDir(`watch-${watching ? 'on' : 'off'}`), tree, watching, plan.watchWindowS * 1000);
          hygiene(x);
          r[watching ? 'watching' : 'unwatched'].push(x);
          log(
            `watch: drover ${watching ? `watching ${WATCHED_FILES} files` : 'not watching'}: ${figure(x.cpuPercent, 3)} % CPU (${x.ticks} ticks in ${figure(x.wallMs / 1000)} s), RSS ${figure(x.rssMB)} MB`,
          );
          await sleep(500);
        }
      }
    } finally {
      removeTree(base);
    }
  },
};

/** @type {import('./section.mjs').Section} */
export const viewSection = {
  name: 'view',
  reps: (plan) => plan.viewReps,
  run: async ({ hygiene, log, plan, results, runDir }) => {
    const n = 1000;
    /** @type {import('../lib/results-types.mjs').ViewFigures} */
    const r = (results.scenarios.view = {
      programs: n,
      onScreen: FRONT,
      rows: 24,
      cols: 80,
      statsIntervalS: 1,
      windowS: plan.viewWindowS,
      settleS: plan.viewSettleS,
      term: 'xterm-256color',
      pty: scriptVersion() ?? 'script (version unknown)',
      steady: [],
      changing: [],
    });
    for (let rep = 0; rep < plan.viewReps; rep++) {
      for (const variant of /** @type {const} */ (['steady', 'changing'])) {
        const x = await viewRun({ dir: runDir(`view-${variant}`), variant, n, windowMs: plan.viewWindowS * 1000, settleMs: plan.viewSettleS * 1000 });
        hygiene(x);
        r[variant].push(x);
        log(
          `view ${variant} ${rep + 1}/${plan.viewReps}: view ${figure(x.viewCpuPercent, 2)} % CPU, daemon ${figure(x.daemonCpuPercent, 2)} % CPU (${x.daemonProcesses} process(es)), terminal ${figure(x.kbPerSec, 2)} KB/s (${x.bursts} bursts, median ${figure(x.burstBytesMedian, 0)} B, max ${figure(x.burstBytesMax, 0)} B), on-screen CPU figures changed ${figure((x.cpuChangedFraction ?? NaN) * 100, 0)} %; script ${figure(x.scriptCpuPercent, 2)} %, view RSS ${figure(x.viewRssMB)} MB, view read ${figure(x.viewReadKBPerSec)} KB/s`,
        );
        await sleep(1000);
      }
    }
  },
};

/** @type {import('./section.mjs').Section} */
export const restartUnderLoadSection = {
  name: 'restart-under-load',
  // Two series of as many rounds: SIGKILL and start again, then `ctl reexec`.
  reps: (plan) => 2 * plan.restartUnderLoadKills,
  run: async ({ hygiene, log, plan, results, runDir }) => {
    for (const via of /** @type {const} */ (['kill', 'reexec'])) {
      const { stops, ...r } = await supervisorRestartUnderLoad({
        dir: runDir(via === 'kill' ? 'restart-under-load' : 'reexec-under-load'),
        kills: plan.restartUnderLoadKills,
        workers: 2,
        connections: plan.restartUnderLoadConnections,
        via,
        log,
      });
      for (const stop of stops) hygiene(stop);
      if (via === 'kill') results.scenarios.restartUnderLoad = r;
      else results.scenarios.reexecUnderLoad = r;
      log(
        `${via === 'kill' ? 'restart' : 'ctl reexec'} under load: ${r.kills} rounds: failed requests ${r.load.errors + r.load.non2xx} (median ${figure(summarize(r.rounds.map((x) => x.failed))?.median, 0)} a round), lost lines ${r.lostAtKills}, repeated lines ${r.repeatedAtKills}, same pids ${r.rounds.filter((x) => x.samePids).length}/${r.kills}, port failing connects median ${figure(summarize(r.rounds.map((x) => x.refusedMs))?.median, 0)} ms, ${via} → all RUNNING median ${figure(summarize(r.rounds.map((x) => x.restartMs))?.median, 0)} ms`,
      );
    }
  },
};
