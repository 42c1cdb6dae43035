import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessUsage } from '../../src/api/supervisor-api.js';
import { pickScanner, scanProcesses, StatsSampler, type StatsRoot } from '../../src/stats/index.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';
import { killTrees, spawnRoot, spawnShell } from './spawn-tree.js';

const samplers: StatsSampler[] = [];
afterEach(() => {
  for (const sampler of samplers.splice(0)) sampler.close();
  killTrees();
});

interface Recorder {
  sampler: StatsSampler;
  samples: ProcessUsage[][];
  scans: () => number;
}

/** A sampler over the real /proc (the scan it would pick itself) that records every sample and counts its scans. */
function record(intervalMs: number, roots: StatsRoot[]): Recorder {
  const samples: ProcessUsage[][] = [];
  let scans = 0;
  const scanTrees = pickScanner();
  const sampler = new StatsSampler({
    intervalMs,
    roots: () => roots,
    onSample: (_at, _interval, processes) => samples.push(processes),
    scan: (rootPids) => {
      scans++;
      return scanTrees(rootPids);
    },
  });
  samplers.push(sampler);
  return { sampler, samples, scans: () => scans };
}

const usageOf = (processes: ProcessUsage[] | undefined, name: string) => processes?.find((usage) => usage.name === name);

/** Waits, polling, until `recorder` has taken `count` more samples. */
async function moreSamples(recorder: Recorder, count: number): Promise<void> {
  const target = recorder.samples.length + count;
  await waitFor(`${count} more samples`, () => recorder.samples.length >= target);
}

describe('CPU of a whole tree', () => {
  it('counts a busy child of the root, and an idle root stays near zero', async () => {
    const busy = spawnShell('yes > /dev/null & wait');
    const idle = spawnRoot('sleep', ['300']);
    await waitFor('the busy child', () => scanProcesses().childrenOf.get(busy)?.length === 1);
    const recorder = record(200, [
      { name: 'busy:busy_00', pid: busy },
      { name: 'idle:idle_00', pid: idle },
    ]);
    recorder.sampler.acquire();
    const hot = await waitFor('the busy tree above 30% CPU', () => {
      const sample = recorder.samples.at(-1);
      return (usageOf(sample, 'busy:busy_00')?.cpuPercent ?? 0) > 30 ? sample : null;
    });
    const busyUsage = usageOf(hot, 'busy:busy_00');
    expect(busyUsage?.pid).toBe(busy);
    expect(busyUsage?.pids).toHaveLength(2);
    expect(busyUsage?.pids[0]).toBe(busy);
    expect(usageOf(hot, 'idle:idle_00')?.cpuPercent).toBeLessThan(5);
    expect(recorder.sampler.latest('busy:busy_00')?.pid).toBe(busy);
  });

  it('a root that is not alive gets no entry', async () => {
    const gone = spawnRoot('true', []);
    await waitFor('true to exit', () => !isAlive(gone));
    const live = spawnRoot('sleep', ['300']);
    const recorder = record(100, [
      { name: 'gone:gone_00', pid: gone },
      { name: 'live:live_00', pid: live },
    ]);
    recorder.sampler.acquire();
    await moreSamples(recorder, 1);
    expect(recorder.samples[0]?.map((usage) => usage.name)).toEqual(['live:live_00']);
  });
});

describe('memory of a whole tree', () => {
  it('sums the RSS of a child that holds 80 MB', async () => {
    const script = `'${process.execPath}' -e 'const b = Buffer.alloc(80e6, 1); setInterval(() => b, 1000)' & wait`;
    const root = spawnShell(script);
    const recorder = record(200, [{ name: 'mem:mem_00', pid: root }]);
    recorder.sampler.acquire();
    const usage = await waitFor('the tree above 70 MB', () => {
      const found = usageOf(recorder.samples.at(-1), 'mem:mem_00');
      return found && found.rssBytes >= 70e6 ? found : null;
    });
    expect(usage.pids.length).toBeGreaterThanOrEqual(2);
  });
});

