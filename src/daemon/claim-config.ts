import type { Config } from '../config/runtime.js';
import { EngineError } from '../engine/errors.js';
import { Supervisor } from '../engine/supervisor.js';
import { prepareSocket, SocketGuardError } from '../server/socket-guard.js';
import type { DaemonLog } from './daemon-log.js';
import { formatEvent } from './format-event.js';
import { NotStarting } from './not-starting.js';

/**
 * Takes over the config, refusing when another drover runs it: its socket
 * must not answer (a stale one is removed), and the engine's claim checks the
 * pidfile and stops what a killed supervisor left. Resolves with the engine,
 * every process listed STOPPED, its events already on the log.
 */
export async function claimConfig(config: Config, log: DaemonLog): Promise<Supervisor> {
  try {
    await prepareSocket(config.supervisor.socket);
  } catch (error) {
    if (error instanceof SocketGuardError) throw new NotStarting(error.message);
    throw error;
  }
  const supervisor = new Supervisor(config, { consoleLines: log.consoleLines });
  supervisor.subscribe((event) => {
    const line = formatEvent(event);
    if (line !== null) log.sayEvent(line);
  });
  supervisor.onConfigApplied((next) => log.maskSecretsOf(next));
  try {
    await supervisor.claim();
  } catch (error) {
    if (error instanceof EngineError) throw new NotStarting(error.message);
    throw error;
  }
  return supervisor;
}
