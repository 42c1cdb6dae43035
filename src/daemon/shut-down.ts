import type { ActionResult } from '../api/supervisor-api.js';
import type { Daemon } from './daemon-state.js';

/**
 * The one way the supervisor ends in order (TERM, `ctl shutdown`, a view's
 * stop-all, a failed start): the config watch stops, every program stops,
 * then the sockets close and the exit code is 0.
 */
export function shutDown(daemon: Daemon, why: string): Promise<ActionResult[]> {
  if (daemon.stopping) return daemon.stopping;
  daemon.log.say(`drover: ${why}, stopping all programs`);
  const stopping = daemon.configWatch.close().then(() => daemon.supervisor.shutdown());
  daemon.stopping = stopping;
  stopping.then(
    async () => {
      daemon.log.say('drover: all programs stopped, exiting');
      // Let the answer to `ctl shutdown` go out before the socket closes.
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all([daemon.server.close(), daemon.metrics.close()]);
      daemon.exit(0);
    },
    (error: Error) => {
      daemon.log.complain(`shutdown failed: ${error.message}`);
      daemon.exit(1);
    },
  );
  return stopping;
}
