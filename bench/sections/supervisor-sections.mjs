/** The scenarios that compare drover with the peer supervisors (supervisord, PM2), each run by every one of them in turn. */
import { bareNodeMs, cRespawnFloorMs, cSingleSpawnMs, cSpawnFloorMs } from '../lib/c-floor.mjs';
import { figure } from '../lib/progress-format.mjs';
import { sleep, summarize } from '../lib/stats.mjs';
import { ctlStatus } from '../scenarios/ctl-status.mjs';
import { crashOnceByLines, crashOnceByPolling, startCrashSubject } from '../scenarios/crash.mjs';
import { flood } from '../scenarios/flood.mjs';
import { groupRestart } from '../scenarios/group-restart.mjs';
import { idle, idleDaemon } from '../scenarios/idle.mjs';
import { singleSpawnLatency, spawnFloor } from '../scenarios/os-floor.mjs';
import { startupByLines } from '../scenarios/startup.mjs';
import { startupDaemonByLog } from '../scenarios/startup-daemon.mjs';

/**
 * run.mjs builds the C floor whenever a section that needs it runs; null here is a wiring mistake.
 * @param {string | null} bin
 */
function needFloor(bin) {
  if (!bin) throw new Error('the C spawn floor was not built for this run (run.mjs builds it for startup, crash and restart)');
  return bin;
}

/** @type {import('./section.mjs').Section} */
export const startupSection = {
  name: 'startup',
  run: async ({ hygiene, log, plan, results, runDir, spawnFloorBin, tools }) => {
    const floorBin = needFloor(spawnFloorBin);
    /** @type {Record<string, import('../lib/results-types.mjs').StartupSeries>} */
    const startup = (results.scenarios.startup = {});
    /** @type {Record<string, number[]>} */
    const osFloor = (results.osFloor = {});
    const reps = Math.max(...Object.values(plan.startupReps));
    for (let rep = 0; rep < reps; rep++) {
      for (const n of plan.startupSizes) {
        if (rep >= (plan.startupReps[n] ?? 0)) continue;
        const s = (startup[n] ??= /** @type {import('../lib/results-types.mjs').StartupSeries} */ ({
          ...Object.fromEntries(tools.map((tool) => [tool.name, []])),
          stopMs: Object.fromEntries(tools.map((tool) => [tool.name, []])),
          cSpawnMs: [],
          bareNodeMs: [],
        }));
        // The physical floor beside every start-up round: the C spawns of n programs, then Node's own start.
        const cMs = await cSpawnFloorMs(floorBin, n);
        const nodeMs = await bareNodeMs();
        (s.cSpawnMs ??= []).push(cMs);
        (s.bareNodeMs ??= []).push(nodeMs);
        log(`start ${n}: floor, C posix_spawn of ${n} with two pipes each ${figure(cMs, 0)} ms + bare node -e "" ${figure(nodeMs, 0)} ms`);
        await sleep(500);
        if (rep < (plan.floorReps[n] ?? 0)) {
          const ms = await spawnFloor(n);
          (osFloor[n] ??= []).push(ms);
          log(`start ${n}: OS floor, Node spawns ${n} × sleep in ${figure(ms, 0)} ms`);
          await sleep(500);
        }
        for (const tool of tools) {
          const x = await startupByLines(tool, runDir(`start${n}-${tool.name}`), n);
          hygiene(x);
          (s[tool.name] ??= []).push(x.ms);
          // A peer is killed once timed (SupervisorInstance.finish): only drover's graceful stop is timed.
          if (!x.discarded) (s.stopMs[tool.name] ??= []).push(x.stopMs);
          log(`start ${n}: ${tool.name} ${figure(x.ms, 0)} ms${x.discarded ? '' : ` (stop took ${figure(x.stopMs, 0)} ms)`}`);
          await sleep(500);
        }
        // drover as issue 21 names it, in the same round: `drover --daemon`, timed by its log's state lines.
        const d = await startupDaemonByLog(runDir(`start${n}-drover-daemon`), n);
        hygiene(d);
        (s.droverDaemon ??= []).push(d.ms);
        (s.droverDaemonLaunchMs ??= []).push(d.launchMs);
        (s.droverDaemonStopMs ??= []).push(d.stopMs);
        log(`start ${n}: drover --daemon ${figure(d.ms, 0)} ms (its launcher exited after ${figure(d.launchMs, 0)} ms; ctl shutdown took ${figure(d.stopMs, 0)} ms)`);
        await sleep(500);
      }
    }
  },
};

