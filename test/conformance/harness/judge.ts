import type { CaseResult, ConformanceCase, Observation } from './case-types.js';
import { DIFFERENCES } from './differences.js';

/** The keys whose values differ between two observations (a key missing on one side counts). */
export function differingKeys(a: Observation, b: Observation): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => a[key] !== b[key]);
}

/**
 * The verdict: `same` when both observed the same; `different on purpose`
 * when drover shows exactly the documented difference; `drover only` when a
 * drover-only case saw what it expects; `DIFFERENT` otherwise, naming the keys.
 */
export function judge(c: ConformanceCase, supervisord: Observation | null, drover: Observation): CaseResult {
  const base = { name: c.name, covers: c.covers, supervisord, drover };
  if (c.droverOnly) {
    const off = differingKeys(c.droverOnly.expect, drover);
    return off.length === 0 ? { ...base, verdict: 'drover only', note: c.droverOnly.why } : { ...base, verdict: 'DIFFERENT', note: `not as expected: ${off.join(', ')}` };
  }
  if (!supervisord) throw new Error(`case ${c.name}: supervisord's observation is missing`);
  const off = differingKeys(supervisord, drover);
  if (!c.difference) {
    return off.length === 0 ? { ...base, verdict: 'same', note: '' } : { ...base, verdict: 'DIFFERENT', note: `differs in: ${off.join(', ')}` };
  }
  const { id, expectDrover } = c.difference;
  if (off.length === 0) return { ...base, verdict: 'DIFFERENT', note: `the documented difference (${id}) did not show` };
  const unexpected = differingKeys(expectDrover(supervisord), drover);
  return unexpected.length === 0
    ? { ...base, verdict: 'different on purpose', note: `${id}: ${DIFFERENCES[id]}` }
    : { ...base, verdict: 'DIFFERENT', note: `beyond the documented difference (${id}): ${unexpected.join(', ')}` };
}
