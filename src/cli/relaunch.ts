import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Set for a `drover --daemon` that takes over from a supervisor re-executing itself: that supervisor's pid. */
export const REEXEC_AFTER_ENV = 'DROVER_REEXEC_AFTER';
/** How long the new launcher waits for the old supervisor to exit (it writes its last log lines and exits). */
const PREDECESSOR_TIMEOUT_MS = 30_000;

/**
 * `ctl reexec` (daemon/re-exec.ts): starts `drover --daemon -c CONFIG` from
 * the files installed now (after an upgrade, the new version), detached. Its
 * output goes where this supervisor's does (its log file). It waits for
 * `predecessor` to be gone, then starts as any `drover --daemon` does, and
 * its supervisor adopts what the keepers hold.
 */
export function relaunchDaemon(configPath: string, predecessor: number): void {
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  const child = spawn(process.execPath, [main, '--daemon', '-c', configPath], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, [REEXEC_AFTER_ENV]: String(predecessor) },
  });
  child.unref();
}

/** In the new launcher: waits until the supervisor it takes over from has exited (a no-op for any other start). */
export async function waitForPredecessor(): Promise<void> {
  const predecessor = Number(process.env[REEXEC_AFTER_ENV]);
  delete process.env[REEXEC_AFTER_ENV]; // not for the supervisor or its programs
  if (!Number.isInteger(predecessor) || predecessor <= 0) return;
  const deadline = Date.now() + PREDECESSOR_TIMEOUT_MS;
  while (Date.now() < deadline && isAlive(predecessor)) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * A zombie has exited: the old supervisor is detached, so init reaps it, and
 * some container inits take a second for that, or never do it.
 */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}
