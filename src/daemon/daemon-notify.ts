import { decodeLoadResult, type LoadResult } from '../config/runtime.js';
import { traceStart } from '../os/start-trace.js';

/**
 * The few messages between a detached supervisor and the `drover --daemon`
 * command that launched it, over the IPC channel Node sets up between them.
 * The supervisor asks for the config the launcher has already parsed and
 * checked (so it neither parses it again nor boots a loader process), then
 * says ready (the control socket listens) or failed (with the reason to
 * print). The launcher exits as soon as it has one, and the supervisor drops the channel.
 */

export type DaemonMessage = { type: 'config?' } | { type: 'ready'; pid: number; socket: string } | { type: 'failed'; message: string };

/** The launcher's answer to `config?`: its LoadResult, encoded as load-isolated does (Infinity kept). */
export type LauncherMessage = { type: 'config'; encoded: string };

/** Set by the launcher in the supervisor's environment. */
export const NOTIFY_ENV = 'DROVER_DAEMON_NOTIFY';

export interface DaemonNotifier {
  ready(socket: string): void;
  failed(message: string): void;
}

const launcherWaits = () => process.env[NOTIFY_ENV] === '1' && typeof process.send === 'function';

/**
 * The config from the launcher, when one waits; null when run by hand. Asked
 * for rather than pushed: a message sent before this process listens would be lost.
 */
export function configFromLauncher(configPath: string): Promise<LoadResult> | null {
  if (!launcherWaits()) return null;
  return new Promise((resolve) => {
    const answer = (message: LauncherMessage) => {
      if (message?.type !== 'config') return;
      process.off('message', answer);
      process.off('disconnect', gone);
      traceStart('supervisor', 'config received from the launcher');
      resolve(decodeLoadResult(message.encoded));
    };
    const gone = () =>
      resolve({ ok: false, errors: [{ file: configPath, line: 1, column: 1, path: '', message: 'the drover that started this supervisor went away before sending the config' }] });
    // Gone already (its 'disconnect' came while this process booted) or going while asked: the same answer, not an uncaught ERR_IPC_CHANNEL_CLOSED.
    if (!process.connected) return gone();
    process.on('message', answer);
    process.once('disconnect', gone);
    process.send!({ type: 'config?' } satisfies DaemonMessage, (error: Error | null) => {
      if (error) gone();
    });
  });
}

/** The supervisor's side, when a launcher is waiting; null when run by hand. */
export function daemonNotifier(): DaemonNotifier | null {
  if (!launcherWaits()) return null;
  delete process.env[NOTIFY_ENV]; // not inherited by the programs
  let sent = false;
  const send = (message: DaemonMessage) => {
    if (sent || !process.connected) return;
    sent = true;
    process.send!(message, () => process.disconnect());
  };
  return {
    ready: (socket) => send({ type: 'ready', pid: process.pid, socket }),
    failed: (message) => send({ type: 'failed', message }),
  };
}
