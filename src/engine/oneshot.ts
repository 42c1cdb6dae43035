import type { ProgramConfig } from '../config/runtime.js';
import type { ProcessState } from '../api/process-state.js';

/** What the one-shot rules read of a process. */
interface ProcessFacts {
  program: Pick<ProgramConfig, 'oneshot' | 'exitcodes'>;
  state: ProcessState;
  exitCode: number | null;
  exitSignal: string | null;
}

/** A one-shot that ran to an expected exit: its work is done, which is neither stopped nor failed. */
export function isDone(proc: ProcessFacts): boolean {
  return proc.program.oneshot && proc.state === 'EXITED' && proc.exitSignal === null && proc.exitCode !== null && proc.program.exitcodes.includes(proc.exitCode);
}

/** What lets a program that depends_on this one start: RUNNING, or, for a one-shot, done. */
export function satisfiesDependents(proc: ProcessFacts): boolean {
  return proc.program.oneshot ? isDone(proc) : proc.state === 'RUNNING';
}

/** A one-shot that gave up (FATAL) will not be done without a new start: what waits for it is told so. */
export function hasGivenUp(proc: ProcessFacts): boolean {
  return proc.program.oneshot && proc.state === 'FATAL';
}
