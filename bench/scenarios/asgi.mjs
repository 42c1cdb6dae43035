/**
 * ASGI: the same FastAPI app (`async def` GET / answering "hello from <pid>")
 * on drover's prefork core with uvicorn workers (`uvicorn main:app --fd {fd}`)
 * against `gunicorn -k uvicorn.workers.UvicornWorker`, with the same number
 * of workers, the same uvicorn, uvloop and httptools (Debian's packages), no
 * access log on either side. Both run at once, each on its own free port.
 *
 * Throughput: after an untimed warm-up of each server, wrk (keep-alive) on one
 * server at a time, interleaved rounds (drover, gunicorn, drover, …), req/s per run.
 *
 * Reload: wrk for WINDOW_S on one server while a fresh client runs RELOADS
 * times, evenly spaced: `drover ctl reload api` (one worker at a time, the new
 * one ready before an old one stops), `kill -HUP <gunicorn master>` (gunicorn
 * starts new workers, then stops the old ones), and drover again with
 * `uvicorn_drain: false` (uvicorn's own shutdown, to show what the drain
 * changes). A request fails when wrk counts a socket error, a timeout or a
 * status >= 400. Every run is checked: after it, every worker answers and
 * (reload) every worker pid is new.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findOrAptInstall } from '../lib/apt.mjs';
import { envWithMarker, killUntilGone, newMarker, pidsWithMarker } from '../lib/cleanup.mjs';
import { drover } from '../lib/drover.mjs';
import { getOnce } from '../lib/load.mjs';
import { childrenOf } from '../lib/procfs.mjs';
import { sleep } from '../lib/stats.mjs';
import { freePort } from '../lib/web-servers.mjs';
import { wrkLoad } from '../lib/wrk.mjs';
import { timeClient } from './ctl-status.mjs';

const APP = `import os
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

app = FastAPI()


@app.get("/", response_class=PlainTextResponse)
async def hello():
    return f"hello from {os.getpid()}\\n"
`;
const WINDOW_S = 10;
const RELOADS = 3;
const READY_MS = 60_000;

/** The Python modules both servers load, by Debian package. */
const MODULES = { fastapi: 'python3-fastapi', uvloop: 'python3-uvloop', httptools: 'python3-httptools' };

/**
 * uvicorn and gunicorn on PATH (else their Debian packages), and FastAPI, uvloop and httptools for
 * uvicorn's interpreter. Returns { gunicornBin, versions } or { reason }.
 * @param {import('../lib/types.mjs').Log} log
 * @returns {{ gunicornBin?: string, versions?: Record<string, string | undefined>, reason?: string }}
 */
