import type { LoadResult } from '../../config/runtime.js';
import { daemonNotifier } from '../../daemon/daemon-notify.js';
import { runDaemon } from '../../daemon/host.js';
import { droverVersion } from '../version.js';
import { relaunchDaemon } from '../relaunch.js';

/**
 * `drover -c FILE` and `drover --daemon --foreground`: the supervisor in the
 * foreground, one line per state change on stdout, the control socket open.
 * (When `drover --daemon` detached it, its output goes to the log file and
 * the launcher hears over IPC when the socket is up.)
 */
export function runForeground(configPath: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream, config?: Promise<LoadResult>): Promise<number> {
  const notify = daemonNotifier();
  // Only a supervisor `drover --daemon` detached may hand over to a fresh one (ctl reexec): in the foreground it is its terminal's or service manager's.
  const relaunch = notify ? (predecessor: number) => relaunchDaemon(configPath, predecessor) : undefined;
  return runDaemon(configPath, { version: droverVersion(), out, err, notify, ...(relaunch ? { relaunch } : {}), ...(config ? { config } : {}) });
}