/** @type {import('./section.mjs').Section} */
export const idleSection = {
  name: 'idle',
  run: async ({ hygiene, log, plan, results, runDir, tools }) => {
    const n = plan.programs;
    const r = (results.scenarios.idle = /** @type {import('../lib/results-types.mjs').IdleFigures} */ ({
      programs: n,
      windowS: plan.idleWindowS,
      ...Object.fromEntries(tools.map((tool) => [tool.name, []])),
    }));
    for (let rep = 0; rep < plan.idleReps; rep++) {
      for (const tool of tools) {
        const x = await idle(tool, runDir(`idle-${tool.name}`), n, plan.idleWindowS * 1000);
        hygiene(x);
        (r[tool.name] ??= []).push(x);
        log(
          `idle: ${tool.name} ${figure(x.cpuPercent, 3)} % CPU (${x.ticks} ticks in ${figure(x.wallMs / 1000)} s), RSS ${figure(x.rssMB)} MB (main process ${figure(x.mainProcessRssMB)} MB + ${x.helperProcesses} helper process(es))`,
        );
        await sleep(500);
      }
      const x = await idleDaemon(runDir('idle-drover-daemon'), n, plan.idleWindowS * 1000);
      hygiene(x);
      (r.droverDaemon ??= []).push(x);
      log(
        `idle: drover --daemon ${figure(x.cpuPercent, 3)} % CPU (${x.ticks} ticks in ${figure(x.wallMs / 1000)} s), RSS ${figure(x.rssMB)} MB (main process ${figure(x.mainProcessRssMB)} MB + ${x.helperProcesses} helper process(es))`,
      );
      await sleep(500);
    }
  },
};

/** @type {import('./section.mjs').Section} */
export const crashSection = {
  name: 'crash',
  run: async ({ hygiene, log, plan, results, runDir, spawnFloorBin, respawnFloorBin, supervisord, tools }) => {
    const r = (results.scenarios.crash = /** @type {import('../lib/results-types.mjs').CrashFigures} */ ({
      kills: plan.crashKills,
      ...Object.fromEntries(tools.map((tool) => [tool.name, []])),
      supervisordPolled: [],
    }));
    /** @type {{ tool: import('../lib/types.mjs').SupervisorTool, inst: import('../lib/types.mjs').SupervisorInstance }[]} */
    const subjects = [];
    const singleSpawnMs = (r.singleSpawnMs = await singleSpawnLatency(plan.singleSpawns));
    log(`crash: OS floor, one Node spawn of sleep: median ${figure(summarize(singleSpawnMs)?.median, 2)} ms`);
    const singleCSpawnMs = (r.singleCSpawnMs = await cSingleSpawnMs(needFloor(spawnFloorBin), plan.singleSpawns));
    log(`crash: floor, one C posix_spawn of sleep with two pipes: median ${figure(summarize(singleCSpawnMs)?.median, 2)} ms`);
    const cRespawnMs = (r.cRespawnMs = await cRespawnFloorMs(needFloor(respawnFloorBin), plan.crashKills));
    log(`crash: floor, the smallest C supervisor (SIGKILL → reap → posix_spawn → RUNNING line): median ${figure(summarize(cRespawnMs)?.median, 2)} ms`);
    try {
      for (const tool of tools) subjects.push({ tool, inst: await startCrashSubject(tool, runDir(`crash-${tool.name}`)) });
      for (let i = 0; i < plan.crashKills; i++) {
        for (const { tool, inst } of subjects) {
          (r[tool.name] ??= []).push(await crashOnceByLines(inst));
          await sleep(100);
          if (tool === supervisord) {
            r.supervisordPolled.push(await crashOnceByPolling(inst, 1));
            await sleep(100);
          }
        }
        const last = (/** @type {(number | { ms: number })[]} */ xs) => {
          const x = xs.at(-1);
          return x === undefined ? '-' : figure(typeof x === 'number' ? x : x.ms, 2);
        };
        log(
          `crash ${i + 1}/${plan.crashKills}: ${tools.map((tool) => `${tool.name} ${last(r[tool.name] ?? [])} ms`).join(', ')}${supervisord ? `, supervisord polled ${last(r.supervisordPolled)} ms` : ''}`,
        );
      }
      if (r.supervisordPolled.length) {
        const polls = r.supervisordPolled.reduce((a, x) => a + x.polls, 0);
        const rpcMs = r.supervisordPolled.reduce((a, x) => a + x.rpcMs, 0);
        r.pollStats = { meanPolls: polls / r.supervisordPolled.length, meanRpcMs: rpcMs / polls };
      }
    } finally {
      for (const { inst } of subjects) hygiene(await inst.finish());
    }
  },
};

