/**
 * ctl status: wall time of one status query from a fresh client process, with
 * N programs (`sleep 86400`) RUNNING under each supervisor.
 *
 * Both supervisors are started (one after the other) and left running; once
 * all N are RUNNING under both, the clients run interleaved — drover's
 * `node dist/cli/main.js ctl --socket SOCK status`, then `supervisorctl -c
 * CONF status`, then a bare `node -e ""` (the floor: Node's own start-up,
 * which every drover client pays) — each timed from spawn() to the child's
 * exit with performance.now(). Warm-up rounds are run and checked the same
 * way, then dropped. Every answer is checked: exit code 0 and exactly N lines
 * containing RUNNING (for `pm2 jlist`: a JSON list with N apps online, the
 * tool's countRunning), else the scenario fails. A tool's client may bring its
 * own environment variables (`env`, e.g. PM2_HOME), merged over the bench's.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DROVER_ROOT } from '../lib/drover.mjs';
import { envWithMarker, killUntilGone, newMarker, pidsWithMarker } from '../lib/cleanup.mjs';
import { parseStructs } from '../lib/xmlrpc.mjs';
import { sleep } from '../lib/stats.mjs';
import { sleepPrograms } from './startup.mjs';

const CLIENT_TIMEOUT_MS = 30_000;

/**
 * Spawns command, collects its output, resolves with { ms, code, signal, stdout, stderr };
 * ms runs from just before spawn() to the child's 'exit' event.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} [options]
 * @returns {Promise<import('../lib/types.mjs').ClientRun>}
 */
