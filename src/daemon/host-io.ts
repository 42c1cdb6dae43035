import type { Config, LoadResult } from '../config/runtime.js';
import type { ActionResult, SupervisorApi } from '../api/supervisor-api.js';
import type { DaemonNotifier } from './daemon-notify.js';

/** What a command gives the daemon: where its lines go, and who waits for it. */
export interface HostIo {
  /** drover's version, for `ctl info` (the command knows it; the daemon does not read package.json). */
  version: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Set when a `drover --daemon` launcher waits to hear that the socket is up. */
  notify: DaemonNotifier | null;
  /** The embedded view: takes the terminal once the socket listens (see commands/embedded.ts). */
  view?: (session: ViewSession) => void;
  /** Where the supervisor's own lines go once the config is loaded (the embedded view's log file), instead of out and err. */
  logTo?: (config: Config) => NodeJS.WritableStream;
  /** The config, when its (isolated) load was started early; else runDaemon loads it. */
  config?: Promise<LoadResult>;
}

/** What the embedded view gets from the host. */
export interface ViewSession {
  api: SupervisorApi;
  config: Config;
  /** Stops every program and ends the supervisor (the same path as TERM and `ctl shutdown`). */
  shutdown(why: string): Promise<ActionResult[]>;
  /** Called when the host wants the view gone: shutting down, or SIGHUP (the terminal went away). */
  onEnd(listener: (why: 'shutdown' | 'hangup') => void): void;
  /** The view has gone (quit, or closed by the user): from now on HUP rereads the config again. */
  viewEnded(): void;
}
