/**
 * Start-up: wall time from launching the supervisor command until all N
 * programs (`sleep 86400`, startsecs 0) are RUNNING.
 *
 * drover and supervisord are both timed by the arrival of their own
 * state-change lines on stdout (passive: the bench sends them nothing). For
 * supervisord a second variant polls XML-RPC getAllProcessInfo every 50 ms,
 * as a client would; each poll also wakes supervisord's 1 s select loop, so
 * polling changes what it measures (reported separately, never mixed).
 */
import { performance } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { parseStructs } from '../lib/xmlrpc.mjs';
import { sleep } from '../lib/stats.mjs';

/**
 * @param {number} n
 * @returns {import('../lib/types.mjs').ProgramSpec[]}
 */
export function sleepPrograms(n) {
  return Array.from({ length: n }, (_, i) => ({ name: `p${String(i + 1).padStart(4, '0')}`, command: 'sleep 86400' }));
}

const timeoutFor = (/** @type {number} */ n) => 20_000 + n * 60;

/**
 * Passive: counts RUNNING lines on stdout. Returns { ms, stop }.
 * @param {import('../lib/types.mjs').SupervisorTool} tool
 * @param {string} dir
 * @param {number} n
 */
export async function startupByLines(tool, dir, n) {
  const inst = tool.start(dir, sleepPrograms(n));
  try {
    const at = await inst.waitAllRunning(n, timeoutFor(n));
    const ms = at - inst.launchedAt;
    if (inst.rpc) await verifyAllRunning(inst, n);
    return { ms, ...(await inst.finish()) };
  } finally {
    await inst.finish(); // no-op if already stopped
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * supervisord only: polls getAllProcessInfo every intervalMs until all N are RUNNING.
 * @param {import('../lib/types.mjs').SupervisorTool} tool
 * @param {string} dir
 * @param {number} n
 */
export async function startupByPolling(tool, dir, n, intervalMs = 50) {
  const inst = tool.start(dir, sleepPrograms(n));
  try {
    const deadline = inst.launchedAt + timeoutFor(n);
    let polls = 0;
    for (;;) {
      if (performance.now() > deadline) throw new Error(`supervisord: not all ${n} RUNNING by XML-RPC within ${timeoutFor(n)} ms ${inst.context()}`);
      if (inst.exitInfo) throw new Error(`supervisord exited ${inst.context()}`);
      try {
        polls++;
        const infos = parseStructs(await /** @type {NonNullable<typeof inst.rpc>} */ (inst.rpc)('supervisor.getAllProcessInfo', [], 30_000));
        const at = performance.now();
        if (infos.filter((p) => p.statename === 'RUNNING').length >= n) {
          return { ms: at - inst.launchedAt, polls, ...(await inst.stop()) };
        }
      } catch {
        // socket not there yet
      }
      await sleep(intervalMs);
    }
  } finally {
    await inst.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @param {import('../lib/types.mjs').SupervisorInstance} inst  supervisord's, with its XML-RPC
 * @param {number} n
 */
async function verifyAllRunning(inst, n) {
  const infos = parseStructs(await /** @type {NonNullable<typeof inst.rpc>} */ (inst.rpc)('supervisor.getAllProcessInfo', [], 30_000));
  const running = infos.filter((p) => p.statename === 'RUNNING').length;
  if (running < n) throw new Error(`supervisord logged ${n} RUNNING but XML-RPC reports ${running}`);
}
