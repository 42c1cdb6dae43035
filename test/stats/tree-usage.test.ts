import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProcessUsage } from '../../src/api/supervisor-api.js';
import { StatsSampler, measureTotals, type ProcEntry, type ProcessScan } from '../../src/stats/index.js';

/**
 * CPU arithmetic over made-up scans, driven by a fake clock: pid reuse, births
 * and exits between two samples, without real processes.
 */

type FakeProcess = Pick<ProcEntry, 'pid' | 'ppid' | 'ticks' | 'startTime'> & { childTicks?: number };

/** A scan taken at `seconds` (also the uptime, at 100 ticks a second) holding `processes`. */
function fakeScan(seconds: number, processes: FakeProcess[]): ProcessScan {
  const byPid = new Map<number, ProcEntry>();
  const childrenOf = new Map<number, number[]>();
  for (const proc of processes) {
    byPid.set(proc.pid, { childTicks: 0, ...proc, comm: `p${proc.pid}`, rssBytes: 1000 });
    childrenOf.set(proc.ppid, [...(childrenOf.get(proc.ppid) ?? []), proc.pid]);
  }
  return { at: seconds * 1000, uptimeTicks: seconds * 100, ticksPerSecond: 100, byPid, childrenOf };
}

const ROOT = { name: 'app:app_00', pid: 10 };