export function timeClient(command, args, { cwd, env, timeoutMs = CLIENT_TIMEOUT_MS } = {}) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const out = [];
    /** @type {Buffer[]} */
    const err = [];
    /** @type {number | null} */
    let exitAt = null;
    /** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */
    let exit = null;
    const t0 = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: no exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('exit', (code, signal) => {
      exitAt = performance.now();
      exit = { code, signal };
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve({
        ms: (exitAt ?? performance.now()) - t0,
        code: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

const runningLines = (/** @type {string} */ text) => text.split('\n').filter((l) => l.includes('RUNNING')).length;

/**
 * @typedef {import('../lib/types.mjs').ClientCommand & { label: string, key: import('../lib/types.mjs').ToolName | 'nodeFloor', cwd: string, expectRunning?: number, dropEnv?: string[] }} TimedClient
 */

/**
 * How many processes a client's answer shows running: its own counter if it has one (pm2 jlist: JSON), else RUNNING lines.
 * @param {TimedClient} client
 * @param {string} stdout
 */
function runningIn(client, stdout) {
  if (!client.countRunning) return runningLines(stdout);
  try {
    return client.countRunning(stdout);
  } catch {
    return NaN; // unparsable answer: never equal to the expected count
  }
}

/**
 * @param {TimedClient} client
 * @param {import('../lib/types.mjs').ClientRun} r
 */
function describe(client, r) {
  const tail = (/** @type {string} */ s) => (s.trim() ? s.trim().split('\n').slice(-5).join('\n    ') : '(empty)');
  return `${client.label}: \`${[client.command, ...client.args].join(' ')}\` exited ${r.code ?? `by ${r.signal}`} after ${r.ms.toFixed(1)} ms with ${runningIn(client, r.stdout)} ${client.countRunning ? 'running process(es)' : 'RUNNING line(s)'}\n  stdout (last lines):\n    ${tail(r.stdout)}\n  stderr:\n    ${tail(r.stderr)}`;
}

/**
 * Runs one client, checks its answer, returns its time in ms; throws (loudly) on a wrong answer.
 * @param {TimedClient} client
 * @param {NodeJS.ProcessEnv} env
 */
async function runChecked(client, env) {
  const kept = client.dropEnv ? Object.fromEntries(Object.entries(env).filter(([key]) => !client.dropEnv?.includes(key))) : env;
  const own = client.env ? { ...kept, ...client.env } : kept; // a tool's own variables (pm2: PM2_HOME)
  const r = await timeClient(client.command, client.args, { cwd: client.cwd, env: own });
  if (r.code !== 0) throw new Error(`expected exit code 0 — ${describe(client, r)}`);
  if (client.expectRunning !== undefined && runningIn(client, r.stdout) !== client.expectRunning) {
    throw new Error(`expected ${client.expectRunning} ${client.countRunning ? 'running processes' : 'RUNNING lines'} — ${describe(client, r)}`);
  }
  return r.ms;
}

/**
 * @typedef {{ programs: number, warmup: number, reps: number, clients: Record<string, string>, stops: import('../lib/types.mjs').StopResult[] }
 *   & { [tool in import('../lib/types.mjs').ToolName | 'nodeFloor']?: number[] }} CtlStatusResult
 */

/**
 * tools: [drover, supervisord?]; dirFor(label) → a fresh run folder.
 * Returns { programs, warmup, reps, drover: [ms], supervisord: [ms], nodeFloor: [ms], clients, stops }.
 * @param {{ tools: import('../lib/types.mjs').SupervisorTool[], dirFor: (label: string) => string, n?: number, warmup?: number, reps?: number, gapMs?: number, log?: import('../lib/types.mjs').Log }} options
 */
export async function ctlStatus({ tools, dirFor, n = 200, warmup = 3, reps = 30, gapMs = 100, log = () => {} }) {
  /** @type {{ tool: import('../lib/types.mjs').SupervisorTool, inst: import('../lib/types.mjs').SupervisorInstance, dir: string }[]} */
  const started = [];
  /** @type {string[]} */
  const dirs = [];
  const marker = newMarker(); // on every client too, so a client that outlives its timeout is swept
  const env = envWithMarker(marker);
  /** @type {CtlStatusResult} */
  const result = { programs: n, warmup, reps, drover: [], supervisord: [], nodeFloor: [], clients: {}, stops: [] };
  try {
    for (const tool of tools) {
      const dir = dirFor(`ctl-${tool.name}`);
      dirs.push(dir);
      const inst = tool.start(dir, sleepPrograms(n));
      started.push({ tool, inst, dir });
      const at = await inst.waitAllRunning(n, 20_000 + n * 60);
      if (inst.rpc) {
        const infos = parseStructs(await /** @type {NonNullable<typeof inst.rpc>} */ (inst.rpc)('supervisor.getAllProcessInfo', [], 30_000));
        const running = infos.filter((p) => p.statename === 'RUNNING').length;
        if (running < n) throw new Error(`supervisord logged ${n} RUNNING but XML-RPC reports ${running}`);
      }
      log(`ctl: ${tool.name} has ${n} RUNNING after ${(at - inst.launchedAt).toFixed(0)} ms`);
    }
    await sleep(1000); // let both settle before the first client

    /** @type {TimedClient[]} */
    const clients = started.map(({ tool, inst, dir }) => ({
      label: tool.name,
      key: tool.name,
      cwd: dir,
      expectRunning: n,
      ...tool.statusCommand(inst),
    }));
    for (const c of clients) result[c.key] ??= [];
    // The floor runs as `drover ctl` does: its launcher (src/cli/drover.sh) drops NODE_EXTRA_CA_CERTS.
    clients.push({ label: 'node floor', key: 'nodeFloor', cwd: /** @type {string} */ (dirs[0]), command: process.execPath, args: ['-e', ''], dropEnv: ['NODE_EXTRA_CA_CERTS'] });
    // For the report: the argv with the temp paths and this machine's node path abstracted away.
    const shown = (/** @type {TimedClient} */ c) =>
      [...Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${v}`), c.command === process.execPath ? 'node' : c.command, ...c.args.map((a) => (a === '' ? '""' : a))]
        .join(' ')
        .replaceAll(`${DROVER_ROOT}/`, '')
        .replaceAll(c.cwd, '<run-dir>');
    for (const c of clients) result.clients[c.key] = shown(c);

    for (let round = -warmup; round < reps; round++) {
      /** @type {string[]} */
      const line = [];
      for (const c of clients) {
        for (const { inst } of started) {
          if (inst.exitInfo) throw new Error(`${inst.label} exited during the ctl series ${inst.context()}`);
        }
        const ms = await runChecked(c, env);
        if (round >= 0) (result[c.key] ??= []).push(ms);
        line.push(`${c.label} ${ms.toFixed(1)} ms`);
        await sleep(gapMs);
      }
      log(`ctl ${round < 0 ? `warm-up ${round + warmup + 1}/${warmup}` : `${round + 1}/${reps}`}: ${line.join(', ')}`);
    }
    return result;
  } finally {
    for (const { inst } of started.reverse()) result.stops.push(await inst.finish());
    killUntilGone(() => pidsWithMarker(marker));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
