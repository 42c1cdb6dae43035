import type { SupervisorApi } from '../../api/supervisor-api.js';
import { awaitSuccessor, SUCCESSOR_TIMEOUT_MS } from '../../client/await-successor.js';
import type { CtlIo } from './ctl-io.js';
import { Exit, type ExitCode } from './exit-codes.js';

/**
 * `ctl reexec`: asks the supervisor to hand over, then waits until a
 * supervisor with another pid answers on the socket, so a script's next
 * command finds it there.
 */
export async function reexecAndWait(api: SupervisorApi, json: boolean, io: CtlIo): Promise<ExitCode> {
  const { pid } = (await api.call('reexec', {})) as { pid: number };
  const next = await awaitSuccessor(api, pid);
  if (next === null) {
    io.err.write(`drover ctl: pid ${pid} handed over, but no new supervisor answered within ${SUCCESSOR_TIMEOUT_MS / 1000} s; see the supervisor's log (drover.log)\n`);
    return Exit.UNREACHABLE;
  }
  io.out.write(json ? `${JSON.stringify({ previousPid: pid, pid: next }, null, 2)}\n` : `supervisor: re-executed (pid ${pid} handed over to pid ${next})\n`);
  return Exit.OK;
}
