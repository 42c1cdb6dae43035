/**
 * Timing helpers: a module's load time in a fresh Node (what a short-lived
 * `drover ctl` pays), a function's speed in this process, and a run with a
 * deadline for inputs that may never finish.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const LOAD_RUNS = 11;

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/**
 * Median milliseconds a fresh Node spends in `await import(url)` for each
 * module, measured inside the child so Node's own start-up is left out. The
 * runs go round the modules in turn, so a busy moment of the machine lands on
 * all of them rather than on one.
 * @param {Map<string, string>} urls  label → module URL
 * @returns {Map<string, number>}
 */
export function loadTimes(urls) {
  /** @type {Map<string, number[]>} */
  const runs = new Map([...urls.keys()].map((label) => [label, []]));
  for (let round = 0; round < LOAD_RUNS; round++) {
    for (const [label, url] of urls) {
      const script = `const t = performance.now(); await import(${JSON.stringify(url)}); console.log(performance.now() - t);`;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`loading ${url} failed: ${child.stderr}`);
      runs.get(label)?.push(Number(child.stdout.trim()));
    }
  }
  return new Map([...runs].map(([label, times]) => [label, median(times)]));
}

/**
 * Median microseconds per call of `fn` over `rounds` rounds of `perRound` calls.
 * @param {() => void} fn
 * @param {number} perRound
 * @param {number} [rounds]
 */
export function microsPerCall(fn, perRound, rounds = 7) {
  for (let i = 0; i < perRound; i++) fn(); // warm-up: let the JIT settle before timing
  /** @type {number[]} */
  const runs = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) fn();
    runs.push(((performance.now() - start) * 1000) / perRound);
  }
  return median(runs);
}

/**
 * Runs an ES module script in a child Node with a deadline: a backtracking
 * matcher can take minutes, and this process must not hang with it.
 * @param {string} script  module code that prints one line of result
 * @param {number} deadlineMs
 * @returns {{ ms: number, output: string, timedOut: boolean }}
 */
export function runWithDeadline(script, deadlineMs) {
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: deadlineMs, killSignal: 'SIGKILL' });
  const ms = performance.now() - start;
  const timedOut = child.error !== undefined || child.signal !== null;
  return { ms, output: child.stdout.trim(), timedOut };
}

/** @param {number} ms */
export function formatMs(ms) {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(ms >= 10 ? 1 : 2)} ms`;
}

/** @param {number} bytes */
export function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}
