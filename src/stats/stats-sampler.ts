import { performance } from 'node:perf_hooks';
import { treeNodesIn } from './process-tree.js';
import type { ProcessUsage, TreeNode } from '../api/supervisor-api.js';
import { readEntry, type ProcessScan } from './proc-scan.js';
import { clockTicksPerSecond } from './system-constants.js';
import { pickScanner, type TreeScanner } from './tree-scan.js';
import { measureTotals, measureTree, type StatsRoot, type TreeTotals } from './tree-usage.js';

/**
 * Samples CPU and memory of every supervised process tree, but only while
 * someone holds it: an idle daemon nobody watches runs no timer and reads
 * nothing from /proc. Each sample is one scan of the supervised trees,
 * compared with the scan before it.
 */

export type SampleListener = (at: number, intervalMs: number, processes: ProcessUsage[]) => void;

export interface StatsSamplerOptions {
  intervalMs: number;
  /** The processes to measure, asked again at every sample (processes come and go). */
  roots: () => StatsRoot[];
  /** Each sample: `at` in ms since the epoch, `intervalMs` the interval it covers, one entry per live root. */
  onSample: SampleListener;
  /** Replaces the /proc scan (of the trees of the pids given), for tests that feed made-up scans. */
  scan?: TreeScanner;
}

/** One root's figures for `ctl status` and the metrics. */
export interface TreeSnapshot extends TreeTotals {
  /** null unless a sample of this very process exists (someone is watching). */
  cpuPercent: number | null;
}

/** A snapshot reuses a scan this recent: a burst of `ctl status` calls costs one pass over /proc, not one each. */
const SNAPSHOT_REUSE_MS = 250;

export class StatsSampler {
  private intervalMs: number;
  private readonly roots: () => StatsRoot[];
  private readonly onSample: SampleListener;
  private readonly scan: TreeScanner;
  private readonly holders = new Set<symbol>();
  private timer: NodeJS.Timeout | null = null;
  /** The baseline of the next sample; null when none could be read yet. */
  private previous: ProcessScan | null = null;
  private latestByName = new Map<string, ProcessUsage>();
  /** The newest scan, sampled or not, for snapshots in quick succession. */
  private recent: ProcessScan | null = null;
  private recentAt = 0;
  /** The roots whose trees the recent scan holds: one of other processes must not be reused. */
  private recentRoots = new Set<number>();
  private closed = false;

  constructor(options: StatsSamplerOptions) {
    this.intervalMs = checkInterval(options.intervalMs);
    this.roots = options.roots;
    this.onSample = options.onSample;
    this.scan = options.scan ?? pickScanner();
  }

  /** True while at least one holder watches: samples are being taken. */
  get active(): boolean {
    return this.holders.size > 0;
  }

  /**
   * Starts watching (the first holder starts sampling). The returned function
   * stops it for this holder; calling it again does nothing.
   */
  acquire(): () => void {
    if (this.closed) return () => {};
    const holder = Symbol('stats holder');
    this.holders.add(holder);
    if (this.holders.size === 1) this.start();
    return () => {
      if (this.holders.delete(holder) && this.holders.size === 0) this.stop();
    };
  }

  /** Takes effect at the next tick: the one already scheduled keeps its delay. */
  setIntervalMs(ms: number): void {
    this.intervalMs = checkInterval(ms);
  }

  /** The last sample of `name`, while someone watches. */
  latest(name: string): ProcessUsage | undefined {
    return this.active ? this.latestByName.get(name) : undefined;
  }

  /**
   * RSS, CPU time so far and tree of each live root from one scan now, for
   * `ctl status` and the metrics when nobody may be watching. CPU percent
   * needs two scans apart in time, so it comes only from the latest sample,
   * and only when that sample is of the same pid.
   */
  snapshot(roots: StatsRoot[]): Map<string, TreeSnapshot> {
    const result = new Map<string, TreeSnapshot>();
    const scan = this.reusableScan(roots.map((root) => root.pid));
    if (!scan) return result; // status still answers, without figures
    for (const root of roots) {
      // A root the scan missed (born or gone while it was taken): its own entry now, if it has one.
      const totals = measureTotals(root, scan) ?? ownTotals(root.pid);
      if (!totals) continue;
      const sampled = this.latest(root.name);
      const cpuPercent = sampled && sampled.pid === root.pid ? sampled.cpuPercent : null;
      result.set(root.name, { ...totals, cpuPercent });
    }
    return result;
  }

  /** The live tree of one process (the details pane), from the same recent scan as snapshot(). */
  tree(rootPid: number): TreeNode[] {
    const scan = this.reusableScan([rootPid]);
    return scan ? treeNodesIn(scan, rootPid) : [];
  }

  /** Stops sampling for good; later acquires do nothing. */
  close(): void {
    this.closed = true;
    this.holders.clear();
    this.stop();
    this.scan.release?.();
  }

  private start(): void {
    this.previous = this.tryScan(this.roots().map((root) => root.pid));
    this.schedule(this.intervalMs);
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Nobody watches: drop the baselines, the next holder starts afresh.
    this.previous = null;
    this.latestByName = new Map();
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => this.tick(delayMs), delayMs);
    // A sampler never keeps the process alive on its own.
    this.timer.unref();
  }

  private tick(coveredMs: number): void {
    this.timer = null;
    let processes: ProcessUsage[] | null;
    try {
      processes = this.takeSample();
    } finally {
      // Scheduled after the scan, not before: a scan slower than the interval
      // leaves the event loop a gap instead of running back to back. In a
      // finally: a throwing roots() must not end sampling for every watcher.
      if (this.active && !this.timer) this.schedule(this.intervalMs);
    }
    // Last, so that a listener that releases or closes cancels the timer just set.
    if (processes) this.onSample(Date.now(), coveredMs, processes);
  }

  /** null when there is nothing to compare with (the baseline or this scan failed). */
  private takeSample(): ProcessUsage[] | null {
    const roots = this.roots();
    const current = this.tryScan(roots.map((root) => root.pid));
    if (!current) return null;
    const previous = this.previous;
    this.previous = current;
    if (!previous) return null;
    const processes: ProcessUsage[] = [];
    for (const root of roots) {
      const usage = measureTree(root, current, previous);
      if (usage) processes.push(usage);
    }
    this.latestByName = new Map(processes.map((usage) => [usage.name, usage]));
    return processes;
  }

  /** The newest scan if under SNAPSHOT_REUSE_MS old and of these roots' trees, else a fresh one (null when /proc fails). */
  private reusableScan(rootPids: number[]): ProcessScan | null {
    const fresh = this.recent && performance.now() - this.recentAt < SNAPSHOT_REUSE_MS && rootPids.every((pid) => this.recentRoots.has(pid));
    return fresh ? this.recent : this.tryScan(rootPids);
  }

  private tryScan(rootPids: number[]): ProcessScan | null {
    try {
      this.recent = this.scan(rootPids);
      this.recentAt = performance.now();
      this.recentRoots = new Set(rootPids);
      return this.recent;
    } catch {
      // /proc can fail mid-read on a busy host; a sample is skipped, the daemon carries on.
      return null;
    }
  }
}

function ownTotals(pid: number): TreeTotals | null {
  const entry = readEntry(pid);
  return entry ? { rssBytes: entry.rssBytes, cpuSeconds: (entry.ticks + entry.childTicks) / clockTicksPerSecond(), pids: [pid] } : null;
}

function checkInterval(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) throw new TypeError(`stats intervalMs must be a positive number of milliseconds, got ${String(ms)}`);
  return ms;
}
