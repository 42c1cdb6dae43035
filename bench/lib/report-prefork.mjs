/** The prefork scenarios' tables, lines and notes: throughput against the other servers, and reloads under load. */
import { cell, num } from './report-cells.mjs';
import { summarize } from './stats.mjs';

export const PEERS = ['plainFd', 'cluster', 'pm2', 'single', 'limit', 'limitUnpaired'];
// results.scenarios.prefork.throughput: keep-alive load (the targets); throughputClose: a new connection per request.
/** @type {('throughput' | 'throughputClose')[]} */
export const PREFORK_SLOTS = ['throughput', 'throughputClose'];
export const loaderText = (/** @type {import('./results-types.mjs').PreforkThroughput} */ t) => t.loader ?? `autocannon, keep-alive, pipelining 1`;
/** @type {Record<string, string>} */
export const PEER_SHORT = { plainFd: 'plain on fd', cluster: 'cluster', pm2: 'pm2', single: 'single', limit: 'limit', limitUnpaired: 'limit, unpaired' };
const runsOf = (/** @type {import('./results-types.mjs').PreforkThroughput | undefined} */ t, /** @type {string} */ key) => t?.servers?.[key]?.runs ?? [];
export const reqPerSec = (/** @type {import('./results-types.mjs').PreforkThroughput} */ t, /** @type {string} */ key) => runsOf(t, key).map((r) => r.reqPerSec);
const badOf = (/** @type {{ errors?: number, timeouts?: number, non2xx?: number }} */ r) => (r.errors ?? 0) + (r.timeouts ?? 0) + (r.non2xx ?? 0);

/** The prefork targets of the issue, as ratios of median req/s (drover ÷ peer). */
export const PREFORK_TARGETS = [
  { key: 'cluster', min: 1.15, text: '≥ 1.15 (drover ≥ 1.15 × node cluster RR)' },
  { key: 'pm2', min: 1.0, text: '≥ 1.00 (drover ≥ PM2 cluster mode)' },
  { key: 'limit', min: 0.9, text: '≥ 0.90 (drover within 10 % of the limit)' },
];
export const RELOAD_BUDGET_MS = 2000;

/**
 * @param {import('./results-types.mjs').Results} results
 * @param {'throughput' | 'throughputClose'} [slot]
 */
export function preforkSummary(results, slot = 'throughput') {
  const t = results.scenarios.prefork?.[slot];
  if (!t) return null;
  const med = (/** @type {(number | null | undefined)[]} */ xs) => summarize(xs)?.median ?? null;
  const d = med(reqPerSec(t, 'drover'));
  const servers = Object.entries(t.servers).map(([key, s]) => {
    const runs = s.runs;
    const m = med(runs.map((r) => r.reqPerSec));
    // Ratio per round (the same round of drover and this server, run minutes apart at most).
    const droverRuns = runsOf(t, 'drover');
    const perRound = runs.map((r) => {
      const dr = droverRuns.find((x) => x.round === r.round);
      return dr ? dr.reqPerSec / r.reqPerSec : null;
    });
    return {
      key,
      label: s.label,
      skipped: t.skipped?.[key] ?? null,
      n: runs.length,
      reqPerSec: summarize(runs.map((r) => r.reqPerSec)),
      droverOver: key === 'drover' || m === null || d === null ? null : d / m,
      droverOverPerRound: key === 'drover' ? [] : perRound,
      p50: med(runs.map((r) => r.latencyMs.p50)),
      p99: med(runs.map((r) => r.latencyMs.p99)),
      bad: runs.reduce((a, r) => a + badOf(r), 0),
      errors: runs.reduce((a, r) => a + r.errors, 0),
      timeouts: runs.reduce((a, r) => a + r.timeouts, 0),
      non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
      errorCodes: runs.reduce((/** @type {Record<string, number>} */ acc, r) => {
        for (const [k, v] of Object.entries(r.errorCodes ?? {})) acc[k] = (acc[k] ?? 0) + v;
        return acc;
      }, {}),
      serverCpu: med(runs.map((r) => r.serverCpuPercent)),
      cpuUsPerReq: med(runs.map((r) => r.serverCpuUsPerRequest)),
      masterCpu: med(runs.map((r) => r.masterCpuPercent)),
      workerCpu: medianWorkers(runs),
      loadgenCpu: med(runs.map((r) => r.loadgenCpuPercent)),
      machineBusy: med(runs.map((r) => r.machineBusyPercent)),
      others: med(runs.map((r) => r.othersCpuPercent)),
      connectionsPerWorker: runs.map((r) => r.connectionsPerWorker),
    };
  });
  return { t, servers, drover: d };
}

