import type { ActionResult } from '../api/supervisor-api.js';
import type { Config } from '../config/runtime.js';
import type { Supervisor } from '../engine/supervisor.js';
import type { LocalApi } from '../server/local-api.js';
import type { MetricsListener } from '../server/metrics-listener.js';
import type { ControlServer } from '../server/server.js';
import type { ConfigWatch } from './config-watch.js';
import type { DaemonLog } from './daemon-log.js';
import type { HostIo } from './host-io.js';

/** A running supervisor's parts, passed from one step of host.ts to the next. */
export interface Daemon {
  readonly configPath: string;
  readonly io: HostIo;
  /** The config it started with; `supervisor.currentConfig` is the one in force. */
  readonly config: Config;
  readonly log: DaemonLog;
  readonly supervisor: Supervisor;
  readonly api: LocalApi;
  readonly server: ControlServer;
  readonly metrics: MetricsListener;
  readonly configWatch: ConfigWatch;
  /** Resolves with the exit code, once everything is stopped (or a second TERM gave up on that). */
  readonly exitCode: Promise<number>;
  readonly exit: (code: number) => void;
  /** The shutdown under way: every later request waits on the same one. */
  stopping: Promise<ActionResult[]> | null;
  /** TERMs and INTs received: the second one kills what is left. */
  stopSignals: number;
}