export function locateAsgiStack(log) {
  const uvicorn = findOrAptInstall('uvicorn', 'uvicorn', log);
  if (!uvicorn.bin) return { reason: uvicorn.reason };
  const gunicorn = findOrAptInstall('gunicorn', 'gunicorn', log);
  if (!gunicorn.bin) return { reason: gunicorn.reason };
  const shebang = readFileSync(uvicorn.bin, 'utf8').split('\n')[0] ?? '';
  const python = shebang.startsWith('#!') ? shebang.slice(2).trim().split(/\s+/) : ['python3'];
  const interpreter = /** @type {string} */ (python[0]);
  const imports = (/** @type {string} */ module) => spawnSync(interpreter, [...python.slice(1), '-c', `import ${module}`]).status === 0;
  for (const [module, pkg] of Object.entries(MODULES)) {
    if (imports(module)) continue;
    const installed = spawnSync('apt-get', ['install', '-y', pkg], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8', timeout: 600_000 });
    if (!imports(module))
      return { reason: `${python.join(' ')} cannot import ${module} and apt-get install -y ${pkg} did not help (exit ${installed.status ?? installed.error?.message})` };
  }
  const version = (/** @type {string} */ cmd, /** @type {string[]} */ args) => (spawnSync(cmd, args, { encoding: 'utf8' }).stdout ?? '').trim().split('\n')[0];
  const versions = {
    uvicorn: version(uvicorn.bin, ['--version']),
    gunicorn: version(gunicorn.bin, ['--version']),
    fastapi: version(interpreter, [...python.slice(1), '-c', 'import fastapi; print(fastapi.__version__)']),
  };
  return { gunicornBin: gunicorn.bin, versions };
}

/**
 * Polls GET / on new connections until `count` different worker pids have answered; returns them.
 * @param {string} url
 * @param {number} count
 */
async function waitWorkersAnswering(url, count, timeoutMs = READY_MS) {
  const seen = new Set();
  const deadline = Date.now() + timeoutMs;
  while (seen.size < count) {
    const r = await getOnce(url).catch(() => null);
    const m = r?.status === 200 ? /^hello from (\d+)\n$/.exec(r.body) : null;
    if (m) seen.add(Number(m[1]));
    if (Date.now() > deadline) throw new Error(`${url}: ${seen.size}/${count} workers answered within ${timeoutMs} ms`);
    if (!m) await sleep(100);
  }
  return seen;
}

/**
 * @typedef {object} AsgiServer
 * @property {string} label
 * @property {string} command
 * @property {string} url
 * @property {() => number[]} workerPids
 * @property {() => Promise<{ code: number | null, stderr?: string }>} reload
 * @property {string} [reloadCommand]
 * @property {() => Promise<{ leftovers: number, forced: boolean }>} stop
 */

/**
 * gunicorn as a plain process of the bench (no supervisor: the peer is gunicorn's own master).
 * @param {string} dir
 * @param {{ bin: string, port: number, workers: number }} server
 * @returns {Promise<AsgiServer>}
 */
async function startGunicorn(dir, { bin, port, workers }) {
  const marker = newMarker();
  const args = ['-k', 'uvicorn.workers.UvicornWorker', '-w', String(workers), '-b', `127.0.0.1:${port}`, '--chdir', dir, 'main:app'];
  const child = spawn(bin, args, { env: envWithMarker(marker, { PYTHONDONTWRITEBYTECODE: '1' }), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const masterPid = child.pid ?? NaN; // NaN when spawn failed: a signal to it throws
  const handle = {
    label: 'gunicorn -k uvicorn.workers.UvicornWorker',
    command: [bin, ...args].join(' '),
    url: `http://127.0.0.1:${port}/`,
    workerPids: () => childrenOf(masterPid),
    reload: async () => {
      process.kill(masterPid, 'SIGHUP');
      return { code: 0 };
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const until = Date.now() + 30_000;
      while (child.exitCode === null && child.signalCode === null && Date.now() < until) await sleep(50);
      return { leftovers: killUntilGone(() => pidsWithMarker(marker)), forced: child.exitCode === null && child.signalCode === null };
    },
  };
  try {
    await waitWorkersAnswering(handle.url, workers);
  } catch (err) {
    await handle.stop();
    throw new Error(`${/** @type {Error} */ (err).message}; gunicorn said: ${stderr.trim().split('\n').slice(-5).join(' / ')}`, { cause: err });
  }
  return handle;
}

/**
 * drover in the foreground with one prefork program `api` of uvicorn workers.
 * @param {string} dir
 * @param {{ port: number, workers: number, drain: boolean }} server
 * @returns {Promise<AsgiServer>}
 */
async function startDrover(dir, { port, workers, drain }) {
  const inst = drover.start(dir, [
    {
      name: 'api',
      prefork: {
        bind: `127.0.0.1:${port}`,
        workers,
        command: 'uvicorn main:app --fd {fd} --no-access-log',
        directory: dir,
        environment: { PYTHONDONTWRITEBYTECODE: '1' },
        ready_when: { log: 'Application startup complete' },
        ...(drain ? {} : { uvicorn_drain: false }),
      },
    },
  ]);
  const ctl = drover.ctlCommand(inst, ['reload', 'api']);
  const handle = {
    label: drain ? 'drover prefork (uvicorn workers)' : 'drover prefork, uvicorn_drain: false',
    command: 'uvicorn main:app --fd {fd} --no-access-log',
    url: `http://127.0.0.1:${port}/`,
    workerPids: () => [...inst.procs.values()].filter((p) => p.state === 'RUNNING').map((p) => /** @type {number} */ (p.pid)),
    reload: () => timeClient(ctl.command, ctl.args),
    reloadCommand: [ctl.command, ...ctl.args].join(' '),
    stop: () => inst.stop(),
  };
  try {
    await inst.waitAllRunning(workers, READY_MS);
    await waitWorkersAnswering(handle.url, workers);
  } catch (err) {
    await inst.stop();
    throw err;
  }
  return handle;
}

/**
 * One wrk window with RELOADS reloads evenly spaced in it; checks every worker was replaced.
 * @param {AsgiServer} server
 * @param {{ wrkBin: string, connections: number, workers: number }} load
 */
async function reloadRun(server, { wrkBin, connections, workers }) {
  const before = new Set(server.workerPids());
  const load = wrkLoad({ bin: wrkBin, urls: [server.url], connections, durationS: WINDOW_S });
  const gap = (WINDOW_S * 1000) / (RELOADS + 1);
  const reloadMs = [];
  for (let i = 0; i < RELOADS; i++) {
    await sleep(gap);
    const t0 = Date.now();
    const r = await server.reload();
    if (r.code !== 0) throw new Error(`${server.label}: reload exited ${r.code}: ${r.stderr ?? ''}`);
    reloadMs.push(Date.now() - t0);
  }
  const result = await load;
  const after = await waitWorkersAnswering(server.url, workers);
  const kept = [...after].filter((pid) => before.has(pid));
  if (kept.length) throw new Error(`${server.label}: workers ${kept.join(', ')} answered after ${RELOADS} reloads (not replaced)`);
  return { ...result, failed: result.errors + result.timeouts + result.non2xx, reloads: RELOADS, reloadMs };
}

/**
 * Returns { workers, connections, durationS, windowS, reloads, commands, throughput: { drover: [], gunicorn: [] },
 * reload: { drover: [], gunicorn: [], droverNoDrain: [] }, stops }.
 * @param {import('../lib/types.mjs').RunnerOptions & { gunicornBin: string, wrkBin: string, workers?: number, connections?: number, durationS?: number, warmupS?: number, rounds?: number, reloadReps?: number }} options
 */
export async function asgi({ dirFor, gunicornBin, wrkBin, workers = 2, connections = 50, durationS = 8, warmupS = 2, rounds = 3, reloadReps = 3, log = () => {} }) {
  /** @typedef {'drover' | 'gunicorn' | 'droverNoDrain'} AsgiKey */
  /** @typedef {import('../lib/types.mjs').LoadSummary & { round: number }} AsgiRun */
  /**
   * @type {{ workers: number, connections: number, durationS: number, warmupS: number, windowS: number, reloads: number, commands: Record<string, string | undefined>,
   *   throughput: { drover: AsgiRun[], gunicorn: AsgiRun[] }, reload: Record<AsgiKey, (AsgiRun & { failed: number, reloads: number, reloadMs: number[] })[]>,
   *   stops: { leftovers: number, forced: boolean }[], stack?: Record<string, string | undefined> | null }}
   */
  const result = {
    workers,
    connections,
    durationS,
    warmupS,
    windowS: WINDOW_S,
    reloads: RELOADS,
    commands: {},
    throughput: { drover: [], gunicorn: [] },
    reload: { drover: [], gunicorn: [], droverNoDrain: [] },
    stops: [],
  };
  /** @type {Partial<Record<AsgiKey, AsgiServer>>} */
  const servers = {};
  /** @type {string[]} */
  const dirs = [];
  const appDir = (/** @type {string} */ label) => {
    const dir = dirFor(`asgi-${label}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'main.py'), APP);
    dirs.push(dir);
    return dir;
  };
  try {
    const started = {
      drover: (servers.drover = await startDrover(appDir('drover'), { port: await freePort(), workers, drain: true })),
      gunicorn: (servers.gunicorn = await startGunicorn(appDir('gunicorn'), { bin: gunicornBin, port: await freePort(), workers })),
      droverNoDrain: (servers.droverNoDrain = await startDrover(appDir('drover-no-drain'), { port: await freePort(), workers, drain: false })),
    };
    result.commands = {
      drover: started.drover.command,
      droverReload: started.drover.reloadCommand,
      gunicorn: started.gunicorn.command,
      gunicornReload: 'kill -HUP <gunicorn master pid>',
    };
    // Python imports some modules at the first requests; every server gets the same untimed warm-up.
    for (const key of /** @type {const} */ (['drover', 'gunicorn', 'droverNoDrain'])) await wrkLoad({ bin: wrkBin, urls: [started[key].url], connections, durationS: warmupS });
    for (let round = 1; round <= rounds; round++) {
      for (const key of /** @type {const} */ (['drover', 'gunicorn'])) {
        const run = await wrkLoad({ bin: wrkBin, urls: [started[key].url], connections, durationS });
        result.throughput[key].push({ ...run, round });
        log(`asgi throughput ${round}/${rounds}: ${started[key].label}: ${run.reqPerSec.toFixed(0)} req/s, ${run.errors + run.timeouts + run.non2xx} failed`);
      }
    }
    for (let rep = 1; rep <= reloadReps; rep++) {
      for (const key of /** @type {const} */ (['drover', 'gunicorn', 'droverNoDrain'])) {
        const run = await reloadRun(started[key], { wrkBin, connections, workers });
        result.reload[key].push({ ...run, round: rep });
        log(
          `asgi reload ${rep}/${reloadReps}: ${started[key].label}: ${run.failed} failed of ${run.totalRequests} during ${RELOADS} reloads${
            Object.keys(run.errorCodes).length
              ? ` (${Object.entries(run.errorCodes)
                  .map(([k, n]) => `${k}×${n}`)
                  .join(', ')})`
              : ''
          }`,
        );
        await sleep(1000);
      }
    }
  } finally {
    for (const server of Object.values(servers)) if (server) result.stops.push(await server.stop());
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