/**
 * Median CPU per worker slot, the workers of each run sorted busiest first (shows an uneven split).
 * @param {import('../scenarios/prefork-throughput.mjs').PreforkRun[]} runs
 */
function medianWorkers(runs) {
  const sorted = runs.map((r) => /** @type {number[]} */ ([...(r.workerCpuPercents ?? [])].filter((x) => x !== null)).sort((a, b) => b - a));
  const slots = Math.max(0, ...sorted.map((x) => x.length));
  return Array.from({ length: slots }, (_, i) => summarize(sorted.map((x) => x[i]).filter((x) => x !== undefined))?.median ?? null);
}

/** @param {import('./results-types.mjs').Results} results */
export function reloadSummary(results) {
  const x = results.scenarios.prefork?.reload;
  if (!x) return null;
  const reload = summarize(x.reloadMs);
  const workerStart = summarize(x.workerStartMs?.reload ?? []);
  const startSum = summarize(x.reloadWorkerStartSumMs ?? []);
  const overhead = summarize((x.reloadMs ?? []).map((ms, i) => ms - (x.reloadWorkerStartSumMs?.[i] ?? NaN)));
  const scaleStart = summarize(x.workerStartMs?.scale ?? []);
  const scale = summarize(x.scaleMs);
  const bad = x.reloadLoad ? badOf(x.reloadLoad) : null;
  const scaleBad = x.scaleLoad ? badOf(x.scaleLoad) : null;
  const pm2 = results.scenarios.prefork?.pm2Reload ?? null;
  const pm2Bad = pm2?.reloadLoad ? badOf(pm2.reloadLoad) : null;
  return { x, reload, workerStart, startSum, overhead, scaleStart, scale, bad, scaleBad, pm2, pm2Bad };
}

export const PREFORK_HEADER = [
  'server',
  'req/s median [min–max] (n)',
  'drover ÷ this',
  'p50 ms',
  'p99 ms',
  'errors / timeouts / non-2xx',
  'server CPU %',
  'master CPU %',
  'workers CPU %',
  'server CPU µs / request',
  'load generator CPU %',
  'machine busy %',
  'others CPU %',
  'connections per worker, each round',
];

/**
 * @param {NonNullable<ReturnType<typeof preforkSummary>>} ps
 */
export function preforkCells(ps) {
  return ps.servers.map((s) => {
    if (s.skipped && !s.n) return [s.label, `skipped: ${s.skipped}`, ...PREFORK_HEADER.slice(2).map(() => '')];
    const codes = Object.entries(s.errorCodes)
      .map(([k, v]) => `${k}×${v}`)
      .join(', ');
    const perRound = s.droverOverPerRound.filter((x) => x !== null);
    return [
      s.label,
      cell(s.reqPerSec, 0),
      s.key === 'drover' ? '—' : `${num(s.droverOver, 2)}${perRound.length > 1 ? ` (rounds: ${perRound.map((x) => num(x, 2)).join(', ')})` : ''}`,
      num(s.p50, 0),
      num(s.p99, 0),
      `${s.errors} / ${s.timeouts} / ${s.non2xx}${codes ? ` (${codes})` : ''}`,
      num(s.serverCpu, 0),
      num(s.masterCpu, 0),
      s.workerCpu.map((x) => num(x, 0)).join(' / '),
      num(s.cpuUsPerReq, 1),
      num(s.loadgenCpu, 0),
      num(s.machineBusy, 0),
      num(s.others, 0),
      s.connectionsPerWorker.map((c) => (c ? [...c].sort((a, b) => b - a).join('/') : 'n/a')).join('; '),
    ];
  });
}

