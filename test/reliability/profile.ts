import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The reliability suite runs in two sizes from the same tests: short inside
 * `npm test` (seconds per scenario, so every run still checks the behaviour),
 * long under `npm run reliability` (the sizes docs/reliability.md quotes: a minute of
 * kills, a 10-minute soak of 1,000 processes, over 10,000 generated inputs).
 * test/reliability/run.mjs sets DROVER_RELIABILITY=long and a results folder.
 */
export const LONG = process.env.DROVER_RELIABILITY === 'long';

/** The short value inside `npm test`, the long one under `npm run reliability`. */
export function size<T>(short: T, long: T): T {
  return LONG ? long : short;
}

/** One row of the reliability table in docs/reliability.md. Every field is already-formatted text. */
export interface ReliabilityRow {
  /** Orders the rows and names the result file: 'faults-kill-storm', 'input-config', … */
  id: string;
  /** What was done to drover: "SIGKILL to a random child every 100 ms for 60 s (20 programs)". */
  scenario: string;
  /** How much was injected or tried: "587 kills", "10,000 documents". */
  injected: string;
  /** What drover did about it: "all 20 RUNNING again; 587 restarts counted". */
  outcome: string;
  /** Requests or lines lost, or "—" where nothing can be lost: "0 of 1,204,331 lines". */
  lost: string;
  /** Supervisor crashes (uncaught errors, exits): "0". */
  crashes: string;
}

/**
 * Records a row when the suite runs under run.mjs (DROVER_RELIABILITY_OUT is
 * set); inside `npm test` it does nothing, so the tree stays clean.
 */
export function recordRow(row: ReliabilityRow): void {
  const out = process.env.DROVER_RELIABILITY_OUT;
  if (!out) return;
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `${row.id}.json`), `${JSON.stringify({ ...row, long: LONG }, null, 2)}\n`);
}

/** 12,345 → "12,345": the docs' number style. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
