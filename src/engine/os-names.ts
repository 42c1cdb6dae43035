import { constants } from 'node:os';

/** Numbers the kernel reports (by the spawner helper, by libuv) → their names. */
const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, num]) => [num, name]));
const ERRNO_NAMES = new Map(Object.entries(constants.errno).map(([name, num]) => [num, name]));

export function signalName(signal: number): string {
  return SIGNAL_NAMES.get(signal) ?? String(signal);
}

/** `errno` positive (as C reports it) or negative (as libuv returns it). */
export function errnoName(errno: number): string {
  return ERRNO_NAMES.get(Math.abs(errno)) ?? `errno ${Math.abs(errno)}`;
}
