import { performance } from 'node:perf_hooks';

/**
 * DROVER_TRACE_START=1: one line on stderr per step of start-up, so the cost of
 * each Node process on the way to the first spawn can be read apart. The
 * detached supervisor's stderr is its log file, so its lines land there.
 * Each line has the wall-clock time (epoch ms, comparable across processes)
 * and the time since this process began (Node's time origin, before any module loaded).
 */
const enabled = process.env.DROVER_TRACE_START === '1';

export function traceStart(role: string, step: string): void {
  if (!enabled) return;
  const sinceStart = performance.now();
  const epoch = performance.timeOrigin + sinceStart;
  process.stderr.write(`drover-trace ${role} pid=${process.pid} at=${epoch.toFixed(1)} +${sinceStart.toFixed(1)}ms ${step}\n`);
}
