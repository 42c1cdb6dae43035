/**
 * The web servers the prefork scenario loads, all serving bench/fixtures/hello.mjs
 * on 127.0.0.1: drover's prefork core, Node's cluster module (round-robin),
 * PM2 in cluster mode, one Node process, and the "limit" (two independent Node
 * processes on two ports). Each start() returns a handle:
 *   { urls, roles() → Map<pid, role>, check() → throws if a process is gone, stop() → { leftovers, forced } }
 * Every process a server starts carries a cleanup mark in its environment
 * (lib/cleanup.mjs), so stop() can find and kill anything left behind, and the
 * session sweep catches everything on Ctrl-C or a crash of the bench.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { envWithMarker, killUntilGone, newMarker, pidsWithMarker } from './cleanup.mjs';
import { serveInstances } from './server-group.mjs';
import { drover } from './drover.mjs';
import { SupervisorInstance } from './instance.mjs';
import { getOnce } from './load.mjs';
import { sleep } from './stats.mjs';
import { which } from './apt.mjs';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const HELLO_APP = join(FIXTURES, 'hello.mjs');
export const HELLO_SERVER = join(FIXTURES, 'hello-server.mjs');
export const CLUSTER_SERVER = join(FIXTURES, 'cluster-server.mjs');
export const EXPECTED_BODY = 'hello world\n';

/** Outside the repository (its .gitignore is not ours to edit); kept between runs as a cache. */
export const PM2_TOOLS_DIR = '/tmp/drover-bench-tools';

const READY_TIMEOUT_MS = 30_000;

/**
 * @typedef {object} ServerHandle  A web server under test, started and ready to answer.
 * @property {string} label
 * @property {string[]} urls  one per port the load is split over
 * @property {() => Map<number, string>} roles  pid → master, worker, server, or what else the server started
 * @property {() => void} check  throws when the server lost a process
 * @property {() => Promise<{ leftovers: number, forced: boolean }>} stop
 */

/** A port nothing listens on right now (bound to 0 and released). */
/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Throws unless url answers 200 with the hello body, retrying until deadlineMs.
 * @param {string} url
 */
