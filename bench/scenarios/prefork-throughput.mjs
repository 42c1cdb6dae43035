/**
 * The prefork web core under HTTP load, against the usual ways of running a
 * Node web app on several cores, all serving the same hello-world listener
 * (bench/fixtures/hello.mjs) on 127.0.0.1 with 2 processes:
 *
 *   drover   drover's prefork core: the master binds once, 2 workers of its
 *            built-in runtime accept on the shared socket
 *   plainFd  the same drover prefork program, but its workers are a plain
 *            http.createServer listening on the inherited fd 3
 *            (bench/fixtures/fd-server.mjs): the runtime's yardstick
 *   cluster  Node's cluster module, round-robin (the primary accepts and hands
 *            each connection to a worker)
 *   pm2      PM2 in cluster mode (`pm2 start hello-server.mjs -i 2`; Node's
 *            cluster module underneath, in PM2's daemon)
 *   single   one Node process, for reference
 *   limit    two independent Node processes on two ports, loaded at once with
 *            half the connections each: what 2 processes can do with no
 *            sharing at all
 *   limitUnpaired  the same two independent processes, each with its own
 *            SO_REUSEPORT socket on ONE port (lib/reuseport-pair.mjs), loaded
 *            on one URL as drover is: the limit without wrk's pairing of each
 *            thread with one server, which a shared port cannot get
 *
 * Throughput: rounds of drover, plainFd, cluster, pm2, single, limit, limitUnpaired (interleaved so
 * machine drift hits all); each run starts the server fresh, checks one
 * answer, warms it up with the same load (dropped), then loads it with
 * autocannon (lib/load.mjs: keep-alive, pipelining 1) and stops it. Also
 * measured over the timed window: the CPU of the server's processes
 * (/proc/PID/stat; by role: master, workers) and of the load generator (the
 * bench process, process.cpuUsage).
 *
 * The reloads under load are scenarios/prefork-reload.mjs.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { autocannonVersion, load } from '../lib/load.mjs';
import { fmt, fmtCodes } from '../lib/progress-format.mjs';
import { reuseportPairSkip, startReuseportPair } from '../lib/reuseport-pair.mjs';
import { cpuByPid, machineMeter, socketsOf, waitQuiet } from '../lib/server-meters.mjs';
import { sleep } from '../lib/stats.mjs';
import { FIXTURES, freePort, startCluster, startDroverPrefork, startPm2, startSingles } from '../lib/web-servers.mjs';
import { wrkLoad } from '../lib/wrk.mjs';

export const SERVER_KEYS = ['drover', 'plainFd', 'cluster', 'pm2', 'single', 'limit', 'limitUnpaired'];
// The plain server drover's built-in runtime is held against: the same hello.mjs on the same inherited socket.
const FD_SERVER = join(FIXTURES, 'fd-server.mjs');

/**
 * One timed run of one server: the load's summary, and what the server and the machine spent meanwhile.
 * @typedef {import('../lib/types.mjs').LoadSummary & {
 *   round: number, serverCpuPercent: number, serverCpuUsPerRequest: number | null, masterCpuPercent: number, workerCpuPercents: (number | null)[],
 *   helperCpuPercent: number, machineBusyPercent: number | null, othersCpuPercent: number | null, connectionsPerWorker: number[] | null,
 * }} PreforkRun
 */

/**
 * @typedef {{ key: string, label: string, skip?: string | null, start: (dir: string) => Promise<import('../lib/web-servers.mjs').ServerHandle> }} ServerDef
 * @param {{ workers: number, pm2: import('../lib/types.mjs').Located | null }} options
 * @returns {ServerDef[]}
 */
