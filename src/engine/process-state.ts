/** supervisord's process states, with the same names and meanings. */
export const ProcessState = {
  STOPPED: 'STOPPED',
  STARTING: 'STARTING',
  RUNNING: 'RUNNING',
  BACKOFF: 'BACKOFF',
  STOPPING: 'STOPPING',
  EXITED: 'EXITED',
  FATAL: 'FATAL',
} as const;

export type ProcessState = (typeof ProcessState)[keyof typeof ProcessState];

/** States in which a child process exists (or is being created). */
export function isLive(state: ProcessState): boolean {
  return state === 'STARTING' || state === 'RUNNING' || state === 'STOPPING';
}
