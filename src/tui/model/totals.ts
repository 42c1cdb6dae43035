import type { ProcessState } from '../../api/process-state.js';

/** A state cell: the text and the state whose colour it takes (null: no colour). */
export interface StateCell {
  text: string;
  tone: ProcessState | null;
}

/** States that want a look, most urgent first: a mixed group is summed up by the first one present. */
const ATTENTION: readonly ProcessState[] = ['FATAL', 'BACKOFF', 'EXITED', 'STARTING', 'STOPPING'];

/** Display order of state counts in the header. */
export const STATE_ORDER: readonly ProcessState[] = ['RUNNING', 'STARTING', 'BACKOFF', 'STOPPING', 'EXITED', 'FATAL', 'STOPPED'];

/** How many processes are in each state, in `STATE_ORDER`, leaving out states nobody is in. */
export function countStates(states: Iterable<ProcessState>): { state: ProcessState; count: number }[] {
  const counts = new Map<ProcessState, number>();
  for (const state of states) counts.set(state, (counts.get(state) ?? 0) + 1);
  return STATE_ORDER.filter((state) => counts.has(state)).map((state) => ({ state, count: counts.get(state)! }));
}

/**
 * One short cell for a group of processes: `3 RUNNING` when they agree; else
 * the most urgent state and how many others there are (`1 FATAL +2`); else,
 * when only some run, `2/3 RUNNING`.
 */
export function summarizeStates(states: readonly ProcessState[]): StateCell {
  if (states.length === 0) return { text: '-', tone: null };
  const counts = countStates(states);
  if (counts.length === 1) return { text: `${states.length} ${counts[0]!.state}`, tone: counts[0]!.state };
  for (const state of ATTENTION) {
    const found = counts.find((c) => c.state === state);
    if (found) return { text: `${found.count} ${state} +${states.length - found.count}`, tone: state };
  }
  const running = counts.find((c) => c.state === 'RUNNING')?.count ?? 0;
  return { text: `${running}/${states.length} RUNNING`, tone: 'RUNNING' };
}

/** Sum of the known values; null when none is known (nothing sampled yet). */
export function sumKnown(values: Iterable<number | null>): number | null {
  let total: number | null = null;
  for (const value of values) if (value !== null) total = (total ?? 0) + value;
  return total;
}

/** Largest of the known values; null when none is known. */
export function maxKnown(values: Iterable<number | null>): number | null {
  let max: number | null = null;
  for (const value of values) if (value !== null && (max === null || value > max)) max = value;
  return max;
}
