import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/runtime.js';
import type { KeeperPath } from './process-spawner.js';

/**
 * Where keepers listen: beside the control socket, in its private folder
 * (0700), as `<socket>.keeper-N`, one per drover-spawner helper. A next
 * drover on the same config finds them there.
 */

/** sun_path is 108 bytes on Linux, one of them the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;
const KEEPER_SUFFIX = /^\.keeper-(\d+)$/;

export function keeperPath(controlSocket: string, index: number): string {
  return `${controlSocket}.keeper-${index}`;
}

/** Whether keeper paths (up to index 99) fit a unix socket address. */
export function keeperPathsFit(controlSocket: string): boolean {
  return Buffer.byteLength(keeperPath(controlSocket, 99)) <= MAX_SOCKET_PATH_BYTES;
}

/** The keeper sockets a previous drover left (live or not: attaching tells). */
export function findKeeperSockets(controlSocket: string): { path: string; index: number }[] {
  const dir = path.dirname(controlSocket);
  const base = path.basename(controlSocket);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const match = name.startsWith(base) ? KEEPER_SUFFIX.exec(name.slice(base.length)) : null;
    return match ? [{ path: path.join(dir, name), index: Number(match[1]) }] : [];
  });
}

/** Where a helper keeps programs for a next drover (keep_programs), or null when they end with this one. */
export function keeperPaths(config: Config): KeeperPath {
  const { keepPrograms, socket } = config.supervisor;
  return keepPrograms && keeperPathsFit(socket) ? (index) => keeperPath(socket, index) : null;
}