function serverDefs({ workers, pm2 }) {
  return [
    { key: 'drover', label: 'drover prefork', start: async (dir) => startDroverPrefork(dir, { port: await freePort(), workers }) },
    {
      key: 'plainFd',
      label: 'plain http.createServer on the inherited fd, under drover prefork',
      start: async (dir) =>
        startDroverPrefork(dir, { port: await freePort(), workers, worker: { command: `${process.execPath} ${FD_SERVER}`, ready_when: { log: 'listening on fd 3' } } }),
    },
    { key: 'cluster', label: 'node cluster (SCHED_RR)', start: async () => startCluster({ port: await freePort(), workers }) },
    {
      key: 'pm2',
      label: `pm2 cluster mode${pm2?.version ? ` (pm2 ${pm2.version})` : ''}`,
      skip: pm2?.bin ? null : (pm2?.reason ?? 'pm2 not available'),
      start: async (dir) =>
        startPm2(dir, {
          bin: /** @type {string} */ (pm2?.bin), // only when not skipped
          port: await freePort(),
          instances: workers,
        }),
    },
    { key: 'single', label: 'single node process', start: async () => startSingles({ ports: [await freePort()], label: 'single' }) },
    {
      key: 'limit',
      label: `limit: ${workers} independent node processes, ${workers} ports`,
      start: async () => {
        /** @type {number[]} */
        const ports = [];
        while (ports.length < workers) {
          const p = await freePort();
          if (!ports.includes(p)) ports.push(p);
        }
        return startSingles({ ports, label: 'limit' });
      },
    },
    {
      key: 'limitUnpaired',
      label: `limit, unpaired: ${workers} independent node processes on one port (SO_REUSEPORT), every load thread reaching ${workers === 2 ? 'both' : 'all'}`,
      skip: reuseportPairSkip(),
      start: async () => startReuseportPair({ port: await freePort(), count: workers, label: 'limit-unpaired' }),
    },
  ];
}

/**
 * How the throughput runs are loaded: { shape: 'keep-alive' | 'close', describe: text for the report,
 * run({ urls, connections, durationS }) → the summary of lib/load.mjs }.
 * @typedef {{ shape: 'keep-alive' | 'close', describe: string, run: (opts: { urls: string[], connections: number, durationS: number }) => Promise<import('../lib/types.mjs').LoadSummary> }} Loader
 * @type {Loader}
 */
export const autocannonLoader = {
  shape: 'keep-alive',
  describe: `autocannon ${autocannonVersion()} in the bench process (one thread), keep-alive, pipelining 1`,
  run: (opts) => load(opts),
};

/**
 * wrk with `threads` threads (lib/wrk.mjs); closeEach: a new connection for every request.
 * @param {{ bin: string, threads?: number, closeEach?: boolean }} options
 * @returns {Loader}
 */
export function wrkLoader({ bin, threads = 2, closeEach = false }) {
  return {
    shape: closeEach ? 'close' : 'keep-alive',
    describe: `wrk -t${threads} (its own process)${closeEach ? ', `Connection: close` on every request (a new connection per request)' : ', keep-alive'}`,
    run: (opts) => wrkLoad({ bin, threads, closeEach, ...opts }),
  };
}

/**
 * Returns { rounds, durationS, warmupS, connections, workers, loader, shape, servers: { key: { label, runs: [...] } },
 *   skipped: { key: reason }, failures: [{ server, round, error }], stops: [{ leftovers, forced }] }.
 * @param {import('../lib/types.mjs').RunnerOptions & { rounds: number, durationS: number, warmupS: number, connections: number, workers: number, pm2: import('../lib/types.mjs').Located | null, loader?: Loader, nproc?: number, gapMs?: number }} options
 */
