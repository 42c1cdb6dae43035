/**
 * With --only, the scenarios not run keep the figures of the previous results.json (labelled as such
 * in both reports), so a partial run does not wipe the rest of RESULTS.md.
 */
import { readFileSync } from 'node:fs';

/**
 * Copies into results the scenarios of previousPath that this run did not take (wants says which it took).
 * @param {import('./results-types.mjs').Results} results
 * @param {string} previousPath
 * @param {(section: string) => boolean} wants
 */
export function carryOverScenarios(results, previousPath, wants) {
  try {
    /** @type {import('./results-types.mjs').Results} */
    const previous = JSON.parse(readFileSync(previousPath, 'utf8'));
    // The previous run's figures are taken as they were written: the same shapes, by scenario name.
    const scenarios = /** @type {Record<string, unknown>} */ (results.scenarios);
    const previousScenarios = /** @type {Record<string, unknown>} */ (previous.scenarios ?? {});
    const carried = Object.keys(previousScenarios).filter((name) => !wants(name) && !scenarios[name]);
    for (const name of carried) scenarios[name] = previousScenarios[name];
    if (carried.includes('startup') && previous.osFloor) results.osFloor = previous.osFloor;
    if (carried.length) {
      // Carried over twice: name the run that measured them.
      const earlier = previous.meta?.carriedOver;
      const source = earlier && carried.every((name) => earlier.scenarios?.includes(name)) ? earlier : (previous.meta ?? {});
      results.meta.carriedOver = {
        scenarios: carried,
        date: source.date ?? null,
        mode: source.mode ?? null,
        command: source.command ?? null,
        gitCommit: source.gitCommit ?? null,
        supervisord: source.supervisord ?? null,
        pm2: source.pm2 ?? null,
      };
    }
  } catch {
    // no previous results: report this run alone
  }
}
