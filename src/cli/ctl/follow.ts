import type { SupervisorApi } from '../../api/supervisor-api.js';
import type { CtlCommand } from './command.js';
import { Exit, type ExitCode } from './exit-codes.js';
import type { CtlIo } from './ctl-io.js';

type TailCommand = Extract<CtlCommand, { verb: 'tail'; follow: boolean }>;

/**
 * `ctl tail -f`: the last N lines, then every new one, like `journalctl -f`.
 * The supervisor sends the backlog and the live lines on one stream, so
 * nothing is lost or repeated between the two. Ends with exit 0 when the user
 * stops it, or 4 when the supervisor goes away.
 */
export async function followLog(api: SupervisorApi, command: TailCommand, json: boolean, io: CtlIo): Promise<ExitCode> {
  // Like plain tail, follow one process: an ambiguous name is an error, not interleaved output.
  await api.tail(command.name, 0, command.stream);
  const stop = io.untilStopped();
  try {
    const subscription = await api.events({ process: command.name, logs: true, tail: command.lines, stream: command.stream }, (event) => {
      // The supervisor warns on this stream when it had to skip lines for a slow reader: say so.
      if (event.kind === 'supervisor' && event.level !== 'info' && !json) io.err.write(`drover: ${event.message}\n`);
      if (event.kind !== 'log' || event.stream !== command.stream) return;
      if (json) io.out.write(`${JSON.stringify(event)}\n`);
      else for (const line of event.lines) io.out.write(`${line}\n`);
    });
    const outcome = await Promise.race([subscription.ended, stop.stopped.then(() => 'stopped' as const)]);
    if (outcome === 'stopped') {
      subscription.close();
      return Exit.OK;
    }
    if (outcome === null) return Exit.OK;
    io.err.write(`drover: stopped following ${command.name}: ${outcome.message}\n`);
    return Exit.UNREACHABLE;
  } finally {
    stop.dispose();
  }
}
