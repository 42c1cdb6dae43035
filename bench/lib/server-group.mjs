/**
 * Independent server processes run as one server of the prefork scenario (the limit's processes,
 * each on its own port or all on one): their roles, checks and stop taken over all of them.
 */
import { pidsWithMarker } from './cleanup.mjs';

const READY_TIMEOUT_MS = 30_000;

/**
 * Ready once each process is RUNNING and every URL answers (`verify`); else all are stopped.
 * @param {import('./instance.mjs').SupervisorInstance[]} insts
 * @param {string} label
 * @param {string[]} urls
 * @param {(url: string) => Promise<void>} verify
 * @returns {Promise<import('./web-servers.mjs').ServerHandle>}
 */
export async function serveInstances(insts, label, urls, verify) {
  const handle = {
    label,
    urls,
    roles: () => {
      /** @type {Map<number, string>} */
      const roles = new Map();
      for (const inst of insts) for (const pid of pidsWithMarker(inst.marker)) roles.set(pid, 'server');
      return roles;
    },
    check: () => {
      for (const inst of insts) if (inst.exitInfo) throw new Error(`${inst.label} exited ${inst.context()}`);
    },
    stop: async () => {
      const stops = await Promise.all(insts.map((inst) => inst.stop()));
      return { leftovers: stops.reduce((a, s) => a + s.leftovers, 0), forced: stops.some((s) => s.forced) };
    },
  };
  try {
    for (const inst of insts) await inst.waitAllRunning(1, READY_TIMEOUT_MS);
    for (const url of handle.urls) await verify(url);
    return handle;
  } catch (err) {
    await handle.stop();
    throw err;
  }
}
