import { chmodSync, fstatSync, unlinkSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { errnoName } from '../os-names.js';
import { probeUnixSocket } from '../unix-socket-probe.js';
import type { BindAddress } from '../../config/runtime.js';
import { findPortHolder } from './port-holder.js';

/**
 * Binds a listening address once, for a prefork master that never accepts on
 * it. `server.listen()` in the master would accept connections itself, so
 * drover uses what Node's cluster module uses: `net._createServerHandle`,
 * which binds without listening. The first worker's `listen({ fd })` makes
 * the socket listen; from then on the master's open fd keeps it listening and
 * the kernel queues connections even while no worker runs.
 */

interface ServerHandle {
  fd: number;
  close(): void;
  /** libuv's uv_tcp_nodelay: a setsockopt on the fd, which works on a listening socket too; 0 or a negative errno. */
  setNoDelay?(on: boolean): number;
}

type CreateServerHandle = (address: string | null, port: number, addressType: number, fd?: number) => ServerHandle | number;

const createServerHandle = (net as unknown as { _createServerHandle?: CreateServerHandle })._createServerHandle;

/** False on a Node without the internal call; prefork programs then fail with this reason. */
export const CAN_BIND_WITHOUT_LISTENING = typeof createServerHandle === 'function';

export interface BoundSocket {
  address: BindAddress;
  fd: number;
  /** The socket's libuv handle, which can travel to a keeper (none for an inherited fd://N). */
  handle?: unknown;
  close(): void;
}

export type BindResult = { ok: true; socket: BoundSocket } | { ok: false; reason: string };

export async function bindAddress(address: BindAddress): Promise<BindResult> {
  if (address.kind === 'fd') return adoptFd(address);
  if (!createServerHandle) {
    return { ok: false, reason: `cannot bind ${address.text}: this Node (${process.version}) lacks net._createServerHandle, which prefork needs` };
  }
  if (address.kind === 'tcp') {
    const holder = await findPortHolder(address.port, address.host);
    if (holder) return { ok: false, reason: `cannot bind ${address.text}: address already in use (held by ${holder})` };
  }
  if (address.kind === 'unix') {
    const stale = await removeStaleUnixSocket(address.path);
    if (stale) return { ok: false, reason: `cannot bind ${address.text}: ${stale}` };
  }
  let host = address.kind === 'tcp' ? address.host : '';
  if (address.kind === 'tcp' && net.isIP(host) === 0) {
    // A name (localhost): the handle takes addresses only.
    try {
      host = (await lookup(host, { family: address.family })).address;
    } catch (error) {
      return { ok: false, reason: `cannot bind ${address.text}: cannot resolve ${address.host} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
    }
  }
  const handle = address.kind === 'tcp' ? createServerHandle(host, address.port, address.family) : createServerHandle(address.path, -1, -1);
  if (typeof handle === 'number') {
    return { ok: false, reason: `cannot bind ${address.text}: ${explain(errnoName(handle))}` };
  }
  if (address.kind === 'unix') chmodSync(address.path, address.mode);
  if (address.kind === 'tcp') {
    // Linux copies TCP_NODELAY from a listening socket to the sockets accept()
    // returns. Workers that never set it themselves then still get it: uvicorn
    // --fd wraps the inherited fd as AF_UNIX, so uvloop skips its own
    // setsockopt, and small responses would wait on Nagle's algorithm.
    const status = handle.setNoDelay?.(true) ?? -1;
    if (status !== 0) {
      handle.close();
      return { ok: false, reason: `cannot bind ${address.text}: cannot set TCP_NODELAY (${status === -1 ? 'this Node has no setNoDelay on server handles' : errnoName(status)})` };
    }
  }
  return { ok: true, socket: { address, fd: handle.fd, handle, close: () => handle.close() } };
}

function explain(errno: string): string {
  switch (errno) {
    case 'EADDRINUSE':
      return 'address already in use';
    case 'EACCES':
      return 'permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)';
    case 'EADDRNOTAVAIL':
      return 'no such local address on this machine';
    default:
      return errno;
  }
}

/** A socket file nobody listens on (left by a killed drover) is replaced; a live one or a plain file is not. */
async function removeStaleUnixSocket(path: string): Promise<string | null> {
  const probe = await probeUnixSocket(path).catch((error: Error) => error.message);
  if (probe === 'not-a-socket') return `${path} exists and is not a socket`;
  if (probe === 'live') return 'another process is listening on it';
  if (probe === 'stale') {
    try {
      unlinkSync(path);
    } catch (error) {
      return (error as Error).message;
    }
  } else if (probe !== 'absent') return probe;
  return null;
}

function adoptFd(address: Extract<BindAddress, { kind: 'fd' }>): BindResult {
  try {
    if (!fstatSync(address.fd).isSocket()) return { ok: false, reason: `${address.text}: fd ${address.fd} is open but not a socket` };
  } catch {
    return { ok: false, reason: `${address.text}: fd ${address.fd} is not open (was drover started by systemd socket activation?)` };
  }
  // Inherited sockets belong to whoever passed them; drover never closes them.
  return { ok: true, socket: { address, fd: address.fd, close: () => {} } };
}
