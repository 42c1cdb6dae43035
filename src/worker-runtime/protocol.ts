/**
 * The contract between the master and a worker of drover's built-in runtime
 * (`app: ./server.js`). Imports nothing, so the master may import it too.
 *
 * The worker writes one JSON object per line to the notify pipe:
 *   {"t":"ready","pid":1234}                    all inherited sockets are listening
 *   {"t":"hb","requests":17}                    every DROVER_HEARTBEAT_MS; total requests received
 *   {"t":"draining","reason":"signal"}          SIGTERM/SIGINT: stopped accepting, finishing in-flight requests
 *   {"t":"draining","reason":"max_requests"}    DROVER_MAX_REQUESTS reached: same drain, the master starts a replacement
 */

export type DrainReason = 'signal' | 'max_requests';

export type WorkerMessage = { t: 'ready'; pid: number } | { t: 'hb'; requests: number } | { t: 'draining'; reason: DrainReason };

/** Environment the master sets for the worker. */
export const WORKER_ENV = {
  /** Count of listening sockets, at fds 3, 4, … (systemd convention). */
  listenFds: 'LISTEN_FDS',
  /** Informational, systemd convention; the runtime does not check it. */
  listenPid: 'LISTEN_PID',
  listenFdNames: 'LISTEN_FDNAMES',
  /** fd of the write end of the notify pipe; optional (no notifications without it). */
  notifyFd: 'DROVER_NOTIFY_FD',
  /** Heartbeat period in ms; 0 disables heartbeats. Default 1000. */
  heartbeatMs: 'DROVER_HEARTBEAT_MS',
  /** How long a drain may take before open connections are cut, in ms. Default 30000. */
  gracefulTimeoutMs: 'DROVER_GRACEFUL_TIMEOUT_MS',
  /** Drain after this many requests; 0 = never. Default 0. */
  maxRequests: 'DROVER_MAX_REQUESTS',
} as const;

/** How a worker process ends. A worker that exits before "ready" is a failed start. */
export const WORKER_EXIT = {
  /** Drained (signal, max_requests, master gone), or forced by a second signal or the graceful timeout. */
  ok: 0,
  /** Uncaught exception or unhandled rejection in the app (Node's own behaviour). */
  uncaught: 1,
  /** Started wrongly: no app argument, bad or missing LISTEN_FDS / DROVER_* values, fds not open. */
  usage: 64,
  /** An inherited socket could not be listened on. */
  listenFailed: 71,
  /** The app module failed to load or exports no request listener. */
  config: 78,
} as const;

export function encodeWorkerMessage(message: WorkerMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/** One line of the notify pipe (without its newline), or undefined if it is not a known message. */
export function parseWorkerMessage(line: string): WorkerMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.t === 'ready' && Number.isInteger(m.pid)) return { t: 'ready', pid: m.pid as number };
  if (m.t === 'hb' && Number.isInteger(m.requests)) return { t: 'hb', requests: m.requests as number };
  if (m.t === 'draining' && (m.reason === 'signal' || m.reason === 'max_requests')) return { t: 'draining', reason: m.reason };
  return undefined;
}
