import { chmodSync, mkdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { probeUnixSocket } from '../engine/unix-socket-probe.js';
import { SocketApi } from '../client/socket-client.js';

/**
 * Makes a control socket path safe to listen on. The socket lives in a folder
 * only its user can enter (0700, created so when missing) and is itself 0600,
 * because whoever can connect can start, stop and signal every program. A
 * socket file left by a killed supervisor is replaced; one a live supervisor
 * answers on is not, and neither is anything that is not a socket.
 */

export class SocketGuardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SocketGuardError';
  }
}

export type SocketProbe = 'absent' | 'live' | 'stale';

/** Does something accept connections at `socketPath`? A path that is not a socket is an error. */
export async function probeSocket(socketPath: string, timeoutMs = 2000): Promise<SocketProbe> {
  let probe;
  try {
    probe = await probeUnixSocket(socketPath, timeoutMs);
  } catch (error) {
    throw new SocketGuardError(`cannot check ${socketPath}: ${(error as Error).message}`);
  }
  if (probe === 'not-a-socket') throw new SocketGuardError(`${socketPath} exists and is not a socket; drover will not replace it (choose another supervisor.socket)`);
  return probe;
}

/** sun_path is 108 bytes on Linux, one of them the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;

/** Creates or checks the socket's folder; refuses one other users could write to. */
export function prepareSocketDir(socketPath: string): void {
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new SocketGuardError(
      `the control socket path ${socketPath} is ${bytes} bytes, over Linux's ${MAX_SOCKET_PATH_BYTES}-byte limit for Unix sockets; set supervisor.socket to a shorter path`,
    );
  }
  const dir = path.dirname(socketPath);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new SocketGuardError(`cannot create the socket folder ${dir}: ${(error as Error).message}`);
  }
  const stat = statSync(dir);
  const uid = process.getuid?.() ?? 0;
  if (stat.uid !== uid && stat.uid !== 0) {
    throw new SocketGuardError(`refusing to put the control socket in ${dir}: it belongs to uid ${stat.uid}, not to this user (uid ${uid})`);
  }
  if ((stat.mode & 0o022) !== 0) {
    throw new SocketGuardError(
      `refusing to put the control socket in ${dir}: other users can write to it (mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')}); point supervisor.socket at a private folder`,
    );
  }
}

/** Everything before listen: a safe folder, and no live supervisor on the path (a stale socket is removed). */
export async function prepareSocket(socketPath: string): Promise<void> {
  prepareSocketDir(socketPath);
  const probe = await probeSocket(socketPath);
  if (probe === 'live') throw new SocketGuardError(`${await describeListener(socketPath)} is already running on ${socketPath}`);
  if (probe === 'stale') unlinkSync(socketPath);
}

/** After listen: the socket is for this user only, whatever the umask was. */
export function restrictSocket(socketPath: string): void {
  chmodSync(socketPath, 0o600);
}

/** "another drover (pid N)" when a drover answers on the socket, else something vaguer. */
export async function describeListener(socketPath: string): Promise<string> {
  try {
    const info = await new SocketApi(socketPath).info();
    return `another drover (pid ${info.pid})`;
  } catch {
    return 'another program';
  }
}
