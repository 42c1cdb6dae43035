import type { ProcessState } from '../api/process-state.js';

/** States in which a child process exists (or is being created). */
export function isLive(state: ProcessState): boolean {
  return state === 'STARTING' || state === 'RUNNING' || state === 'STOPPING';
}