/** Runs a sampler over `scans` (the first is the baseline), one sample per second. */
function sampleAll(scans: Array<ProcessScan | Error>): ProcessUsage[][] {
  const queue = [...scans];
  const samples: ProcessUsage[][] = [];
  const sampler = new StatsSampler({
    intervalMs: 1000,
    roots: () => [ROOT],
    onSample: (_at, intervalMs, processes) => {
      expect(intervalMs).toBe(1000);
      samples.push(processes);
    },
    scan: () => {
      const next = queue.shift();
      if (!next) throw new Error('no more fake scans');
      if (next instanceof Error) throw next;
      return next;
    },
  });
  const release = sampler.acquire();
  for (let i = 1; i < scans.length; i++) vi.advanceTimersByTime(1000);
  release();
  return samples;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('CPU between two scans', () => {
  it('sums the deltas of the current tree', () => {
    const [sample] = sampleAll([
      fakeScan(1000, [
        { pid: 10, ppid: 1, ticks: 50, startTime: 100 },
        { pid: 11, ppid: 10, ticks: 20, startTime: 200 },
      ]),
      fakeScan(1001, [
        { pid: 10, ppid: 1, ticks: 60, startTime: 100 },
        { pid: 11, ppid: 10, ticks: 60, startTime: 200 },
      ]),
    ]);
    expect(sample).toEqual([{ name: ROOT.name, pid: 10, cpuPercent: 50, rssBytes: 2000, pids: [10, 11] }]);
  });

  it('a reused pid is a new process: its own ticks, never a negative or giant figure', () => {
    const [sample] = sampleAll([
      fakeScan(1000, [
        { pid: 10, ppid: 1, ticks: 0, startTime: 100 },
        { pid: 11, ppid: 10, ticks: 90_000, startTime: 200 },
      ]),
      // pid 11 exited and was reused by a child born half a second ago.
      fakeScan(1001, [
        { pid: 10, ppid: 1, ticks: 0, startTime: 100 },
        { pid: 11, ppid: 10, ticks: 30, startTime: 100_050 },
      ]),
    ]);
    expect(sample?.[0]?.cpuPercent).toBeCloseTo(30);
  });

  it('counts all ticks of a child born between the scans', () => {
    const [sample] = sampleAll([
      fakeScan(1000, [{ pid: 10, ppid: 1, ticks: 5, startTime: 100 }]),
      fakeScan(1001, [
        { pid: 10, ppid: 1, ticks: 5, startTime: 100 },
        { pid: 12, ppid: 10, ticks: 40, startTime: 100_020 },
      ]),
    ]);
    expect(sample?.[0]?.pids).toEqual([10, 12]);
    expect(sample?.[0]?.cpuPercent).toBeCloseTo(40);
  });

  it('gives no figure to an old process the previous scan missed, rather than its lifetime total', () => {
    const [sample] = sampleAll([
      fakeScan(1000, [{ pid: 10, ppid: 1, ticks: 5, startTime: 100 }]),
      fakeScan(1001, [
        { pid: 10, ppid: 1, ticks: 15, startTime: 100 },
        { pid: 13, ppid: 10, ticks: 500_000, startTime: 300 },
      ]),
    ]);
    expect(sample?.[0]?.cpuPercent).toBeCloseTo(10);
  });

  it('drops a child that exited between the scans', () => {
    const [sample] = sampleAll([
      fakeScan(1000, [
        { pid: 10, ppid: 1, ticks: 5, startTime: 100 },
        { pid: 11, ppid: 10, ticks: 9000, startTime: 200 },
      ]),
      fakeScan(1001, [{ pid: 10, ppid: 1, ticks: 25, startTime: 100 }]),
    ]);
    expect(sample?.[0]).toMatchObject({ pids: [10], rssBytes: 1000 });
    expect(sample?.[0]?.cpuPercent).toBeCloseTo(20);
  });

  it('counts grandchildren, and nothing outside the tree', () => {
    const [sample] = sampleAll([
      fakeScan(1000, [
        { pid: 10, ppid: 1, ticks: 0, startTime: 100 },
        { pid: 11, ppid: 10, ticks: 0, startTime: 200 },
        { pid: 12, ppid: 11, ticks: 0, startTime: 300 },
        { pid: 20, ppid: 1, ticks: 0, startTime: 400 },
      ]),
      fakeScan(1002, [
        { pid: 10, ppid: 1, ticks: 10, startTime: 100 },
        { pid: 11, ppid: 10, ticks: 10, startTime: 200 },
        { pid: 12, ppid: 11, ticks: 80, startTime: 300 },
        { pid: 20, ppid: 1, ticks: 200, startTime: 400 },
      ]),
    ]);
    // 100 ticks over two seconds: half a core.
    expect(sample?.[0]?.pids).toEqual([10, 11, 12]);
    expect(sample?.[0]?.cpuPercent).toBeCloseTo(50);
  });

  it('ends a tree walk whose parent links loop', () => {
    const [sample] = sampleAll([
      fakeScan(1000, [
        { pid: 10, ppid: 11, ticks: 0, startTime: 100 },
        { pid: 11, ppid: 10, ticks: 0, startTime: 200 },
      ]),
      fakeScan(1001, [
        { pid: 10, ppid: 11, ticks: 0, startTime: 100 },
        { pid: 11, ppid: 10, ticks: 0, startTime: 200 },
      ]),
    ]);
    expect(sample?.[0]?.pids).toEqual([10, 11]);
  });
});

describe('totals of one scan', () => {
  it('counts the CPU time of the live tree and of the children it reaped, in seconds', () => {
    const scan = fakeScan(1000, [
      { pid: 10, ppid: 1, ticks: 150, childTicks: 250, startTime: 100 },
      { pid: 11, ppid: 10, ticks: 100, childTicks: 0, startTime: 200 },
      { pid: 20, ppid: 1, ticks: 9000, childTicks: 9000, startTime: 300 },
    ]);
    // (150 + 250 + 100) ticks at 100 a second; pid 20 is outside the tree.
    expect(measureTotals(ROOT, scan)).toEqual({ rssBytes: 2000, cpuSeconds: 5, pids: [10, 11] });
    expect(measureTotals({ name: 'gone', pid: 99 }, scan)).toBeNull();
  });
});

describe('scan failures', () => {
  it('skips a sample whose scan fails, and goes on from the next good scan', () => {
    const samples = sampleAll([
      fakeScan(1000, [{ pid: 10, ppid: 1, ticks: 0, startTime: 100 }]),
      new Error('EIO'),
      fakeScan(1002, [{ pid: 10, ppid: 1, ticks: 100, startTime: 100 }]),
    ]);
    // The baseline survives the failed scan: 100 ticks over two seconds.
    expect(samples).toHaveLength(1);
    expect(samples[0]?.[0]?.cpuPercent).toBeCloseTo(50);
  });

  it('takes a failed baseline as no baseline: the next scan becomes it', () => {
    const samples = sampleAll([
      new Error('EIO'),
      fakeScan(1001, [{ pid: 10, ppid: 1, ticks: 0, startTime: 100 }]),
      fakeScan(1002, [{ pid: 10, ppid: 1, ticks: 30, startTime: 100 }]),
    ]);
    expect(samples).toHaveLength(1);
    expect(samples[0]?.[0]?.cpuPercent).toBeCloseTo(30);
  });
});

describe('interval changes', () => {
  it('rejects an interval that is not a positive number', () => {
    const options = { roots: () => [], onSample: () => {} };
    expect(() => new StatsSampler({ ...options, intervalMs: 0 })).toThrow(TypeError);
    const sampler = new StatsSampler({ ...options, intervalMs: 100 });
    expect(() => sampler.setIntervalMs(Number.NaN)).toThrow(/got NaN/);
  });

  it('applies a new interval from the next tick on', () => {
    const intervals: number[] = [];
    const sampler = new StatsSampler({
      intervalMs: 1000,
      roots: () => [],
      onSample: (_at, intervalMs) => intervals.push(intervalMs),
      scan: () => fakeScan(1000, []),
    });
    const release = sampler.acquire();
    sampler.setIntervalMs(300);
    vi.advanceTimersByTime(999);
    expect(intervals).toEqual([]);
    vi.advanceTimersByTime(1); // the tick scheduled with the old interval
    vi.advanceTimersByTime(300);
    expect(intervals).toEqual([1000, 300]);
    release();
    vi.advanceTimersByTime(5000);
    expect(intervals).toEqual([1000, 300]);
  });
});
