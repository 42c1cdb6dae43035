import { afterEach, describe, expect, it } from 'vitest';
import { hasChildrenFiles, measureTotals, pickScanner, scannerFor, scanProcesses, scanTrees, treeOf } from '../../src/stats/index.js';
import { waitFor } from '../helpers/wait-for.js';
import { killTrees, spawnRoot, spawnShell } from './spawn-tree.js';

afterEach(killTrees);

const ROOT = (pid: number) => ({ name: 'tree', pid });
const sorted = (pids: Iterable<number>) => [...pids].sort((a, b) => a - b);

/** Waits until the full scan shows `size` processes under root, each with memory (a child between fork and exec has none yet). */
function settledTree(root: number, size: number): Promise<number[]> {
  return waitFor(`a tree of ${size} processes under ${root}`, () => {
    const scan = scanProcesses();
    const tree = treeOf(scan, root);
    return tree.length === size && tree.every((pid) => (scan.byPid.get(pid)?.rssBytes ?? 0) > 0) ? tree : null;
  });
}

describe('scanTrees', () => {
  it('this kernel has children files, and the sampler walks the trees with them, through files it keeps open', () => {
    // Every Linux drover supports builds them (CONFIG_PROC_CHILDREN); without them the full scan stands in.
    expect(hasChildrenFiles()).toBe(true);
    // Only the held walk has files to let go of (test/stats/held-proc-files.test.ts).
    expect(pickScanner().release).toBeTypeOf('function');
  });

  it('reads only the tree: a parent, its children and grandchildren, and no other process', async () => {
    // sh → (sh → sleep, sleep) and sleep: two levels below the root.
    const root = spawnShell('sh -c "sleep 301 & sleep 302 & wait" & sleep 303 & wait');
    const tree = await settledTree(root, 5);
    const scan = pickScanner()([root]);
    // A fallback to the full scan would hold this test process, its parents and every other process on the host.
    expect(sorted(scan.byPid.keys())).toEqual(sorted(tree));
    expect(scan.byPid.has(process.pid)).toBe(false);
    expect(treeOf(scan, root)[0]).toBe(root);
  });

  it('gives the same whole-tree figures as a full scan', async () => {
    const root = spawnShell('sh -c "sleep 311 & sleep 312 & wait" & sleep 313 & wait');
    await settledTree(root, 5);
    // Sleeping processes keep their figures: a full scan before and after the tree scan agree, and so must it.
    const figures = await waitFor('two full scans that agree around a tree scan', () => {
      const before = measureTotals(ROOT(root), scanProcesses());
      const trees = measureTotals(ROOT(root), scanTrees([root]));
      const after = measureTotals(ROOT(root), scanProcesses());
      return JSON.stringify(before) === JSON.stringify(after) ? { full: before, trees } : null;
    });
    expect(figures.trees?.rssBytes).toBeGreaterThan(0);
    expect({ ...figures.trees, pids: sorted(figures.trees?.pids ?? []) }).toEqual({ ...figures.full, pids: sorted(figures.full?.pids ?? []) });
  });

  it('finds a child forked by a thread other than the main one', async () => {
    // Node spawns from the thread that calls spawn(): this child is listed under the worker's task, not the main one.
    const worker = `require('node:child_process').spawn('sleep', ['321'], { stdio: 'ignore' }); setInterval(() => {}, 1000);`;
    const root = spawnRoot(process.execPath, ['-e', `new (require('node:worker_threads').Worker)(${JSON.stringify(worker)}, { eval: true }); setInterval(() => {}, 1000);`]);
    const [, child] = await settledTree(root, 2);
    const scan = scanTrees([root]);
    expect(sorted(scan.byPid.keys())).toEqual(sorted([root, child as number]));
    expect(scan.childrenOf.get(root)).toEqual([child]);
  });

  it('leaves out a root that is gone, and reads a root given twice once', async () => {
    const root = spawnShell('sleep 331 & wait');
    await settledTree(root, 2);
    let missing = 4_000_000;
    while (scanProcesses().byPid.has(missing)) missing++;
    const scan = scanTrees([missing, root, root]);
    expect(scan.byPid.has(missing)).toBe(false);
    expect(treeOf(scan, root)).toHaveLength(2);
    expect(scan.childrenOf.get(root)).toHaveLength(1);
  });
});

describe('scannerFor', () => {
  it('without children files scans every process, so the trees are still whole', () => {
    const scan = scannerFor(false)([]);
    expect(scan.byPid.has(process.pid)).toBe(true);
    expect(scannerFor(false).release).toBeUndefined();
    expect(scannerFor(true).release).toBeTypeOf('function');
  });
});
