/**
 * Whether a TCP port takes connections, sampled: a fresh connect every few milliseconds, each
 * closed as soon as it is made. A connect completes once the kernel queues it on the listening
 * socket, whether or not a worker accepts it yet, so a failure here means the port was closed
 * (refused) or the queue overflowed (a timeout), which is what a client sees as "the server is gone".
 */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * @typedef {{ at: number, ok: boolean, code: string | null }} Probe  at: performance.now() when the connect started
 * @typedef {{ probes: number, failed: number, refusedMs: number, longestRefusedMs: number, failureCodes: Record<string, number> }} ProbeSummary
 */

/**
 * @param {string} host
 * @param {number} port
 * @param {number} timeoutMs
 * @returns {Promise<Probe>}
 */
function probeOnce(host, port, timeoutMs) {
  const at = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (/** @type {boolean} */ ok, /** @type {string | null} */ code) => {
      socket.destroy();
      resolve({ at, ok, code });
    };
    socket.setTimeout(timeoutMs, () => done(false, 'ETIMEDOUT'));
    socket.once('connect', () => done(true, null));
    socket.once('error', (err) => done(false, /** @type {NodeJS.ErrnoException} */ (err).code ?? err.message));
  });
}

/**
 * Time the port was closed, from probes in the order they started: each run of failed probes counts
 * from its first failure to the next success (or, with none after it, one interval past its last failure).
 * @param {Probe[]} probes
 * @param {number} everyMs
 * @returns {ProbeSummary}
 */
export function summarizeProbes(probes, everyMs) {
  const sorted = [...probes].sort((a, b) => a.at - b.at);
  /** @type {Record<string, number>} */
  const failureCodes = {};
  let refusedMs = 0;
  let longestRefusedMs = 0;
  /** @type {number | null} */
  let downSince = null;
  const closeRun = (/** @type {number} */ until) => {
    if (downSince === null) return;
    refusedMs += until - downSince;
    longestRefusedMs = Math.max(longestRefusedMs, until - downSince);
    downSince = null;
  };
  for (const p of sorted) {
    if (p.ok) closeRun(p.at);
    else {
      failureCodes[p.code ?? 'unknown'] = (failureCodes[p.code ?? 'unknown'] ?? 0) + 1;
      downSince ??= p.at;
    }
  }
  const last = sorted.at(-1);
  if (last) closeRun(last.at + everyMs);
  return { probes: sorted.length, failed: sorted.filter((p) => !p.ok).length, refusedMs, longestRefusedMs, failureCodes };
}

/**
 * Starts probing host:port every everyMs; stop() resolves with the summary once every probe has answered.
 * @param {{ host: string, port: number, everyMs?: number, timeoutMs?: number }} options
 */
export function startPortProbe({ host, port, everyMs = 5, timeoutMs = 1000 }) {
  /** @type {Promise<Probe>[]} */
  const pending = [];
  const timer = setInterval(() => pending.push(probeOnce(host, port, timeoutMs)), everyMs);
  return {
    /** @returns {Promise<ProbeSummary>} */
    stop: async () => {
      clearInterval(timer);
      return summarizeProbes(await Promise.all(pending), everyMs);
    },
  };
}
