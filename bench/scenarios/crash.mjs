/**
 * Crash-to-RUNNING: one program `sleep 86400`; SIGKILL its process and time
 * until the supervisor reports a new pid RUNNING.
 *
 *  - passive (drover and supervisord): the RUNNING line on the supervisor's
 *    stdout, timestamped when it reaches the bench.
 *  - polled (supervisord only): XML-RPC getProcessInfo every 1 ms until it
 *    says RUNNING with a new pid. Granularity = 1 ms sleep + one round trip
 *    (reported). Polling wakes supervisord's loop, so this measures
 *    supervisord-with-a-busy-client, not supervisord alone.
 */
import { performance } from 'node:perf_hooks';
import { parseStructs } from '../lib/xmlrpc.mjs';
import { sleep } from '../lib/stats.mjs';

export const CRASH_PROGRAM = [{ name: 'crash', command: 'sleep 86400' }];

/**
 * @param {import('../lib/types.mjs').SupervisorTool} tool
 * @param {string} dir
 */
export async function startCrashSubject(tool, dir) {
  const inst = tool.start(dir, CRASH_PROGRAM);
  await inst.waitAllRunning(1, 30_000);
  return inst;
}

/**
 * @param {import('../lib/types.mjs').SupervisorInstance} inst
 */
function currentPid(inst) {
  const pid = [...inst.procs.values()][0]?.pid;
  if (!pid) throw new Error(`${inst.label}: no pid for the crash program ${inst.context()}`);
  return pid;
}

/**
 * @param {import('../lib/types.mjs').SupervisorInstance} inst
 */
export async function crashOnceByLines(inst) {
  const old = currentPid(inst);
  const waiting = inst.waitFor((ev) => ev.state === 'RUNNING' && ev.pid !== old, 30_000, 'RUNNING with a new pid after SIGKILL');
  const t0 = performance.now();
  process.kill(old, 'SIGKILL');
  const at = await waiting;
  return at - t0;
}

/**
 * @param {import('../lib/types.mjs').SupervisorInstance} inst  supervisord's, with its XML-RPC
 */
export async function crashOnceByPolling(inst, intervalMs = 1) {
  const old = currentPid(inst);
  const name = /** @type {string} */ ([...inst.procs.keys()][0]); // currentPid found it
  // Let the log-line view catch up too, so the next round starts from a settled state.
  const lineSeen = inst.waitFor((ev) => ev.state === 'RUNNING' && ev.pid !== old, 30_000, 'RUNNING line after SIGKILL');
  const t0 = performance.now();
  process.kill(old, 'SIGKILL');
  let polls = 0;
  let rpcMs = 0;
  for (;;) {
    if (performance.now() - t0 > 30_000) throw new Error('supervisord: no RUNNING with a new pid by XML-RPC within 30 s');
    const r0 = performance.now();
    const [info] = parseStructs(await /** @type {NonNullable<typeof inst.rpc>} */ (inst.rpc)('supervisor.getProcessInfo', [name], 5000));
    const at = performance.now();
    polls++;
    rpcMs += at - r0;
    if (info?.statename === 'RUNNING' && info.pid !== old && Number(info.pid) > 0) {
      await lineSeen;
      return { ms: at - t0, polls, rpcMs };
    }
    await sleep(intervalMs);
  }
}
