import { assembleDaemon } from './assemble-daemon.js';
import { claimConfig } from './claim-config.js';
import { DaemonLog } from './daemon-log.js';
import type { Daemon } from './daemon-state.js';
import { handleSignals } from './handle-signals.js';
import type { HostIo } from './host-io.js';
import { loadDaemonConfig } from './load-config.js';
import { NotStarting, reportNotStarting } from './not-starting.js';
import { traceStart } from '../os/start-trace.js';
import { openSockets } from './open-sockets.js';
import { shutDown } from './shut-down.js';
import { watchConfigFile } from './watch-config-file.js';

export type { HostIo } from './host-io.js';

/**
 * A supervisor process: the engine, the control server on its socket, and
 * the signals. It prints one line per state change (to the terminal, or to
 * the supervisor's log file when daemonized) and resolves with the exit code.
 *
 * The steps run in this order: take over the config (refusing a second
 * supervisor) before listening on its socket, listen before saying ready (so
 * `--daemon` can return and `ctl` works), and handle signals before any
 * program starts. A step that cannot go on throws NotStarting: exit 1.
 */
export async function runDaemon(configPath: string, io: HostIo): Promise<number> {
  // Best effort: a full disk under the supervisor's own log must not take it down.
  for (const stream of [io.out, io.err]) stream.on('error', () => {});
  traceStart('supervisor', 'modules loaded');
  try {
    const { config, warnings } = await loadDaemonConfig(configPath, io);
    traceStart('supervisor', 'config loaded');
    const log = DaemonLog.open(io, config, warnings);
    const supervisor = await claimConfig(config, log);
    traceStart('supervisor', 'claimed');
    const daemon = assembleDaemon({ configPath, io, config, log, supervisor });
    await openSockets(daemon);
    traceStart('supervisor', 'sockets open');
    handleSignals(daemon);
    announceReady(daemon);
    traceStart('supervisor', 'ready');
    watchConfigFile(daemon);
    startPrograms(daemon);
    return await waitForExit(daemon);
  } catch (error) {
    if (error instanceof NotStarting) return reportNotStarting(io, error);
    throw error;
  }
}

function announceReady({ log, io, configPath, config }: Daemon): void {
  const { socket } = config.supervisor;
  log.say(`drover: pid ${process.pid}, supervising ${configPath} (${config.programs.length} programs), control socket ${socket}`);
  io.notify?.ready(socket);
}

/** The engine starts the autostart programs in order; the supervisor does not wait for that to run. */
function startPrograms(daemon: Daemon): void {
  daemon.supervisor.startAll().then(
    () => traceStart('supervisor', 'every autostart process asked to start (spawns settle after)'),
    (error: Error) => {
      daemon.log.complain(`cannot start: ${error.stack ?? error.message}`);
      void shutDown(daemon, 'start failed');
    },
  );
}

/**
 * Signal handlers and a listening server keep Node alive; the timer keeps it
 * alive between the server closing and the exit code being returned.
 */
async function waitForExit(daemon: Daemon): Promise<number> {
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    return await daemon.exitCode;
  } finally {
    clearInterval(keepAlive);
  }
}
