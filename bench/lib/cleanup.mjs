/**
 * Owns everything the bench starts, so nothing outlives it.
 *
 * Every supervisor is spawned with DROVER_BENCH_MARK=<session>:<id> in its
 * environment; its children (and their children) inherit it, whatever session
 * or process group they move to. Cleanup = SIGKILL the supervisors we spawned
 * (so nothing respawns), then every process whose /proc/PID/environ carries
 * the mark. Temp folders are registered here and removed on the way out,
 * including on Ctrl-C and on a crash of the bench itself.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MARK_VAR = 'DROVER_BENCH_MARK';
const SESSION = `${process.pid}-${Date.now().toString(36)}`;
const sessionNeedle = Buffer.from(`${MARK_VAR}=${SESSION}:`);
const supervisorPids = new Set();
const tempDirs = new Set();
let nextId = 0;

export function newMarker() {
  return `${SESSION}:${++nextId}`;
}

/**
 * @param {string} marker
 * @param {NodeJS.ProcessEnv} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
export function envWithMarker(marker, extra = {}) {
  return { ...process.env, ...extra, [MARK_VAR]: marker };
}

/**
 * @param {number} pid
 */
export function trackSupervisor(pid) {
  supervisorPids.add(pid);
}

/**
 * @param {number} pid
 */
export function untrackSupervisor(pid) {
  supervisorPids.delete(pid);
}

/**
 * Pids (other than ours) whose environment holds the given mark.
 * @param {string} marker
 */
export function pidsWithMarker(marker) {
  return scan(Buffer.from(`${MARK_VAR}=${marker}\0`));
}

export function pidsOfSession() {
  return scan(sessionNeedle);
}

/**
 * @param {Buffer} needle
 * @returns {number[]}
 */
function scan(needle) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) > 57 || !/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let env;
    try {
      env = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue; // gone, or not ours to read
    }
    if (env.includes(needle)) found.push(pid);
  }
  return found;
}

/**
 * @param {number} ms
 */
export function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** SIGKILLs the given pids until none is left (zombies have an empty environ). Returns how many distinct pids it killed. */
/**
 * Sends a signal; false when the process (or group) is already gone.
 * @param {number} target  a pid, or minus a process group
 * @param {NodeJS.Signals} signal
 */
export function trySignal(target, signal) {
  try {
    process.kill(target, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGKILL to a supervisor's process group and to the supervisor itself.
 * @param {number} pid
 */
export function killHard(pid) {
  for (const target of [-pid, pid]) trySignal(target, 'SIGKILL');
}

/**
 * @param {() => number[]} find
 */
export function killUntilGone(find) {
  const killed = new Set();
  for (let round = 0; round < 10; round++) {
    const pids = find();
    if (pids.length === 0) break;
    for (const pid of pids) {
      killed.add(pid);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    sleepSync(20);
  }
  return killed.size;
}

/** Synchronous, so it also works from 'exit' and signal handlers. */
export function sweepSession() {
  for (const pid of supervisorPids) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  supervisorPids.clear();
  return killUntilGone(pidsOfSession);
}

export function makeTempRoot() {
  const dir = mkdtempSync(join(tmpdir(), 'drover-bench-'));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDirs() {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

let installed = false;
/**
 * @param {import('./types.mjs').Log} log
 */
export function installCleanupHandlers(log) {
  if (installed) return;
  installed = true;
  const bail = (/** @type {string} */ why, /** @type {number} */ code) => {
    log(`\nbench: ${why}: killing everything it started and removing its temp folders`);
    const n = sweepSession();
    if (n > 0) log(`bench: killed ${n} leftover process(es)`);
    removeTempDirs();
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => bail(sig, 130));
  process.on('uncaughtException', (err) => {
    log(`bench: uncaught: ${err?.stack ?? err}`);
    bail('crashed', 1);
  });
  process.on('unhandledRejection', (err) => {
    log(`bench: unhandled rejection: ${err instanceof Error ? err.stack : err}`);
    bail('crashed', 1);
  });
  process.on('exit', () => {
    sweepSession();
    removeTempDirs();
  });
}
