import { afterEach, describe, expect, it } from 'vitest';
import { parseProcStat, scanProcesses, treeNodes, treeOf } from '../../src/stats/index.js';
import { waitFor } from '../helpers/wait-for.js';
import { killTrees, spawnShell } from './spawn-tree.js';

afterEach(killTrees);

describe('parseProcStat', () => {
  // Field 2 of a real line, then fields 3..24 (state ppid … starttime vsize rss).
  const rest = (state: string) => `${state} 41 42 42 0 -1 4194560 100 0 0 0 7 3 4 1 20 0 1 0 5000 1000000 25`;

  it('reads ppid, ticks, child ticks, start time and rss after the last parenthesis', () => {
    expect(parseProcStat(43, `43 (a) b (c)) ${rest('S')}\n`, 4096)).toEqual({
      pid: 43,
      ppid: 41,
      comm: 'a) b (c)',
      ticks: 10,
      childTicks: 5,
      startTime: 5000,
      rssBytes: 25 * 4096,
    });
  });

  it('skips zombies and text that is not a stat line', () => {
    expect(parseProcStat(43, `43 (sleep) ${rest('Z')}`, 4096)).toBeNull();
    expect(parseProcStat(43, 'garbage', 4096)).toBeNull();
    expect(parseProcStat(43, '43 (x) S 1 2', 4096)).toBeNull();
  });
});

describe('a shell that forked two children', () => {
  it('treeOf lists the shell first, then both sleeps; treeNodes gives their command lines', async () => {
    const root = spawnShell('sleep 300 & sleep 300 & wait');
    // A child caught between its exec and its first page has no RSS yet: wait until both have some.
    const nodes = await waitFor('the shell and two sleeps, each with memory', () => {
      const tree = treeNodes(root);
      const sleeps = tree.filter((node) => node.command === 'sleep 300');
      return tree.length === 3 && sleeps.length === 2 && sleeps.every((node) => node.rssBytes > 0) ? tree : null;
    });
    const tree = treeOf(scanProcesses(), root);
    expect(tree[0]).toBe(root);
    expect([...tree].sort()).toEqual(nodes.map((node) => node.pid).sort());
    expect(nodes[0]).toMatchObject({ pid: root, ppid: process.pid });
    expect(nodes[0]?.command).toContain('sleep 300 & sleep 300 & wait');
    for (const node of nodes.slice(1)) {
      expect(node.ppid).toBe(root);
      expect(node.rssBytes).toBeGreaterThan(0);
    }
  });

  it('a pid that does not exist has an empty tree', () => {
    const scan = scanProcesses();
    let missing = 4_000_000;
    while (scan.byPid.has(missing)) missing++;
    expect(treeOf(scan, missing)).toEqual([]);
    expect(treeNodes(missing)).toEqual([]);
  });
});