/**
 * @param {ReturnType<typeof reloadSummary>} rs
 */
export function reloadLines(rs) {
  if (!rs) return [];
  const x = rs.x;
  const l = x.reloadLoad;
  const out = [];
  out.push(
    `ctl reload of ${x.workers} workers (app: the same hello.mjs), under ${x.connections} connections of load: ${cell(rs.reload, 0)} ms from spawning \`drover ctl reload web\` to its exit.`,
  );
  out.push(
    `A worker's own start (drover's STARTING → RUNNING timestamps, i.e. spawn → ready), during those reloads: ${cell(rs.workerStart, 0)} ms each; summed over the ${x.workers} new workers of a reload (they start one after the other): ${cell(rs.startSum, 0)} ms; the rest of a reload (ctl client start, API, stopping the old workers, …): ${cell(rs.overhead, 0)} ms.`,
  );
  out.push(`ctl scale web +1 under the same load: ${cell(rs.scale, 0)} ms from spawn to exit (the worker's own start in it: ${cell(rs.scaleStart, 0)} ms).`);
  if (l) {
    const codes = Object.entries(l.errorCodes ?? {})
      .map(([k, v]) => `${k}×${v}`)
      .join(', ');
    out.push(
      `Load during the reloads: ${l.totalRequests} answers at ${num(l.reqPerSec, 0)} req/s, errors ${l.errors}${codes ? ` (${codes})` : ''}, timeouts ${l.timeouts}, non-2xx ${l.non2xx}; latency p50 ${num(l.latencyMs.p50, 0)} ms, p99 ${num(l.latencyMs.p99, 0)} ms, max ${num(l.latencyMs.max, 0)} ms.`,
    );
  }
  const sl = x.scaleLoad;
  if (sl) out.push(`Load during the scaling (+1, then -1, ${x.scaleReps}×): ${sl.totalRequests} answers, errors ${sl.errors}, timeouts ${sl.timeouts}, non-2xx ${sl.non2xx}.`);
  const p = rs.pm2;
  if (p?.reloadLoad) {
    const pl = p.reloadLoad;
    const codes = Object.entries(pl.errorCodes ?? {})
      .map(([k, v]) => `${k}×${v}`)
      .join(', ');
    out.push(
      `PM2, the same app in cluster mode with ${p.workers} instances under the same load, \`pm2 reload hello\` ${p.reps}×: ${cell(summarize(p.reloadMs), 0)} ms from spawn to exit; load during its reloads: ${pl.totalRequests} answers, errors ${pl.errors}${codes ? ` (${codes})` : ''}, timeouts ${pl.timeouts}, non-2xx ${pl.non2xx}.`,
    );
  }
  return out;
}

/**
 * Why the limit is also run on one port. The figures are not this run's but those of the A/B that found the pairing,
 * fixed here so the reason stays next to the row whatever a run measures.
 */
const UNPAIRED_NOTE = (/** @type {number} */ workers) =>
  ` The limit, unpaired, is the same ${workers} independent processes loaded as drover is (bench/fixtures/fd-server.mjs, each with its own SO_REUSEPORT listening socket on one port, made by bench/fixtures/reuseport-exec.py and inherited as fd 3; one URL, so every load thread reaches every process), because wrk gives each of its threads one of the limit's ports, so each thread talks to one server and the pair can share a core: in an interleaved A/B of plain Node servers on this 2-core machine (wrk -t2 -c50, issue 21's fifth round), taking the pairing away alone took two independent processes to 0.84–0.86× the paired limit, the same as one shared socket (0.81–0.86×, as drover's workers share), while a paired thread and its server pinned to different cores lost 35–45 %, so the issue's "≥ 0.9× the limit" asks for a pairing that no shared port gets.`;

