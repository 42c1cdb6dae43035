/**
 * Group restart: 50 `sleep` programs in one group (`groups:` in drover,
 * `[group:x]` in supervisord), both supervisors running at once; then,
 * interleaved (drover, supervisorctl, drover, …), a fresh client restarts the
 * whole group. Timed from spawn() to the client's exit; every round is checked:
 * exit 0, then every process of the group RUNNING again with a new pid.
 */
import { rmSync } from 'node:fs';
import { envWithMarker, newMarker } from '../lib/cleanup.mjs';
import { sleep } from '../lib/stats.mjs';
import { timeClient } from './ctl-status.mjs';

export const GROUP = 'grp';

/**
 * @param {number} n
 * @returns {import('../lib/types.mjs').ProgramSpec[]}
 */
export function groupPrograms(n) {
  return Array.from({ length: n }, (_, i) => ({ name: `g${String(i + 1).padStart(3, '0')}`, command: 'sleep 86400', group: GROUP }));
}

/**
 * Resolves once every process the instance knows is RUNNING with a pid it did not have in `before`.
 * @param {import('../lib/types.mjs').SupervisorInstance} inst
 * @param {Map<string, number | null>} before
 * @param {number} timeoutMs
 */
function allReplaced(inst, before, timeoutMs) {
  const done = () => [...inst.procs.values()].every((p) => p.state === 'RUNNING' && p.pid !== null && p.pid !== before.get(p.name));
  if (done()) return Promise.resolve();
  return inst.waitFor(done, timeoutMs, 'every process of the group RUNNING with a new pid');
}

/**
 * tools: [drover, supervisord?]; returns { programs, warmup, reps, <tool>: [ms], clients, stops }.
 * @param {import('../lib/types.mjs').RunnerOptions & { tools: import('../lib/types.mjs').SupervisorTool[], n?: number, warmup?: number, reps?: number, gapMs?: number }} options
 */
export async function groupRestart({ tools, dirFor, n = 50, warmup = 1, reps = 10, gapMs = 300, log = () => {} }) {
  const env = envWithMarker(newMarker());
  /** @type {{ tool: import('../lib/types.mjs').SupervisorTool, inst: import('../lib/types.mjs').SupervisorInstance, dir: string }[]} */
  const started = [];
  /**
   * clients: each tool's restart command, written out as its command line once the rounds are done.
   * @type {{ programs: number, warmup: number, reps: number, clients: Record<string, import('../lib/types.mjs').ClientCommand | string>, stops: import('../lib/types.mjs').StopResult[] } & import('../lib/types.mjs').PerTool<number>}
   */
  const result = { programs: n, warmup, reps, clients: {}, stops: [] };
  try {
    for (const tool of tools) {
      const dir = dirFor(`group-restart-${tool.name}`);
      const inst = tool.start(dir, groupPrograms(n));
      started.push({ tool, inst, dir });
      await inst.waitAllRunning(n, 20_000 + n * 100);
      result[tool.name] = [];
      result.clients[tool.name] = tool.restartCommand(inst, GROUP);
    }
    await sleep(1000);
    for (let round = 0; round < warmup + reps; round++) {
      for (const { tool, inst, dir } of started) {
        const client = /** @type {import('../lib/types.mjs').ClientCommand} */ (result.clients[tool.name]);
        const before = new Map([...inst.procs].map(([name, p]) => [name, p.pid]));
        const r = await timeClient(client.command, client.args, { cwd: dir, env: client.env ? { ...env, ...client.env } : env });
        if (r.code !== 0) throw new Error(`${tool.name}: \`${[client.command, ...client.args].join(' ')}\` exited ${r.code ?? r.signal}: ${r.stderr.trim() || r.stdout.trim()}`);
        await allReplaced(inst, before, 30_000);
        if (round >= warmup) (result[tool.name] ??= []).push(r.ms);
        await sleep(gapMs);
      }
      if (round >= warmup) log(`group restart ${round - warmup + 1}/${reps}: ${started.map(({ tool }) => `${tool.name} ${result[tool.name]?.at(-1)?.toFixed(0)} ms`).join(', ')}`);
    }
    for (const [name, client] of /** @type {[string, import('../lib/types.mjs').ClientCommand][]} */ (Object.entries(result.clients))) {
      const vars = Object.entries(client.env ?? {}).map(([k, v]) => `${k}=${v}`);
      result.clients[name] = [...vars, client.command, ...client.args].join(' ');
    }
  } finally {
    for (const { inst, dir } of started) {
      result.stops.push(await inst.finish());
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return result;
}
