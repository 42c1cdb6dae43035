import type { AutoRestart } from '../config/runtime.js';

/** The slice of a program's config that the state machine needs. */
export interface RestartPolicy {
  startsecsMs: number;
  /** `Infinity` for `startretries: infinite`. */
  startretries: number;
  autorestart: AutoRestart;
  exitcodes: number[];
  /** Named in the STOPPING description (`TERM` or `SIGTERM`). */
  stopsignal: string;
  stopwaitsecsMs: number;
  /**
   * Set for a process that says when it is ready (a prefork worker): it is
   * RUNNING on its `ready` event, not after startsecs, and one not ready
   * within this many ms is killed, which counts as a failed start.
   */
  readyTimeoutMs?: number;
  /**
   * `type: oneshot`: STARTING for as long as it runs (systemd's "activating"),
   * done (EXITED) at an exit in exitcodes, a failed start at any other.
   */
  oneshot?: boolean;
}

/** supervisord waits N seconds after the Nth failed start; we cap it so an
 * infinite crash loop settles at one attempt a minute instead of drifting to hours. */
export const MAX_BACKOFF_MS = 60_000;

export function backoffDelayMs(failedStarts: number): number {
  return Math.min(MAX_BACKOFF_MS, Math.max(1, failedStarts) * 1000);
}

/** An exit is "expected" when it was a normal exit with a listed code. A death by
 * signal is never expected (supervisord treats it the same way). */
export function isExpectedExit(policy: RestartPolicy, code: number | null, signal: string | null): boolean {
  return signal === null && code !== null && policy.exitcodes.includes(code);
}

export function shouldRestartAfterExit(policy: RestartPolicy, code: number | null, signal: string | null): boolean {
  if (policy.autorestart === 'unexpected') return !isExpectedExit(policy, code, signal);
  return policy.autorestart;
}
