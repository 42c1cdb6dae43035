import { EngineError } from './errors.js';

/** `N`, `+N` or `-N` against the current count → the new count. */
export function resolveScaleTarget(current: number, count: number | string): number {
  const text = String(count).trim();
  const match = /^([+-]?)(\d+)$/.exec(text);
  if (!match) throw new EngineError('BAD_SCALE', `scale needs a number, +N or -N, got '${text}'`);
  const amount = Number(match[2]);
  const target = match[1] === '+' ? current + amount : match[1] === '-' ? current - amount : amount;
  if (target < 0) throw new EngineError('BAD_SCALE', `cannot scale to ${target} processes`);
  return target;
}
