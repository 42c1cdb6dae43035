import type { LoadResult } from '../../config/runtime.js';
import { daemonNotifier } from '../../daemon/daemon-notify.js';
import { runDaemon } from '../../daemon/host.js';
import { droverVersion } from '../version.js';

/**
 * `drover -c FILE` and `drover --daemon --foreground`: the supervisor in the
 * foreground, one line per state change on stdout, the control socket open.
 * (When `drover --daemon` detached it, its output goes to the log file and
 * the launcher hears over IPC when the socket is up.)
 */
export function runForeground(configPath: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream, config?: Promise<LoadResult>): Promise<number> {
  return runDaemon(configPath, { version: droverVersion(), out, err, notify: daemonNotifier(), ...(config ? { config } : {}) });
}
