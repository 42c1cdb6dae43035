/**
 * The few messages a detached supervisor sends the `drover --daemon` command
 * that launched it, over the IPC channel Node sets up between them: ready
 * (the control socket listens) or failed (with the reason to print). The
 * launcher exits as soon as it has one, and the supervisor drops the channel.
 */

export type DaemonMessage = { type: 'ready'; pid: number; socket: string } | { type: 'failed'; message: string };

/** Set by the launcher in the supervisor's environment. */
export const NOTIFY_ENV = 'DROVER_DAEMON_NOTIFY';

export interface DaemonNotifier {
  ready(socket: string): void;
  failed(message: string): void;
}

/** The supervisor's side, when a launcher is waiting; null when run by hand. */
export function daemonNotifier(): DaemonNotifier | null {
  if (process.env[NOTIFY_ENV] !== '1' || typeof process.send !== 'function') return null;
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
