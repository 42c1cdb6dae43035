import { ApiError } from '../api/api-error.js';
import type { SupervisorApi } from '../api/supervisor-api.js';

/** How long a client waits for the supervisor that takes over (ctl reexec: two Node boots and the adoption). */
export const SUCCESSOR_TIMEOUT_MS = 60_000;
const POLL_MS = 100;

/**
 * After a supervisor announced it hands over (a `supervisor` event with
 * `handover`), waits until a supervisor other than `previousPid` answers at
 * the socket; resolves with its pid, or null when none did in time (or
 * `cancelled()` says to stop waiting).
 */
export async function awaitSuccessor(api: SupervisorApi, previousPid: number | null, cancelled: () => boolean = () => false): Promise<number | null> {
  const deadline = Date.now() + SUCCESSOR_TIMEOUT_MS;
  while (Date.now() < deadline && !cancelled()) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const pid = await api.info().then(
      (info) => info.pid,
      (error: unknown) => {
        if (error instanceof ApiError && (error.code === 'UNREACHABLE' || error.code === 'SHUTTING_DOWN')) return null;
        throw error;
      },
    );
    if (pid !== null && pid !== previousPid) return pid;
  }
  return null;
}
