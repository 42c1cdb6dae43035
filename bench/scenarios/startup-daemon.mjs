/**
 * Start-up of `drover --daemon`, the path issue 21's rows name: the launcher parses the config, starts
 * the detached supervisor (with its own Node flags) and hands it the parsed config over IPC. Timed
 * like the foreground series and supervisord's "log lines", passively: from spawning
 * `dist/cli/drover --daemon -c FILE` to the arrival of the line that makes the Nth distinct
 * program RUNNING in the supervisor's log (<logdir>/drover.log, the same state lines the foreground
 * prints on stdout), followed by lib/state-log-tail.mjs. Nothing is asked of the supervisor while
 * it is timed: polling `ctl status` would load the process being timed.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, startDaemon } from '../lib/drover-daemon.mjs';
import { parseLine, writeDroverConfig } from '../lib/drover.mjs';
import { StateLogTail } from '../lib/state-log-tail.mjs';
import { sleepPrograms } from './startup.mjs';

const timeoutFor = (/** @type {number} */ n) => 20_000 + n * 60;

/**
 * Starts the daemon on programs and waits until n of them are RUNNING by its log. The caller stops
 * the daemon and closes the tail; on failure here both are done already.
 * @param {string} dir
 * @param {import('../lib/types.mjs').ProgramSpec[]} programs
 * @param {number} n
 * @returns {Promise<{ ms: number, daemon: import('../lib/drover-daemon.mjs').DroverDaemon, tail: StateLogTail }>}
 */
export async function launchDaemonUntilRunning(dir, programs, n, timeoutMs = timeoutFor(n)) {
  const configFile = writeDroverConfig(dir, programs);
  // writeDroverConfig's logdir; the launcher would create it, but the tail watches it from before the spawn.
  const logFile = join(dir, 'logs', 'drover.log');
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const tail = new StateLogTail(logFile, parseLine);
  /** @type {import('../lib/drover-daemon.mjs').DroverDaemon | undefined} */
  let daemon;
  try {
    daemon = await startDaemon({ configFile, cwd: dir });
    if (daemon.logFile !== logFile) throw new Error(`drover --daemon logs to ${daemon.logFile}, the bench follows ${logFile}`);
    const pid = daemon.pid;
    const at = await tail.waitRunning(n, timeoutMs, () => (isAlive(pid) ? null : `the drover daemon (pid ${pid}) exited`));
    return { ms: at - daemon.launchedAt, daemon, tail };
  } catch (err) {
    tail.close();
    await daemon?.stop();
    throw err;
  }
}

/**
 * One start-up of n `sleep 86400` programs under `drover --daemon`, then its stop by `ctl shutdown`
 * and the check that nothing with its mark is left.
 * @param {string} dir
 * @param {number} n
 */
export async function startupDaemonByLog(dir, n) {
  try {
    const { ms, daemon, tail } = await launchDaemonUntilRunning(dir, sleepPrograms(n), n);
    tail.close();
    const stopped = await daemon.stop();
    return { ms, launchMs: daemon.launchMs, ...stopped };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