/** The prefork and reload notes, in the order RESULTS.md gives them. */
export function preforkNotes(/** @type {import('./results-types.mjs').Results} */ results) {
  /** @type {string[]} */
  const n = [];
  const ps = preforkSummary(results);
  if (ps) {
    const t = ps.t;
    // Figures carried over from an earlier run name the PM2 of that run.
    const prefork = results.meta.carriedOver?.scenarios.includes('prefork') ? { pm2: results.meta.carriedOver.pm2, pm2Skipped: 'not recorded' } : results.meta;
    n.push(
      `Prefork: every server runs ${t.workers} Node processes serving the same listener (bench/fixtures/hello.mjs) on 127.0.0.1, on a free port: drover's prefork core (\`type: prefork\`, \`app:\`, started with \`node dist/cli/main.js -c FILE\`, ready when both workers are RUNNING); the same drover prefork program with a plain \`http.createServer\` listening on the inherited fd 3 as its workers (bench/fixtures/fd-server.mjs, a \`command:\` worker ready on its \`listening on fd 3\` line), the yardstick of what the built-in runtime adds per request; Node's cluster module with \`cluster.schedulingPolicy = SCHED_RR\` (bench/fixtures/cluster-server.mjs); PM2 in cluster mode (\`pm2 start bench/fixtures/hello-server.mjs -i ${t.workers}\`, a private PM2_HOME, \`pm2 kill\` after each run; ${prefork.pm2 ? `pm2 ${prefork.pm2}` : `skipped: ${prefork.pm2Skipped}`}); one Node process (hello-server.mjs); and the limit: ${t.workers} hello-server.mjs processes on ${t.workers} ports, loaded at the same time with ${Math.floor(t.connections / t.workers)} connections each (autocannon: one instance per port; wrk: its threads split between the ports), req/s summed.${t.servers.limitUnpaired ? UNPAIRED_NOTE(t.workers) : ''}`,
    );
    n.push(
      `Load: ${loaderText(t)}, ${t.connections} connections. ${String(t.loader ?? 'autocannon').startsWith('wrk') ? "req/s is wrk's requests ÷ its duration; latency percentiles are wrk's; its CPU is the shell's cutime+cstime after waiting for it. wrk runs again with `Connection: close` on every request (second table): each request then pays for a new connection, the part of the path where the servers differ (drover's workers accept it themselves; the cluster primary accepts it and passes it to a worker)." : "req/s is autocannon's requests.average (the mean of its per-second samples); latency percentiles are autocannon's, in whole milliseconds (0 = under 1 ms)."} Each server is started fresh for each run, checked with one GET, warmed up for ${t.warmupS} s with the same load (dropped), measured for ${t.durationS} s and stopped; the order is ${Object.keys(t.servers).join(', ')} in every round. The load generator runs on the same ${results.meta.nproc} cores as the servers, the same for every server; its CPU (the bench process, process.cpuUsage) and the servers' (utime+stime of every process the server started, from /proc) are in the table, with the CPU the server's processes spent per answer (µs; what the server costs, whatever the load generator's speed) and the whole machine's busy time (/proc/stat, % of all cores); "others CPU %" is the machine's busy time that neither the server nor the load generator spent (% of one core): other processes on the same kernel, including ones in other containers that the bench cannot see, and kernel work not charged to a process. Before each warm-up the bench waits (up to 20 s) for a 1 s window with the machine at most 15 % busy. "workers CPU %" lists the workers busiest first (median per slot over the rounds). "connections per worker" is each worker's open sockets halfway through the timed window minus its sockets before any load, busiest first, one group per round: how the ${t.connections} keep-alive connections were spread.`,
    );
    const measured = ps.servers.filter((x) => x.n);
    const range = (/** @type {'machineBusy' | 'loadgenCpu' | 'serverCpu' | 'others'} */ key) => {
      const xs = /** @type {number[]} */ (measured.map((x) => x[key]).filter((x) => x !== null && x !== undefined));
      if (!xs.length) return 'n/a';
      const [lo, hi] = [num(Math.min(...xs), 0), num(Math.max(...xs), 0)];
      return lo === hi ? `${lo} %` : `${lo}–${hi} %`;
    };
    const single = measured.find((x) => x.key === 'single');
    const limit = measured.find((x) => x.key === 'limit');
    const busy = /** @type {number[]} */ (measured.map((x) => x.machineBusy).filter((x) => x !== null));
    if (busy.length) {
      const saturated = Math.min(...busy) >= 85;
      const limitReq = limit?.reqPerSec;
      const singleReq = single?.reqPerSec;
      const gain = singleReq && limitReq ? limitReq.median / singleReq.median : null;
      n.push(
        `Bottleneck check: during the timed windows the machine was ${range('machineBusy')} busy (all ${results.meta.nproc} cores; medians per server), the load generator took ${range('loadgenCpu')} of one core, the servers ${range('serverCpu')}, and others ${range('others')}. ` +
          (saturated
            ? `The cores were saturated: the CPU the load generator uses is taken from the servers, so this measures how well each server shares ${results.meta.nproc} cores with its load generator, not how far it scales. `
            : 'The cores were not saturated. ') +
          (gain !== null
            ? `Single vs limit: ${num(limitReq?.median, 0)} req/s from ${t.workers} independent processes against ${num(singleReq?.median, 0)} from one (${num(gain, 2)}×)${gain < 1.1 ? `: a second server process buys nothing here, because one server process and the load generator already fill the ${results.meta.nproc} cores (one each), and a third busy process only adds context switches. The issue's "limit" assumes a load generator that does not compete for the same cores` : ''}. `
            : '') +
          'The "server CPU µs / request" column compares what each server costs per answer regardless of that ceiling.',
      );
    }
    const busiestShare = (/** @type {{ connectionsPerWorker: (number[] | null)[] }} */ x) =>
      /** @type {number[][]} */ (x.connectionsPerWorker.filter((c) => c && c.length > 1)).map(
        (c) =>
          Math.max(...c) /
          Math.max(
            1,
            c.reduce((a, b) => a + b, 0),
          ),
      );
    const spread = measured
      .filter((x) => x.key !== 'single' && busiestShare(x).length)
      .map((x) => {
        const shares = busiestShare(x);
        return `${x.label} ${num(Math.min(...shares) * 100, 0)}–${num(Math.max(...shares) * 100, 0)} %`;
      });
    if (spread.length)
      n.push(
        `Spread of the keep-alive connections: the busiest worker's share of them (an even split is ${num(100 / t.workers, 0)} %), lowest–highest over the rounds: ${spread.join('; ')}. drover's workers all accept on one shared socket, so a connection goes to whichever worker's accept gets it first; the cluster module's round-robin primary (also under PM2) deals them out in turn. With keep-alive a connection stays with its worker, so an uneven split lasts the whole run.`,
      );
  }
  const rs = reloadSummary(results);
  if (rs) {
    const x = rs.x;
    n.push(
      `Reload: drover with one prefork program of ${x.workers} workers (the same hello.mjs), loaded by autocannon with ${x.connections} connections from 1 s before the first reload until after the last; each \`node dist/cli/main.js ctl --socket SOCK reload web\` is timed from spawn() to its exit (so it includes the ctl client's own Node start: ~125 ms idle on this machine, more under load), then the bench waits until ${x.workers} workers are RUNNING, all with new pids, and 1 s more. A worker's own start is drover's STARTING → RUNNING timestamps of each new worker (spawn → ready notification of the built-in runtime). Then \`ctl scale web +1\` (timed the same way) and \`-1\` (untimed), ${x.scaleReps}×, under a fresh load of ${x.connections} connections. The load generator runs in the bench process, on the same cores, during both.`,
    );
    if (rs.reload && rs.workerStart) {
      const strict = 2000 + rs.workerStart.median;
      n.push(
        `Reload target reading: "< 2 s + the workers' own start time". The workers are replaced one at a time, so the table reads it as 2 s + the sum of the ${x.workers} new workers' starts (median ${num(rs.startSum?.median, 0)} ms); what a reload adds beyond its workers' own starts is ${num(rs.overhead?.median, 0)} ms (median). Read strictly as 2 s + one worker's start (${num(strict, 0)} ms), the median reload of ${num(rs.reload.median, 0)} ms ${rs.reload.median < strict ? 'meets it too' : 'does not meet it'}.`,
      );
    }
  }
  return n;
}
