import type { CheckResult } from './check-result.js';

export type ProbeStatus = 'unknown' | 'pass' | 'fail';

export interface ProbeState {
  status: ProbeStatus;
  passesInRow: number;
  failuresInRow: number;
  /** The reason of the latest failed check; cleared by a passing one. */
  lastError: string | null;
}

export interface Thresholds {
  successThreshold: number;
  failureThreshold: number;
}

export const INITIAL_PROBE_STATE: ProbeState = { status: 'unknown', passesInRow: 0, failuresInRow: 0, lastError: null };

/**
 * One check's effect on a probe (pure). A probe changes status only after
 * enough results in a row: successThreshold passes make it pass,
 * failureThreshold failures make it fail. Thresholds below 1 count as 1.
 */
export function stepProbe(state: ProbeState, result: CheckResult, thresholds: Thresholds): ProbeState {
  const needPasses = Math.max(1, thresholds.successThreshold);
  const needFailures = Math.max(1, thresholds.failureThreshold);
  if (result.ok) {
    const passesInRow = state.passesInRow + 1;
    const status = state.status !== 'pass' && passesInRow >= needPasses ? 'pass' : state.status;
    return { status, passesInRow, failuresInRow: 0, lastError: null };
  }
  const failuresInRow = state.failuresInRow + 1;
  const status = state.status !== 'fail' && failuresInRow >= needFailures ? 'fail' : state.status;
  return { status, passesInRow: 0, failuresInRow, lastError: result.error };
}