export async function verifyHello(url, deadlineMs = 5000) {
  const until = Date.now() + deadlineMs;
  let last;
  for (;;) {
    try {
      const r = await getOnce(url);
      if (r.status === 200 && r.body === EXPECTED_BODY) return;
      last = new Error(`GET ${url}: ${r.status} ${JSON.stringify(r.body.slice(0, 80))}`);
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw last;
    await sleep(100);
  }
}

const rolesOfMarked = (/** @type {string} */ marker, /** @type {string} */ label) => (/** @type {Map<number | null, string>} */ known) => {
  /** @type {Map<number, string>} */
  const roles = new Map();
  for (const pid of pidsWithMarker(marker)) roles.set(pid, known.get(pid) ?? label);
  return roles;
};

/**
 * drover with one prefork program `web`: the built-in runtime serving hello.mjs, or `worker`'s own options (a command).
 * @param {string} dir
 * @param {{ port: number, workers: number, worker?: Record<string, unknown> }} server
 */
export async function startDroverPrefork(dir, { port, workers, worker = { app: HELLO_APP } }) {
  const inst = drover.start(dir, [{ name: 'web', prefork: { bind: `127.0.0.1:${port}`, workers, ...worker } }]);
  const handle = {
    label: 'drover prefork',
    inst,
    urls: [`http://127.0.0.1:${port}/`],
    workerPids: () => [...inst.procs.values()].filter((p) => p.state === 'RUNNING').map((p) => /** @type {number} */ (p.pid)),
    roles: () => {
      /** @type {Map<number | null, string>} */
      const known = new Map([[inst.pid, 'master']]);
      for (const pid of handle.workerPids()) known.set(pid, 'worker');
      return rolesOfMarked(inst.marker, 'helper')(known);
    },
    check: () => {
      if (inst.exitInfo) throw new Error(`drover exited ${inst.context()}`);
      if (inst.running.size < workers) throw new Error(`drover: only ${inst.running.size}/${workers} workers RUNNING ${inst.context()}`);
    },
    stop: () => inst.stop(),
  };
  try {
    await inst.waitAllRunning(workers, READY_TIMEOUT_MS);
    await verifyHello(/** @type {string} */ (handle.urls[0]));
    return handle;
  } catch (err) {
    await inst.stop();
    throw err;
  }
}

/**
 * @param {{ label: string, script: string, env: NodeJS.ProcessEnv, readyLine: RegExp }} node
 */
function nodeInstance({ label, script, env, readyLine }) {
  return new SupervisorInstance({
    label,
    command: process.execPath,
    args: [script],
    cwd: FIXTURES,
    env,
    parseLine: (line) => (readyLine.test(line) ? { name: label, state: 'RUNNING' } : null),
    requestShutdown: async (self) => process.kill(self.pid, 'SIGTERM'),
  }).start();
}

/**
 * Node's cluster module: a primary (round-robin) and `workers` workers on one port.
 * @param {{ port: number, workers: number }} server
 * @returns {Promise<ServerHandle>}
 */
export async function startCluster({ port, workers }) {
  const inst = nodeInstance({ label: 'cluster', script: CLUSTER_SERVER, env: { PORT: String(port), HOST: '127.0.0.1', WORKERS: String(workers) }, readyLine: /^ready \d+/ });
  const handle = {
    label: 'node cluster (RR)',
    urls: [`http://127.0.0.1:${port}/`],
    roles: () => rolesOfMarked(inst.marker, 'worker')(new Map([[inst.pid, 'master']])),
    check: () => {
      if (inst.exitInfo) throw new Error(`cluster primary exited ${inst.context()}`);
    },
    stop: () => inst.stop(),
  };
  try {
    await inst.waitAllRunning(1, READY_TIMEOUT_MS);
    await verifyHello(/** @type {string} */ (handle.urls[0]));
    return handle;
  } catch (err) {
    await inst.stop();
    throw err;
  }
}

/**
 * `count` independent single Node processes, one port each (1 = "single", 2 = "limit").
 * @param {{ ports: number[], label: string }} server
 * @returns {Promise<ServerHandle>}
 */
export async function startSingles({ ports, label }) {
  const insts = ports.map((port, i) =>
    nodeInstance({ label: `${label}-${i + 1}`, script: HELLO_SERVER, env: { PORT: String(port), HOST: '127.0.0.1' }, readyLine: /^listening / }),
  );
  return serveInstances(
    insts,
    label,
    ports.map((port) => `http://127.0.0.1:${port}/`),
    verifyHello,
  );
}

/**
 * PM2's version from its package.json (`pm2 --version` would start a daemon in ~/.pm2).
 * @param {string} bin
 * @returns {string}
 */
function pm2VersionOf(bin) {
  try {
    let dir = dirname(realpathSync(bin));
    for (let i = 0; i < 4; i++, dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, 'utf8'));
        if (pkg.name === 'pm2') return pkg.version;
      }
    }
  } catch {
    // unknown
  }
  return 'unknown';
}

/**
 * { bin, version, installed } or { bin: null, reason }: pm2 on PATH, else the copy in
 * PM2_TOOLS_DIR, else `npm install --prefix PM2_TOOLS_DIR pm2@latest` (needs the registry).
 * @param {import('./types.mjs').Log} log
 * @returns {import('./types.mjs').Located}
 */
export function locatePm2(log) {
  const onPath = which('pm2');
  if (onPath) return { bin: onPath, version: pm2VersionOf(onPath), installed: false };
  const local = join(PM2_TOOLS_DIR, 'node_modules', '.bin', 'pm2');
  if (existsSync(local)) return { bin: local, version: pm2VersionOf(local), installed: false };
  log(`pm2 not found; running: npm install --prefix ${PM2_TOOLS_DIR} pm2@latest`);
  mkdirSync(PM2_TOOLS_DIR, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--prefix', PM2_TOOLS_DIR, '--no-audit', '--no-fund', 'pm2@latest'], { encoding: 'utf8', timeout: 300_000 });
  if (r.status === 0 && existsSync(local)) return { bin: local, version: pm2VersionOf(local), installed: true };
  const why = (r.error?.message || r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' / ');
  return { bin: null, reason: `pm2 is not on PATH and \`npm install --prefix ${PM2_TOOLS_DIR} pm2@latest\` failed (exit ${r.status}): ${why}` };
}

/**
 * @param {string} bin
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<{ code: number | string, stdout: string, stderr: string, error: Error | null }>}
 */
function run(bin, args, env, timeoutMs = 60_000) {
  return new Promise((resolve) => {
    execFile(bin, args, { env, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr, error: err });
    });
  });
}

