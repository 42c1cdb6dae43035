import { lstatSync } from 'node:fs';
import { connect } from 'node:net';

export type UnixSocketProbe = 'absent' | 'not-a-socket' | 'live' | 'stale';

/**
 * What is at a Unix socket path: nothing, a file that is not a socket, a
 * socket something accepts on (live), or one nothing listens on any more
 * (stale: left by a killed process, safe to replace). Rejects when the
 * check itself fails (permission denied, say).
 */
export function probeUnixSocket(socketPath: string, timeoutMs = 2000): Promise<UnixSocketProbe> {
  let stat;
  try {
    stat = lstatSync(socketPath);
  } catch {
    return Promise.resolve('absent');
  }
  if (!stat.isSocket()) return Promise.resolve('not-a-socket');
  return new Promise((resolve, reject) => {
    const conn = connect(socketPath);
    const timer = setTimeout(() => {
      conn.destroy();
      // Accepting but not answering: something owns it; do not take it over.
      resolve('live');
    }, timeoutMs);
    conn.once('connect', () => {
      clearTimeout(timer);
      conn.destroy();
      resolve('live');
    });
    conn.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ECONNREFUSED') resolve('stale');
      else reject(error);
    });
  });
}
