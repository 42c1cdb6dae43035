import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/health/check-result.js';
import { INITIAL_PROBE_STATE, stepProbe, type ProbeState, type ProbeStatus, type Thresholds } from '../../src/health/probe-status.js';

/** 'P' = a passing check, 'F' = a failing one; returns the status after each. */
function run(results: string, thresholds: Thresholds, from: ProbeState = INITIAL_PROBE_STATE): ProbeStatus[] {
  let state = from;
  const statuses: ProbeStatus[] = [];
  let n = 0;
  for (const c of results) {
    const result: CheckResult = c === 'P' ? { ok: true } : { ok: false, error: `failure ${++n}` };
    state = stepProbe(state, result, thresholds);
    statuses.push(state.status);
  }
  return statuses;
}

const U = 'unknown';
const P = 'pass';
const F = 'fail';

describe('stepProbe', () => {
  it.each<[string, string, Thresholds, ProbeStatus[]]>([
    ['one pass is enough by default', 'P', { successThreshold: 1, failureThreshold: 3 }, [P]],
    ['needs successThreshold passes in a row', 'PPP', { successThreshold: 3, failureThreshold: 3 }, [U, U, P]],
    ['a failure resets the pass count', 'PPFPPP', { successThreshold: 3, failureThreshold: 3 }, [U, U, U, U, U, P]],
    ['needs failureThreshold failures from unknown', 'FFF', { successThreshold: 1, failureThreshold: 3 }, [U, U, F]],
    ['a pass resets the failure count', 'FFPFF', { successThreshold: 2, failureThreshold: 3 }, [U, U, U, U, U]],
    ['pass → fail after failureThreshold failures', 'PFFF', { successThreshold: 1, failureThreshold: 3 }, [P, P, P, F]],
    ['isolated failures keep a probe passing', 'PFFPFF', { successThreshold: 1, failureThreshold: 3 }, [P, P, P, P, P, P]],
    ['fail → pass after successThreshold passes', 'FFPPP', { successThreshold: 3, failureThreshold: 2 }, [U, F, F, F, P]],
    ['a failure while recovering keeps it failing', 'FPPFPPP', { successThreshold: 3, failureThreshold: 1 }, [F, F, F, F, F, F, P]],
    ['flaps with thresholds of 1', 'PFPF', { successThreshold: 1, failureThreshold: 1 }, [P, F, P, F]],
    ['thresholds below 1 count as 1', 'FP', { successThreshold: 0, failureThreshold: -2 }, [F, P]],
  ])('%s', (_name, results, thresholds, expected) => {
    expect(run(results, thresholds)).toEqual(expected);
  });

  it.each<[string, CheckResult, ProbeState]>([
    ['a failure counts and records its error', { ok: false, error: 'HTTP 503' }, { status: 'pass', passesInRow: 0, failuresInRow: 2, lastError: 'HTTP 503' }],
    ['a pass counts and clears the error', { ok: true }, { status: 'pass', passesInRow: 1, failuresInRow: 0, lastError: null }],
  ])('%s', (_name, result, expected) => {
    const from: ProbeState = { status: 'pass', passesInRow: 0, failuresInRow: 1, lastError: 'HTTP 500' };
    expect(stepProbe(from, result, { successThreshold: 1, failureThreshold: 3 })).toEqual(expected);
  });

  it('does not change the state it was given', () => {
    const from: ProbeState = { ...INITIAL_PROBE_STATE };
    stepProbe(from, { ok: false, error: 'x' }, { successThreshold: 1, failureThreshold: 1 });
    expect(from).toEqual(INITIAL_PROBE_STATE);
  });
});