/**
 * @typedef {{ pid?: number, pm2_env?: { status?: string, exec_mode?: string } }} Pm2App  an entry of `pm2 jlist`
 * @param {string} text
 * @returns {Pm2App[] | null}
 */
function parseJlist(text) {
  const start = text.indexOf('[');
  if (start < 0) return null;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return null;
  }
}

/**
 * PM2 in cluster mode: `pm2 start hello-server.mjs -i N` with a private PM2_HOME
 * (inside dir; the caller removes dir after stop()), ready once `pm2 jlist` shows N instances online and the port answers.
 * stop(): `pm2 kill` (apps and daemon), then a sweep of anything marked.
 * @param {string} dir
 * @param {{ bin: string, port: number, instances: number }} server
 */
export async function startPm2(dir, { bin, port, instances }) {
  const home = join(dir, 'pm2-home');
  mkdirSync(home, { recursive: true });
  const marker = newMarker();
  const env = envWithMarker(marker, { PM2_HOME: home, PORT: String(port), HOST: '127.0.0.1' });
  /** @type {Promise<{ leftovers: number, forced: boolean }> | null} */
  let stopped = null;
  const stop = () => {
    stopped ??= (async () => {
      const r = await run(bin, ['kill'], env, 30_000);
      await sleep(50);
      const leftovers = killUntilGone(() => pidsWithMarker(marker));
      return { leftovers, forced: r.code !== 0 };
    })();
    return stopped;
  };
  const apps = async () => {
    const r = await run(bin, ['jlist'], env, 30_000);
    return parseJlist(r.stdout) ?? [];
  };
  const daemonPid = () => {
    try {
      return Number(readFileSync(join(home, 'pm2.pid'), 'utf8').trim());
    } catch {
      return null;
    }
  };
  /** @type {number[]} */
  let appPids = [];
  const handle = {
    label: 'pm2 cluster',
    urls: [`http://127.0.0.1:${port}/`],
    /** Runs `pm2 ARGS` against this instance's daemon (its PM2_HOME): { code, stdout, stderr }. */
    pm2: (/** @type {string[]} */ args) => run(bin, args, env, 60_000),
    /** The pids of the app's instances that pm2 reports online. */
    onlinePids: async () => (await apps()).filter((a) => a.pm2_env?.status === 'online' && a.pid).map((a) => /** @type {number} */ (a.pid)),
    roles: () => {
      /** @type {Map<number | null, string>} */
      const known = new Map([[daemonPid(), 'master']]);
      for (const pid of appPids) known.set(pid, 'worker');
      return rolesOfMarked(marker, 'pm2 other')(known);
    },
    check: () => {
      for (const pid of [daemonPid(), ...appPids]) {
        try {
          process.kill(/** @type {number} */ (pid), 0);
        } catch {
          throw new Error(`pm2: process ${pid} is gone`);
        }
      }
    },
    stop,
  };
  try {
    const started = await run(bin, ['start', HELLO_SERVER, '-i', String(instances), '--name', 'hello'], env);
    if (started.code !== 0) throw new Error(`pm2 start failed (${started.code}): ${(started.stderr || started.stdout).trim().split('\n').slice(-5).join(' / ')}`);
    const until = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const list = await apps();
      const online = list.filter((a) => a.pm2_env?.status === 'online' && a.pid);
      if (online.length >= instances) {
        appPids = online.map((a) => /** @type {number} */ (a.pid));
        if (online.some((a) => a.pm2_env?.exec_mode !== 'cluster_mode')) throw new Error('pm2 did not start the app in cluster mode');
        break;
      }
      if (Date.now() > until) throw new Error(`pm2: ${online.length}/${instances} instances online after ${READY_TIMEOUT_MS} ms`);
      await sleep(200);
    }
    await verifyHello(/** @type {string} */ (handle.urls[0]));
    return handle;
  } catch (err) {
    await stop();
    throw err;
  }
}
