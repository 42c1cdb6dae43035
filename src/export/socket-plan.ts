import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { BindAddress, Config, ProgramConfig } from '../config/index.js';
import { ExportError } from './export-error.js';
import { programMessage } from './program-facts.js';

/**
 * Which fd each prefork `bind` gets when systemd opens the sockets for
 * drover. drover reads `fd://N` as "fd N is already open in my process" (it
 * does not read LISTEN_FDS), and systemd passes a socket unit's sockets as fd
 * 3, 4, … in the order of its Listen lines. So the socket unit lists one line
 * per fd from 3 up: an `fd://N` bind keeps its N; every other bind gets the
 * lowest fd left, and the config must then say `fd://N` for it.
 */

export interface PlannedSocket {
  fd: number;
  /** The value of ListenStream=. */
  listen: string;
  /** The bind entry it serves, or null for an fd no bind uses (kept so later fds keep their numbers). */
  owner: { program: ProgramConfig; index: number; address: BindAddress } | null;
  /** True when the address is not known (an `fd://N` bind, or an unused fd): the user must write it. */
  placeholder: boolean;
}

/** Turns a host name into an address of the family; the default asks the system resolver. */
export type ResolveHost = (host: string, family: 4 | 6) => Promise<string>;

/** What stands in for an address the config does not know; a valid path, so the unit still loads. */
export function placeholderListen(fd: number): string {
  return `/run/REPLACE_ME-fd${fd}.sock`;
}

export async function planSockets(config: Config, resolve: ResolveHost = resolveHost): Promise<PlannedSocket[]> {
  const entries = config.programs.flatMap((program) => (program.prefork?.bind ?? []).map((address, index) => ({ program, index, address })));
  const fixed = new Map(entries.flatMap((entry) => (entry.address.kind === 'fd' ? [[entry.address.fd, entry] as const] : [])));
  const planned = new Map<number, PlannedSocket>();
  for (const [fd, owner] of fixed) planned.set(fd, { fd, listen: placeholderListen(fd), owner, placeholder: true });
  let next = 3;
  for (const entry of entries) {
    if (entry.address.kind === 'fd') continue;
    while (fixed.has(next)) next++;
    planned.set(next, { fd: next, listen: await listenAt(entry.program, entry.index, entry.address, resolve), owner: entry, placeholder: false });
    next++;
  }
  const last = Math.max(2, ...planned.keys());
  const sockets: PlannedSocket[] = [];
  for (let fd = 3; fd <= last; fd++) sockets.push(planned.get(fd) ?? { fd, listen: placeholderListen(fd), owner: null, placeholder: true });
  return sockets;
}

/** listenValue, with a failure placed at the bind entry. */
export async function listenAt(program: ProgramConfig, index: number, address: Exclude<BindAddress, { kind: 'fd' }>, resolve: ResolveHost): Promise<string> {
  try {
    return await listenValue(address, resolve);
  } catch (error) {
    if (error instanceof ExportError) throw new ExportError(programMessage(program, `bind[${index}]`, error.message), error.kind);
    throw error;
  }
}

/** ListenStream= takes addresses, not host names: `localhost:8000` is resolved now, as drover resolves it when it binds. */
async function listenValue(address: Exclude<BindAddress, { kind: 'fd' }>, resolve: ResolveHost): Promise<string> {
  if (address.kind === 'unix') return address.path;
  const host = isIP(address.host) === 0 ? await resolve(address.host, address.family) : address.host;
  return isIP(host) === 6 ? `[${host}]:${address.port}` : `${host}:${address.port}`;
}

export async function resolveHost(host: string, family: 4 | 6): Promise<string> {
  try {
    return (await lookup(host, { family })).address;
  } catch (error) {
    throw new ExportError(`cannot resolve ${host} for ListenStream= (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'environment');
  }
}

/** The socket file mode for the unit: systemd has one SocketMode= per socket unit. */
export function unixSocketModes(sockets: readonly PlannedSocket[]): number[] {
  const modes = sockets.flatMap((socket) => (socket.owner?.address.kind === 'unix' && !socket.placeholder ? [socket.owner.address.mode] : []));
  return [...new Set(modes)];
}
