/**
 * What a section of the run is, for the type check: sections/registry.mjs lists them, run.mjs runs them.
 *
 * @typedef {typeof import('../lib/plan.mjs').FULL_PLAN} Plan
 * @typedef {object} SectionRun  What run.mjs hands every section.
 * @property {Plan} plan
 * @property {import('../lib/results-types.mjs').Results} results  the section records its figures here
 * @property {(label: string) => string} runDir  a fresh folder in the run's temp root
 * @property {(stop: { leftovers?: number, forced?: boolean } | null | undefined) => void} hygiene  counts what a stop left behind
 * @property {import('../lib/types.mjs').Log} log
 * @property {string | null} spawnFloorBin  bench/floor/spawn-floor.c, compiled for this run (null when no section needs it)
 * @property {string | null} respawnFloorBin  bench/floor/respawn-floor.c, compiled beside it
 * @typedef {import('../lib/locate-peers.mjs').Peers & SectionRun} SectionContext
 *
 * @typedef {object} Section
 * @property {string} name  what `--only` picks it by
 * @property {(plan: Plan) => number} [reps]  0: not in this plan
 * @property {(context: SectionContext) => Promise<void>} run
 */
export {};
