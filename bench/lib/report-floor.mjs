/**
 * The physical floors measured in the run (lib/c-floor.mjs): the lines above the tables, and the
 * reference rows that sit beside the start-up, crash and restart figures they bound.
 *
 * @typedef {import('./results-types.mjs').Results} Results
 * @typedef {import('./results-types.mjs').StartupSeries} StartupSeries
 */
import { cell } from './report-cells.mjs';
import { summarize } from './stats.mjs';

/**
 * The start-up floor of each round: its C spawns of N programs plus its bare `node -e ""` (the sum).
 * @param {StartupSeries} s
 */
export const startupFloorSum = (s) => (s.cSpawnMs ?? []).map((ms, i) => ms + (s.bareNodeMs?.[i] ?? NaN)).filter((ms) => Number.isFinite(ms));

/**
 * A group restart's floor: its size × each timed-alone posix_spawn.
 * @param {{ programs: number, singleCSpawnMs?: number[] }} g
 */
export const groupRestartFloor = (g) => (g.singleCSpawnMs ?? []).map((ms) => ms * g.programs);

/**
 * A group restart's whole-path floor: a client process's boot (a bare node) plus the C restart of the group, round by round.
 * @param {{ cRestartMs?: number[], bareNodeMs?: number[] }} g
 */
export const groupRestartPathFloor = (g) => (g.cRestartMs ?? []).map((ms, i) => ms + (g.bareNodeMs?.[i] ?? NaN)).filter((ms) => Number.isFinite(ms));

/**
 * The floors as text lines, in the order the scenarios run.
 * @param {Results} results
 */
export function cFloorLines(results) {
  const sc = results.scenarios;
  const out = [];
  for (const [n, s] of Object.entries(sc.startup ?? {})) {
    if (!s.cSpawnMs?.length) continue;
    out.push(`C floor: posix_spawn of ${n} \`sleep 86400\` with two pipes each, own process groups (bench/floor/spawn-floor.c): ${cell(summarize(s.cSpawnMs), 0)} ms`);
    out.push(`C floor: the same + a bare \`node -e ""\` (${cell(summarize(s.bareNodeMs ?? []), 0)} ms), summed per round: ${cell(summarize(startupFloorSum(s)), 0)} ms`);
  }
  const single = sc.crash?.singleCSpawnMs;
  if (single?.length) out.push(`C floor: one posix_spawn of \`sleep 86400\` with two pipes, timed alone (\`spawn-floor 1\`): ${cell(summarize(single), 2)} ms`);
  const respawn = sc.crash?.cRespawnMs;
  if (respawn?.length)
    out.push(
      `C floor: crash → RUNNING under the smallest C supervisor (bench/floor/respawn-floor.c: blocking waitpid, posix_spawn, one line to the bench), timed as drover's: ${cell(summarize(respawn), 2)} ms`,
    );
  const g = sc.groupRestart;
  if (g?.singleCSpawnMs?.length) out.push(`C floor: ${g.programs} × one posix_spawn timed alone (restart series): ${cell(summarize(groupRestartFloor(g)), 0)} ms`);
  if (g?.cRestartMs?.length)
    out.push(
      `C floor: SIGTERM, reap and posix_spawn again of ${g.programs} (\`spawn-floor ${g.programs} restart\`): ${cell(summarize(g.cRestartMs), 0)} ms; + a bare \`node -e ""\` (the client's boot), summed per round: ${cell(summarize(groupRestartPathFloor(g)), 0)} ms`,
    );
  return out;
}

/**
 * A reference row: the floor in the drover column, and how far above it drover's median is.
 * @param {string} metric
 * @param {number[] | undefined} floorSamples
 * @param {number} decimals
 * @param {(number | null | undefined)[] | undefined} droverSamples  the figure this floor bounds
 * @param {string} [who]  which drover those samples are
 * @returns {import('./report-rows.mjs').Row}
 */
export function floorRow(metric, floorSamples, decimals, droverSamples, who = 'drover') {
  const floor = summarize(floorSamples ?? []);
  const d = summarize(droverSamples ?? []);
  const times = floor && d && floor.median > 0 ? d.median / floor.median : null;
  return {
    metric,
    unit: 'ms',
    better: times === null ? '—' : `${who} at ${times.toFixed(times >= 10 ? 0 : 2)}× this floor`,
    peer: '—',
    field: 'median',
    drover: floor,
    supervisord: null,
    decimals,
    ratio: '—',
    reference: true,
  };
}
