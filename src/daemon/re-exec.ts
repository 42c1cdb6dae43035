import { ApiError } from '../api/api-error.js';
import type { Daemon } from './daemon-state.js';

/**
 * `ctl reexec` and SIGUSR2: this supervisor hands over to a fresh copy of
 * drover (the version installed now, after an upgrade) and exits; no program
 * stops. The steps, in order:
 *  1. the control socket and the metrics listener close, so clients wait for
 *     the next supervisor (ctl and the view reconnect by themselves);
 *  2. the engine lets go (Supervisor.handOver): the keepers are left to keep
 *     the programs, their output sockets and the prefork sockets, and what was
 *     read of the output is written to the log files first;
 *  3. a fresh `drover --daemon` starts, waits for this process to be gone,
 *     and adopts what the keepers hold, as after a crash;
 *  4. this process exits 0.
 */
export function reExec(daemon: Daemon, why: string): Promise<{ pid: number }> {
  const { io, supervisor, log } = daemon;
  if (!io.relaunch) {
    return Promise.reject(
      new ApiError('CANNOT_REEXEC', 'reexec needs a supervisor started with drover --daemon: this one runs in the foreground, where its terminal or service manager owns it'),
    );
  }
  if (!supervisor.currentConfig.supervisor.keepPrograms) {
    return Promise.reject(
      new ApiError('CANNOT_REEXEC', 'reexec needs supervisor.keep_programs: true (with false, programs stop with the supervisor); use ctl shutdown and start drover again'),
    );
  }
  if (daemon.stopping || supervisor.isShuttingDown) return Promise.reject(new ApiError('SHUTTING_DOWN', 'drover is already shutting down'));
  const relaunch = io.relaunch;
  const handingOver = (async () => {
    // After this request's answer has gone out: the server is about to close.
    await new Promise((resolve) => setImmediate(resolve));
    log.say(`drover: ${why}, handing the programs over to a fresh drover`);
    supervisor.announceHandOver();
    // The announcement goes out on every event stream before the server closes them.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await daemon.configWatch.close();
    await Promise.all([daemon.server.close(), daemon.metrics.close()]);
    await supervisor.handOver();
    relaunch(process.pid);
    log.say('drover: handed over; exiting (the next drover adopts the programs)');
    return [];
  })();
  daemon.stopping = handingOver;
  handingOver.then(
    () => daemon.exit(0),
    (error: Error) => {
      log.complain(`reexec failed: ${error.message}`);
      daemon.exit(1);
    },
  );
  return Promise.resolve({ pid: process.pid });
}
