import { ApiError } from '../../api/api-error.js';
import type { SupervisorApi } from '../../api/supervisor-api.js';
import type { CtlIo } from './ctl-io.js';
import { Exit, type ExitCode } from './exit-codes.js';

/** How long the fresh supervisor may take to answer on the socket (it boots, attaches to the keepers, adopts). */
const HANDOVER_TIMEOUT_MS = 60_000;
const POLL_MS = 50;

/**
 * `ctl reexec`: asks the supervisor to hand over, then waits until a
 * supervisor with another pid answers on the socket, so a script's next
 * command finds it there.
 */
export async function reexecAndWait(api: SupervisorApi, json: boolean, io: CtlIo): Promise<ExitCode> {
  const { pid } = (await api.call('reexec', {})) as { pid: number };
  const deadline = Date.now() + HANDOVER_TIMEOUT_MS;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const next = await api.info().then(
      (info) => info.pid,
      (error: unknown) => {
        // Between the two supervisors nothing answers, or the old one answers its last requests.
        if (error instanceof ApiError && (error.code === 'UNREACHABLE' || error.code === 'SHUTTING_DOWN')) return null;
        throw error;
      },
    );
    if (next !== null && next !== pid) {
      io.out.write(json ? `${JSON.stringify({ previousPid: pid, pid: next }, null, 2)}\n` : `supervisor: re-executed (pid ${pid} handed over to pid ${next})\n`);
      return Exit.OK;
    }
    if (Date.now() > deadline) {
      io.err.write(`drover ctl: pid ${pid} handed over, but no new supervisor answered within ${HANDOVER_TIMEOUT_MS / 1000} s; see the supervisor's log (drover.log)\n`);
      return Exit.UNREACHABLE;
    }
  }
}
