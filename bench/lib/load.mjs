/**
 * HTTP load from autocannon's programmatic API, run inside the bench process
 * (one thread, the same for every server). One or more targets are loaded at
 * once with the connections split between them (the "limit" server is two
 * processes on two ports: two autocannon instances, half the connections
 * each, sharing the one load-generator thread as a single instance would).
 *
 * Per target, req/s is autocannon's `requests.average` (the mean of its
 * per-second samples over the run); the targets' rates are summed. Latency
 * percentiles are autocannon's (whole milliseconds); with several targets the
 * worst target's p50 / p99 is reported (autocannon.aggregateResult would merge
 * the histograms, but in 9.0.0 it drops the req/s histogram and shares
 * status-code objects between results, so it is not used). Errors are counted
 * per error code.
 */
import { createRequire } from 'node:module';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

const require = createRequire(import.meta.url);

export function autocannonVersion() {
  try {
    return require('autocannon/package.json').version;
  } catch {
    return 'unknown';
  }
}

/**
 * Splits n connections over k targets as evenly as possible (25 + 25, or 26 + 25).
 * @param {number} n
 * @param {number} k
 */
function split(n, k) {
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

/**
 * @param {import('autocannon').Options} opts
 * @param {Record<string, number>} errorCodes  counted per error code, across targets
 * @param {(() => void) | undefined} onFailure  called at each error, timeout or non-2xx answer, as it happens
 */
function runOne(opts, errorCodes, onFailure) {
  /** @type {import('autocannon').Instance | undefined} */
  let instance;
  /** @type {Promise<import('autocannon').Result>} */
  const done = new Promise((resolve, reject) => {
    const started = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    instance = started;
    started.on('reqError', (/** @type {{ code?: string, message?: string } | undefined} */ err) => {
      const code = err?.code ?? err?.message ?? String(err);
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
      onFailure?.();
    });
    // Only with a listener: a 'response' handler runs for every answer, in the load generator's one thread.
    if (onFailure)
      started.on('response', (/** @type {unknown} */ _client, /** @type {number} */ statusCode) => {
        if (statusCode < 200 || statusCode > 299) onFailure();
      });
  });
  return { instance: /** @type {import('autocannon').Instance} */ (instance), done };
}

/**
 * Starts loading urls (one per target) with `connections` in total for durationS,
 * or until stop() (autocannon ends at its next 1 s sample). Returns
 * { done: Promise<summary>, stop() }; the summary is
 * { reqPerSec, perTarget: [{url, connections, reqPerSec, latencyMs}], totalRequests, latencyMs: {p50, p90, p99, max},
 *   errors, timeouts, non2xx, resets, mismatches, errorCodes, statusCodes, loadgenCpuPercent, wallMs }.
 * onFailure, when given, is called at each failure as it happens (for counting them per moment of a run).
 * @param {{ urls: string[], connections: number, durationS: number, pipelining?: number, onFailure?: () => void }} options
 */
export function startLoad({ urls, connections, durationS, pipelining = 1, onFailure }) {
  const counts = split(connections, urls.length);
  /** @type {Record<string, number>} */
  const errorCodes = {};
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const runs = urls.map((url, i) => runOne({ url, connections: counts[i] ?? 0, pipelining, duration: durationS }, errorCodes, onFailure));
  const done = Promise.all(runs.map((r) => r.done)).then((each) => {
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const sum = (/** @type {'2xx' | 'non2xx' | 'errors' | 'timeouts' | 'resets' | 'mismatches'} */ key) => each.reduce((a, r) => a + (r[key] ?? 0), 0);
    const worst = (/** @type {'p50' | 'p90' | 'p99' | 'max'} */ key) => Math.max(...each.map((r) => r.latency[key]));
    /** @type {Record<string, number>} */
    const statusCodes = {};
    for (const r of each) for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = (statusCodes[code] ?? 0) + s.count;
    return {
      reqPerSec: each.reduce((a, r) => a + r.requests.average, 0),
      perTarget: each.map((r) => ({
        url: r.url,
        connections: r.connections,
        reqPerSec: r.requests.average,
        latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
      })),
      totalRequests: sum('2xx') + sum('non2xx'),
      latencyMs: { p50: worst('p50'), p90: worst('p90'), p99: worst('p99'), max: worst('max') },
      errors: sum('errors'),
      timeouts: sum('timeouts'),
      non2xx: sum('non2xx'),
      resets: sum('resets'),
      mismatches: sum('mismatches'),
      errorCodes,
      statusCodes,
      loadgenCpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
      wallMs,
    };
  });
  return { done, stop: () => runs.forEach((r) => r.instance.stop()) };
}

/**
 * startLoad for the full duration.
 * @param {Parameters<typeof startLoad>[0]} opts
 */
export function load(opts) {
  return startLoad(opts).done;
}

/**
 * One GET with a fresh connection (no agent, Connection: close); resolves { status, body } or rejects.
 * @param {string} url
 * @param {number} [timeoutMs]
 * @returns {Promise<{ status: number | undefined, body: string }>}
 */
export function getOnce(url, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' }, timeout: timeoutMs }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