describe('reference counting', () => {
  it('samples while any holder remains and stops, reading nothing, after the last release', async () => {
    const root = spawnRoot('sleep', ['300']);
    const recorder = record(50, [{ name: 'ref:ref_00', pid: root }]);
    expect(recorder.sampler.active).toBe(false);
    const releaseFirst = recorder.sampler.acquire();
    const releaseSecond = recorder.sampler.acquire();
    expect(recorder.sampler.active).toBe(true);
    await moreSamples(recorder, 2);

    releaseFirst();
    releaseFirst(); // harmless: it must not release the second holder
    expect(recorder.sampler.active).toBe(true);
    await moreSamples(recorder, 2);

    releaseSecond();
    expect(recorder.sampler.active).toBe(false);
    expect(recorder.sampler.latest('ref:ref_00')).toBeUndefined();
    const samplesAtRelease = recorder.samples.length;
    const scansAtRelease = recorder.scans();
    // A negative: nothing to poll for, so watch for ten intervals.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(recorder.samples.length).toBe(samplesAtRelease);
    expect(recorder.scans()).toBe(scansAtRelease);

    releaseSecond();
    releaseFirst();
    expect(recorder.sampler.active).toBe(false);
    // A new holder starts afresh.
    const releaseThird = recorder.sampler.acquire();
    await moreSamples(recorder, 1);
    releaseThird();
    expect(recorder.sampler.active).toBe(false);
  });

  it('a sampler nobody ever acquired never reads /proc', async () => {
    const recorder = record(20, []);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(recorder.scans()).toBe(0);
  });

  it('after close, acquire does nothing', () => {
    const recorder = record(20, []);
    recorder.sampler.close();
    const release = recorder.sampler.acquire();
    expect(recorder.sampler.active).toBe(false);
    release();
    expect(recorder.scans()).toBe(0);
  });
});

describe('snapshot', () => {
  it('gives RSS and the tree now, and no CPU figure while nobody watches', async () => {
    const root = spawnShell('sleep 300 & wait');
    await waitFor('the sleep child', () => scanProcesses().childrenOf.get(root)?.length === 1);
    const recorder = record(100, [{ name: 'snap:snap_00', pid: root }]);
    const figures = recorder.sampler.snapshot([{ name: 'snap:snap_00', pid: root }]).get('snap:snap_00');
    expect(figures?.rssBytes).toBeGreaterThan(0);
    expect(figures?.cpuPercent).toBeNull();
    expect(figures?.pids[0]).toBe(root);
    expect(figures?.pids).toHaveLength(2);
  });

  it('takes CPU from the latest sample while active, only for the same pid', async () => {
    const root = spawnRoot('sleep', ['300']);
    const recorder = record(50, [{ name: 'snap:snap_00', pid: root }]);
    recorder.sampler.acquire();
    await moreSamples(recorder, 1);
    const figures = recorder.sampler.snapshot([{ name: 'snap:snap_00', pid: root }]);
    expect(figures.get('snap:snap_00')?.cpuPercent).toEqual(expect.any(Number));
    const other = spawnRoot('sleep', ['300']);
    const restarted = recorder.sampler.snapshot([{ name: 'snap:snap_00', pid: other }]);
    expect(restarted.get('snap:snap_00')?.cpuPercent).toBeNull();
  });

  it('reuses a recent scan only for roots it holds the trees of', async () => {
    const first = spawnShell('sleep 300 & wait');
    const second = spawnShell('sleep 300 & wait');
    await waitFor('both sleep children', () => [first, second].every((root) => scanProcesses().childrenOf.get(root)?.length === 1));
    const roots = [
      { name: 'snap:snap_00', pid: first },
      { name: 'snap:snap_01', pid: second },
    ];
    const recorder = record(60_000, roots);
    // The details pane's tree of one process, then a status of both: the narrower scan lacks the second tree.
    expect(recorder.sampler.tree(first)).toHaveLength(2);
    const both = recorder.sampler.snapshot(roots);
    expect(both.get('snap:snap_01')?.pids).toHaveLength(2);
    expect(recorder.scans()).toBe(2);
    // A status of one of them right after: the scan of both serves it.
    expect(recorder.sampler.snapshot(roots.slice(0, 1)).get('snap:snap_00')?.pids).toHaveLength(2);
    expect(recorder.scans()).toBe(2);
  });
});