export async function preforkThroughput({
  dirFor,
  rounds,
  durationS,
  warmupS,
  connections,
  workers,
  pm2,
  loader = autocannonLoader,
  nproc = availableParallelism(),
  gapMs = 1000,
  log = () => {},
}) {
  const defs = serverDefs({ workers, pm2 });
  /**
   * @type {{ rounds: number, durationS: number, warmupS: number, connections: number, workers: number, pipelining: number, loader: string, shape: string,
   *   servers: Record<string, { label: string, runs: PreforkRun[] }>, skipped: Record<string, string>, failures: { server: string, round: number, error: string }[],
   *   stops: { leftovers: number, forced: boolean }[] }}
   */
  const result = {
    rounds,
    durationS,
    warmupS,
    connections,
    workers,
    pipelining: 1,
    loader: loader.describe,
    shape: loader.shape,
    servers: {},
    skipped: {},
    failures: [],
    stops: [],
  };
  for (const d of defs) {
    result.servers[d.key] = { label: d.label, runs: [] };
    if (d.skip) result.skipped[d.key] = d.skip;
  }
  for (let round = 0; round < rounds; round++) {
    for (const d of defs) {
      if (result.skipped[d.key]) continue;
      const dir = dirFor(`prefork-${d.key}`);
      /** @type {import('../lib/web-servers.mjs').ServerHandle | null} */
      let handle = null;
      try {
        handle = await d.start(dir);
        const roles = handle.roles();
        const servingPids = [...roles].filter(([, role]) => role === 'worker' || role === 'server').map(([pid]) => pid);
        const socketsBefore = socketsOf(servingPids);
        const quiet = await waitQuiet();
        if (!quiet.quiet)
          log(
            `prefork round ${round + 1}/${rounds}: ${d.key}: the machine did not get quiet (${fmt(quiet.lastBusyPercent)} % busy after ${fmt(quiet.waitedMs / 1000)} s); measuring anyway`,
          );
        const warm = await loader.run({ urls: handle.urls, connections, durationS: warmupS });
        handle.check();
        const meter = cpuByPid(handle.roles());
        const machine = machineMeter();
        // Halfway through, how many of the load's connections each worker holds (sockets now − before any load).
        /** @type {number[] | null} */
        let connectionsPerWorker = null;
        const probe = setTimeout(
          () => {
            const now = socketsOf(servingPids);
            connectionsPerWorker = servingPids.filter((pid) => now.has(pid)).map((pid) => (now.get(pid) ?? 0) - (socketsBefore.get(pid) ?? 0));
          },
          (durationS * 1000) / 2,
        );
        const r = await loader.run({ urls: handle.urls, connections, durationS });
        clearTimeout(probe);
        const cpu = meter();
        const m = machine();
        handle.check();
        const run = {
          round: round + 1,
          ...r,
          serverCpuPercent: cpu.totalPercent,
          // CPU the server's processes spent per answer: independent of how fast the load generator could ask.
          serverCpuUsPerRequest: r.reqPerSec > 0 ? ((cpu.totalPercent / 100) * 1e6) / r.reqPerSec : null,
          masterCpuPercent: cpu.masterPercent,
          workerCpuPercents: cpu.workerPercents,
          helperCpuPercent: cpu.helperPercent, // the server's processes that are neither master nor worker (drover-spawner helpers, PM2's other processes)
          machineBusyPercent: m?.busyPercent ?? null,
          // Machine busy time not spent by the server or the load generator (other processes, other containers, the kernel), % of one core.
          othersCpuPercent: m ? (m.busyPercent / 100) * nproc * 100 - cpu.totalPercent - r.loadgenCpuPercent : null,
          quietBefore: quiet,
          machineStealTicks: m?.stealTicks ?? null,
          connectionsPerWorker,
          processes: cpu.processes,
          warmup: { reqPerSec: warm.reqPerSec, errors: warm.errors, timeouts: warm.timeouts, non2xx: warm.non2xx, errorCodes: warm.errorCodes },
        };
        result.servers[d.key]?.runs.push(run);
        const bad = r.errors + r.timeouts + r.non2xx;
        log(
          `prefork ${loader.shape} round ${round + 1}/${rounds}: ${d.key.padEnd(7)} ${fmt(r.reqPerSec)} req/s, p50 ${fmt(r.latencyMs.p50)} ms, p99 ${fmt(r.latencyMs.p99)} ms, ` +
            `errors ${r.errors}, timeouts ${r.timeouts}, non2xx ${r.non2xx}${bad ? ` (${fmtCodes(r.errorCodes)})` : ''}; ` +
            `CPU: server ${fmt(cpu.totalPercent)} % (master ${fmt(cpu.masterPercent)} %, workers ${cpu.workerPercents.map((x) => fmt(x)).join('/')} %), load generator ${fmt(r.loadgenCpuPercent)} %, machine ${fmt(m?.busyPercent)} % busy (others ${fmt(m ? (m.busyPercent / 100) * nproc * 100 - cpu.totalPercent - r.loadgenCpuPercent : null)} % of a core); ` +
            `connections per worker ${/** @type {number[] | null} */ (connectionsPerWorker)?.join('/') ?? 'n/a'}`,
        );
      } catch (err) {
        const error = /** @type {Error} */ (err);
        const message = String(error?.message ?? err).split('\n')[0] ?? '';
        log(`prefork round ${round + 1}/${rounds}: ${d.key} FAILED: ${error?.stack ?? err}`);
        result.failures.push({ server: d.key, round: round + 1, error: message });
      } finally {
        if (handle) result.stops.push(await handle.stop());
        rmSync(dir, { recursive: true, force: true });
      }
      await sleep(gapMs);
    }
  }
  return result;
}
