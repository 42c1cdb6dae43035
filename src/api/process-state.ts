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

/** Every state, in supervisord's order. */
export const PROCESS_STATES: readonly ProcessState[] = Object.values(ProcessState);
