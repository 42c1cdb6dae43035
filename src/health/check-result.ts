/** The outcome of one probe check. Failures carry a short, human-readable reason. */
export type CheckResult = { ok: true } | { ok: false; error: string };

export interface CheckOptions {
  /** A check that has not settled by then fails (and its request, socket or process is torn down). */
  timeoutMs: number;
  /** For exec checks. */
  cwd?: string;
  /** For exec checks. */
  env?: NodeJS.ProcessEnv;
  /** Aborting ends the check at once (exec: its process group is killed) and it fails with "stopped". */
  signal?: AbortSignal;
}

export const PASS: CheckResult = { ok: true };

export function fail(error: string): CheckResult {
  return { ok: false, error };
}

export function timedOut(timeoutMs: number): CheckResult {
  return fail(`timed out after ${timeoutMs}ms`);
}

export const STOPPED: CheckResult = fail('stopped');
