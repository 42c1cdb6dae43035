import type { ProgramConfig } from '../config/runtime.js';
import { EngineError } from './errors.js';

/** `N`, `+N` or `-N` against the current count → the new count, if the program can have that many. */
export function resolveScaleTarget(program: ProgramConfig, current: number, count: number | string): number {
  const text = String(count).trim();
  const match = /^([+-]?)(\d+)$/.exec(text);
  if (!match) throw new EngineError('BAD_SCALE', `scale needs a number, +N or -N, got '${text}'`);
  const amount = Number(match[2]);
  const target = match[1] === '+' ? current + amount : match[1] === '-' ? current - amount : amount;
  if (target < 0) throw new EngineError('BAD_SCALE', `cannot scale to ${target} processes`);
  if (target > 1 && !program.processName.includes('process_num') && program.processNameExplicit) {
    throw new EngineError('BAD_SCALE', `cannot scale ${program.name} past 1: its process_name has no %(process_num)`);
  }
  return target;
}
