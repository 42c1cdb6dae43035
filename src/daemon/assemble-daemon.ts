import type { Config } from '../config/runtime.js';
import { loadConfigIsolated } from '../config/runtime.js';
import type { Supervisor } from '../engine/supervisor.js';
import { LocalApi } from '../server/local-api.js';
import { MetricsListener } from '../server/metrics-listener.js';
import { ControlServer } from '../server/server.js';
import { applyConfigChanges } from './apply-config-changes.js';
import { ConfigWatch } from './config-watch.js';
import type { DaemonLog } from './daemon-log.js';
import type { Daemon } from './daemon-state.js';
import type { HostIo } from './host-io.js';
import { shutDown } from './shut-down.js';
import { reExec } from './re-exec.js';

/** Builds the parts around a claimed engine, none of them listening or watching yet. */
export function assembleDaemon(parts: { configPath: string; io: HostIo; config: Config; log: DaemonLog; supervisor: Supervisor }): Daemon {
  const { configPath, config, log, supervisor } = parts;
  let exit!: (code: number) => void;
  const exitCode = new Promise<number>((resolve) => (exit = resolve));
  const api = new LocalApi(supervisor, {
    configFile: configPath,
    socket: config.supervisor.socket,
    version: parts.io.version,
    loadConfig: () => loadConfigIsolated(configPath),
    shutdown: () => shutDown(daemon, 'shutdown requested over the control socket'),
    reexec: () => reExec(daemon, 'reexec requested over the control socket'),
  });
  const daemon: Daemon = {
    ...parts,
    api,
    server: new ControlServer(api, log.complain),
    metrics: new MetricsListener(api, log.complain),
    configWatch: new ConfigWatch(
      configPath,
      () => applyConfigChanges(daemon, 'the config file changed'),
      (message) => log.say(`drover: ${message}`),
    ),
    exitCode,
    exit,
    stopping: null,
    stopSignals: 0,
  };
  return daemon;
}
