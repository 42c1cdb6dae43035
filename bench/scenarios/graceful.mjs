/**
 * Graceful: failed requests while a real gunicorn (`gunicorn -w 4`, sync
 * workers, a WSGI hello world) is signalled or reloaded under load.
 *
 * drover and supervisord each run one program `web` on its own free port, both
 * at once (drover's with `reload_signal: HUP`). Each run loads one of them
 * with 8 clients, one request per connection (gunicorn's sync workers close
 * every connection anyway), for 10 s, and runs a fresh client 3 times, at
 * 2.5, 5 and 7.5 s: `drover ctl signal HUP web` against `supervisorctl signal
 * HUP web`, then drover's `ctl reload web` (which sends the HUP) and `ctl
 * restart web` (a full restart, what a reload is without reload_signal).
 * supervisord has no reload, so its `signal HUP` runs are the peer of both.
 * A request fails when it gets no answer or one that is not 200; the clients
 * retry at once, so the longest stretch without a good answer is kept too. Runs are
 * interleaved (drover, supervisord, drover reload, drover restart, …). Every
 * run is checked: each client exits 0; after a signal or a reload gunicorn's
 * master keeps its pid, after a restart it has a new one.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { envWithMarker, newMarker } from '../lib/cleanup.mjs';
import { sleep } from '../lib/stats.mjs';
import { getOnce } from '../lib/load.mjs';
import { freePort } from '../lib/web-servers.mjs';
import { timeClient } from './ctl-status.mjs';

const APP = "def app(environ, start_response):\n    start_response('200 OK', [('Content-Type', 'text/plain')])\n    return [b'hello\\n']\n";
const BODY = 'hello\n';
const WORKERS = 4;
const CLIENTS = 8;
const WINDOW_MS = 10_000;
const COMMAND_AT_MS = [2500, 5000, 7500];
const REQUEST_TIMEOUT_MS = 5000;

/**
 * The runs of one round, in order: which supervisor, which client, and whether gunicorn's master must keep its pid.
 * @type {{ tool: import('../lib/types.mjs').ToolName, key: string, args: string[], samePid: boolean }[]}
 */
const VARIANTS = [
  { tool: 'drover', key: 'signal', args: ['signal', 'HUP', 'web'], samePid: true },
  { tool: 'supervisord', key: 'signal', args: ['signal', 'HUP', 'web'], samePid: true },
  { tool: 'drover', key: 'reload', args: ['reload', 'web'], samePid: true },
  { tool: 'drover', key: 'restart', args: ['restart', 'web'], samePid: false },
];

const masterPid = (/** @type {import('../lib/types.mjs').SupervisorInstance} */ inst) => inst.procs.get('web')?.pid ?? [...inst.procs.values()][0]?.pid ?? null;

/**
 * Polls GET / until gunicorn answers 200 with the hello body.
 * @param {string} url
 */
async function waitAnswering(url, timeoutMs = 30_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const r = await getOnce(url).catch((/** @type {NodeJS.ErrnoException} */ err) => ({ status: err.code ?? err.message, body: '' }));
    if (r.status === 200 && r.body === BODY) return;
    if (performance.now() > deadline) throw new Error(`GET ${url}: no hello within ${timeoutMs} ms (last: ${r.status})`);
    await sleep(100);
  }
}

/**
 * CLIENTS loops of one GET per connection for WINDOW_MS, running the client at each of
 * COMMAND_AT_MS meanwhile (awaited: a slow client delays the next one, not the window's end).
 */
/**
 * @typedef {{ requests: number, failed: number, errorCodes: Record<string, number>, commandMs: number[], maxGapMs: number, windowMs: number }} LoadAround
 * @param {string} url
 * @param {import('../lib/types.mjs').ClientCommand & { cwd: string }} client
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<LoadAround>}
 */
async function loadAround(url, client, env) {
  const agent = new Agent({ keepAlive: false });
  /** @type {LoadAround} */
  const result = { requests: 0, failed: 0, errorCodes: {}, commandMs: [], maxGapMs: 0, windowMs: 0 };
  let done = false;
  // The longest stretch without a good answer: how long the server was away, whatever the clients' retry rate
  // (a refused connection fails at once, so a client retrying at once counts hundreds of failures per second).
  let lastOkAt = performance.now();
  const ok = () => {
    const now = performance.now();
    result.maxGapMs = Math.max(result.maxGapMs, now - lastOkAt);
    lastOkAt = now;
  };
  const fail = (/** @type {string} */ code) => {
    result.failed++;
    result.errorCodes[code] = (result.errorCodes[code] ?? 0) + 1;
  };
  // One request; every outcome (an answer, a reset mid-answer, a refused connection, a timeout) is counted once.
  const once = () =>
    /** @type {Promise<void>} */ (
      new Promise((resolve) => {
        let settled = false;
        const settle = (/** @type {string | null} */ failure) => {
          if (settled) return;
          settled = true;
          result.requests++;
          if (failure) fail(failure);
          else ok();
          resolve();
        };
        const req = get(url, { agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
          res.resume();
          res.on('end', () => settle(res.statusCode === 200 ? null : `HTTP ${res.statusCode}`));
          res.on('error', (err) => settle(/** @type {NodeJS.ErrnoException} */ (err).code ?? err.message));
        });
        req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
        req.on('error', (err) => settle(/** @type {NodeJS.ErrnoException} */ (err).code ?? err.message));
      })
    );
  const t0 = performance.now();
  lastOkAt = t0;
  const loops = Array.from({ length: CLIENTS }, async () => {
    while (!done) await once();
  });
  try {
    for (const at of COMMAND_AT_MS) {
      await sleep(Math.max(0, t0 + at - performance.now()));
      const r = await timeClient(client.command, client.args, { cwd: client.cwd, env });
      if (r.code !== 0) throw new Error(`\`${[client.command, ...client.args].join(' ')}\` exited ${r.code ?? r.signal}: ${r.stderr.trim() || r.stdout.trim()}`);
      result.commandMs.push(r.ms);
    }
    await sleep(Math.max(0, t0 + WINDOW_MS - performance.now()));
  } finally {
    done = true;
    await Promise.all(loops);
    result.maxGapMs = Math.max(result.maxGapMs, performance.now() - lastOkAt);
    agent.destroy();
  }
  result.windowMs = performance.now() - t0;
  return result;
}

