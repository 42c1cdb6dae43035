import type { LoadResult } from '../config/runtime.js';
import type { DaemonNotifier } from './daemon-notify.js';

/** What a command gives the daemon: where its lines go, and who waits for it. */
export interface HostIo {
  /** drover's version, for `ctl info` (the command knows it; the daemon does not read package.json). */
  version: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Set when a `drover --daemon` launcher waits to hear that the socket is up. */
  notify: DaemonNotifier | null;
  /**
   * Starts a fresh `drover --daemon` on this config that waits for `predecessor`
   * to exit (ctl reexec). Only for a supervisor that `drover --daemon` detached:
   * one in the foreground belongs to its terminal or service manager.
   */
  relaunch?: (predecessor: number) => void;
  /** The config, when the launcher sent it or its (isolated) load was started early; else runDaemon loads it. */
  config?: Promise<LoadResult>;
}