/** @type {import('./section.mjs').Section} */
export const floodSection = {
  name: 'flood',
  run: async ({ hygiene, log, plan, results, runDir, tools }) => {
    const r = (results.scenarios.flood = /** @type {import('../lib/results-types.mjs').FloodFigures} */ ({
      windowS: plan.floodWindowS,
      ...Object.fromEntries(tools.map((tool) => [tool.name, []])),
    }));
    for (let rep = 0; rep < plan.floodReps; rep++) {
      for (const tool of tools) {
        const x = await flood(tool, runDir(`flood-${tool.name}`), plan.floodWindowS * 1000);
        hygiene(x);
        (r[tool.name] ??= []).push(x);
        log(
          `flood: ${tool.name} ${figure(x.mbPerSec)} MB/s, CPU ${figure(x.cpuPercent)} %, RSS +${figure(x.peakRssGrowthMB)} MB at peak, bad lines ${x.badLines}, missing ${x.missingBytes} B, ${x.rotations} rotations, drain ${figure(x.drainMs, 0)} ms`,
        );
        await sleep(1000);
      }
    }
  },
};

/** @type {import('./section.mjs').Section} */
export const ctlSection = {
  name: 'ctl',
  run: async ({ hygiene, log, plan, results, runDir, tools }) => {
    const n = plan.programs;
    const { stops, ...r } = await ctlStatus({
      tools,
      dirFor: runDir,
      n,
      warmup: plan.ctlWarmup,
      reps: plan.ctlReps,
      log,
    });
    for (const stop of stops) hygiene(stop);
    results.scenarios.ctl = r;
    const med = (/** @type {number[] | undefined} */ xs = []) => (xs.length ? figure(summarize(xs)?.median, 1) : 'n/a');
    log(`ctl: status of ${n} from a fresh client, median: ${tools.map((tool) => `${tool.name} ${med(r[tool.name] ?? [])} ms`).join(', ')}, node -e "" ${med(r.nodeFloor)} ms`);
  },
};

/** @type {import('./section.mjs').Section} */
export const restartSection = {
  name: 'restart',
  run: async ({ hygiene, log, plan, results, runDir, spawnFloorBin, tools }) => {
    const singleCSpawnMs = await cSingleSpawnMs(needFloor(spawnFloorBin), plan.singleSpawns);
    log(`restart: floor, one C posix_spawn of sleep with two pipes: median ${figure(summarize(singleCSpawnMs)?.median, 2)} ms`);
    const { stops, ...r } = await groupRestart({ tools, dirFor: runDir, n: 50, warmup: plan.groupRestartWarmup, reps: plan.groupRestartReps, log });
    for (const stop of stops) hygiene(stop);
    // The whole path with nothing around it: a client process must boot (a bare node), and the 50 must be stopped and started again (C).
    /** @type {number[]} */
    const cRestartMs = [];
    /** @type {number[]} */
    const bareNode = [];
    for (let i = 0; i < plan.groupRestartReps; i++) {
      cRestartMs.push(await cSpawnFloorMs(needFloor(spawnFloorBin), r.programs, { restart: true }));
      bareNode.push(await bareNodeMs());
    }
    log(`restart: floor, C SIGTERM + reap + spawn of ${r.programs}: median ${figure(summarize(cRestartMs)?.median, 0)} ms, bare node ${figure(summarize(bareNode)?.median, 0)} ms`);
    results.scenarios.groupRestart = { ...r, singleCSpawnMs, cRestartMs, bareNodeMs: bareNode };
    const med = (/** @type {number[] | undefined} */ xs) => (xs?.length ? figure(summarize(xs)?.median, 0) : 'n/a');
    log(`restart: a group of ${r.programs}, fresh client, median: ${tools.map((tool) => `${tool.name} ${med(r[tool.name])} ms`).join(', ')}`);
  },
};