/**
 * tools: { drover, supervisord }; gunicorn: its path.
 * Returns { workers, clients, windowS, commandsAtS, reps, ports, commands, drover: { signal, reload, restart }, supervisord: { signal }, stops }.
 * @param {import('../lib/types.mjs').RunnerOptions & { tools: { drover: import('../lib/types.mjs').SupervisorTool, supervisord: import('../lib/types.mjs').SupervisorTool }, gunicorn: string, reps?: number, gapMs?: number }} options
 */
export async function graceful({ tools, gunicorn, dirFor, reps = 3, gapMs = 1000, log = () => {} }) {
  const env = envWithMarker(newMarker());
  /** @type {Map<string, { tool: import('../lib/types.mjs').SupervisorTool, inst: import('../lib/types.mjs').SupervisorInstance, dir: string, url: string }>} */
  const started = new Map();
  /**
   * Per supervisor, the runs of each variant (signal, reload, restart).
   * @type {{ workers: number, clients: number, windowS: number, commandsAtS: number[], reps: number, ports: Record<string, number>, commands: Record<string, string>, stops: import('../lib/types.mjs').StopResult[], gunicorn?: string | null }
   *   & { [tool in import('../lib/types.mjs').ToolName]?: Record<string, LoadAround[]> }}
   */
  const result = { workers: WORKERS, clients: CLIENTS, windowS: WINDOW_MS / 1000, commandsAtS: COMMAND_AT_MS.map((ms) => ms / 1000), reps, ports: {}, commands: {}, stops: [] };
  try {
    for (const [name, tool] of /** @type {[import('../lib/types.mjs').ToolName, import('../lib/types.mjs').SupervisorTool][]} */ (Object.entries(tools))) {
      const dir = dirFor(`graceful-${name}`);
      const port = await freePort();
      const command = `${gunicorn} --chdir ${dir} -w ${WORKERS} -b 127.0.0.1:${port} app:app`;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'app.py'), APP);
      const inst = tool.start(dir, [{ name: 'web', command, ...(name === 'drover' ? { reloadSignal: 'HUP' } : {}) }]);
      const url = `http://127.0.0.1:${port}/`;
      started.set(name, { tool, inst, dir, url });
      result.ports[name] = port;
      result.commands[name] = command;
      await inst.waitAllRunning(1, 30_000);
      await waitAnswering(url);
      result[name] = {};
    }
    for (let round = 0; round < reps; round++) {
      for (const v of VARIANTS) {
        const s = started.get(v.tool);
        if (!s) continue;
        const client = { .../** @type {NonNullable<typeof s.tool.ctlCommand>} */ (s.tool.ctlCommand)(s.inst, v.args), cwd: s.dir };
        result.commands[`${v.tool} ${v.key}`] = [client.command, ...client.args].join(' ');
        await waitAnswering(s.url);
        const before = masterPid(s.inst);
        const run = await loadAround(s.url, client, env);
        await waitAnswering(s.url);
        const after = masterPid(s.inst);
        if ((before === after) !== v.samePid) {
          throw new Error(
            `${v.tool} ${v.args.join(' ')}: gunicorn's master pid went ${before} → ${after}, expected ${v.samePid ? 'the same pid (a signal, not a restart)' : 'a new pid (a restart)'}`,
          );
        }
        const runsOfTool = /** @type {Record<string, LoadAround[]>} */ (result[v.tool]);
        (runsOfTool[v.key] ??= []).push(run);
        log(
          `graceful ${round + 1}/${reps}: ${v.tool} ${v.args.join(' ')} ×${COMMAND_AT_MS.length}: ${run.failed} failed of ${run.requests}, longest without an answer ${run.maxGapMs.toFixed(0)} ms${
            run.failed
              ? ` (${Object.entries(run.errorCodes)
                  .map(([k, n]) => `${k}×${n}`)
                  .join(', ')})`
              : ''
          }`,
        );
        await sleep(gapMs);
      }
    }
  } finally {
    for (const { inst, dir } of started.values()) {
      result.stops.push(await inst.finish());
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return result;
}
