import type { Config } from '../config/runtime.js';
import { metricsUrl } from '../server/metrics-listener.js';
import { restrictSocket } from '../server/socket-guard.js';
import type { Daemon } from './daemon-state.js';
import { NotStarting } from './not-starting.js';

/**
 * Listens on the control socket (owner only), so `--daemon` can return and
 * `ctl` works, and on supervisor.metrics when set; from then on the metrics
 * listener follows every applied config. When either cannot listen, what
 * was started is stopped again and the supervisor does not start.
 */
export async function openSockets(daemon: Daemon): Promise<void> {
  const { server, supervisor, config } = daemon;
  const socket = config.supervisor.socket;
  const oldMask = process.umask(0o077);
  try {
    await server.listen(socket);
    restrictSocket(socket);
  } catch (error) {
    await supervisor.shutdown();
    throw new NotStarting(`cannot listen on ${socket}: ${(error as Error).message}`);
  } finally {
    process.umask(oldMask);
  }
  supervisor.onConfigApplied((next) => {
    syncMetrics(daemon, next).catch((error: Error) => daemon.log.say(`drover: metrics listener off: cannot listen on ${next.supervisor.metrics?.text}: ${error.message}`));
  });
  try {
    await syncMetrics(daemon, config);
  } catch (error) {
    await server.close();
    await supervisor.shutdown();
    throw new NotStarting(`cannot listen for metrics on ${config.supervisor.metrics?.text}: ${(error as Error).message}`);
  }
}

/** supervisor.metrics is applied live: an update starts, moves or closes the listener. */
async function syncMetrics(daemon: Daemon, config: Config): Promise<void> {
  const address = config.supervisor.metrics;
  if (await daemon.metrics.sync(address)) daemon.log.say(address ? `drover: serving metrics at ${metricsUrl(address)}` : 'drover: no longer serving metrics');
}
