/**
 * HTTP load from wrk (C, one event loop per thread) when it is installed or
 * installable: it spends far less CPU per request than autocannon, so on a
 * small machine more of the cores go to the servers being compared, which is
 * what the prefork comparison is about. Same summary shape as lib/load.mjs.
 *
 * Every target gets `threads / urls.length` threads (the "limit" server's
 * two ports get one thread each, as a single port gets two), set per thread
 * by a Lua setup(); a Lua done() prints the figures as one JSON line. wrk
 * runs under `sh -c 'wrk …; cat /proc/$$/stat'` so that its CPU time comes
 * from the shell's cutime/cstime once wrk has been waited for.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findOrAptInstall } from './apt.mjs';
import { CLK_TCK } from './procfs.mjs';

/**
 * { bin, version, installed } or { bin: null, reason }.
 * @param {import('./types.mjs').Log} log
 * @returns {import('./types.mjs').Located}
 */
export function locateWrk(log) {
  const found = findOrAptInstall('wrk', 'wrk', log);
  if (!found.bin) return found;
  return { ...found, version: 'wrk 4 (Debian package)' };
}

const luaScript = (/** @type {{ host: string, port: string }[]} */ addrs) => `
local addrs = { ${addrs.map(({ host, port }) => `{ "${host}", "${port}" }`).join(', ')} }
local n = 0
function setup(thread)
  n = n + 1
  local a = addrs[(n - 1) % #addrs + 1]
  thread.addr = wrk.lookup(a[1], a[2])[1]
end
function done(s, latency, requests)
  local e = s.errors
  io.write(string.format('DROVER-WRK {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\\n',
    s.requests, s.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;

/**
 * Loads urls with `connections` in total over `threads` threads for durationS.
 * closeEach: every request on a new connection (`Connection: close`).
 * @param {{ bin: string, urls: string[], connections: number, durationS: number, threads?: number, closeEach?: boolean }} options
 */
export function wrkLoad({ bin, urls, connections, durationS, threads = 2, closeEach = false }) {
  if (threads % urls.length !== 0) throw new Error(`wrk: ${threads} threads cannot be split evenly over ${urls.length} targets`);
  const dir = mkdtempSync(join(tmpdir(), 'drover-wrk-'));
  const script = join(dir, 'targets.lua');
  writeFileSync(script, luaScript(urls.map((u) => new URL(u)).map((u) => ({ host: u.hostname, port: u.port }))));
  const args = [`-t${threads}`, `-c${connections}`, `-d${durationS}s`, '--timeout', '5s', '-s', script];
  if (closeEach) args.push('-H', 'Connection: close');
  args.push(String(urls[0]));
  const t0 = performance.now();
  /** @type {Promise<import('./types.mjs').LoadSummary & Record<string, unknown>>} */
  const run = new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', '"$0" "$@"; s=$?; echo; cat /proc/$$/stat; exit $s', bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true });
      const wallMs = performance.now() - t0;
      const line = /DROVER-WRK (\{.*\})/.exec(out);
      if (code !== 0 || !line) return reject(new Error(`wrk ${args.join(' ')} exited ${code}: ${(err || out).trim().slice(-500)}`));
      const w = JSON.parse(String(line[1]));
      const stat = out.trim().split('\n').at(-1) ?? '';
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const childTicks = Number(fields[13]) + Number(fields[14]); // cutime + cstime (fields 16, 17 of /proc/PID/stat)
      const ms = (/** @type {number} */ us) => us / 1000;
      const socketErrors = w.connect + w.read + w.write;
      resolve({
        reqPerSec: w.requests / (w.durationUs / 1e6),
        perTarget: null,
        totalRequests: w.requests,
        latencyMs: { p50: ms(w.p50), p90: ms(w.p90), p99: ms(w.p99), max: ms(w.max) },
        errors: socketErrors,
        timeouts: w.timeout,
        non2xx: w.status, // wrk counts answers with status >= 400
        resets: 0,
        mismatches: 0,
        errorCodes: Object.fromEntries(Object.entries({ connect: w.connect, read: w.read, write: w.write }).filter(([, v]) => /** @type {number} */ (v) > 0)),
        statusCodes: {},
        loadgenCpuPercent: (((childTicks / CLK_TCK) * 1000) / wallMs) * 100,
        wallMs,
      });
    });
  });
  return run;
}
