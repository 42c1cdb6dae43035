import { readFileSync } from 'node:fs';
import type { TreeNode } from '../api/supervisor-api.js';
import { scanProcesses, type ProcessScan } from './proc-scan.js';

/**
 * A supervised process and everything it forked. Only descendants still
 * attached count: a child that daemonized (double fork) was adopted by init
 * or a subreaper and is no longer part of the tree.
 */

/** The root first, then its descendants breadth-first; empty when the root is not in the scan. */
export function treeOf(scan: ProcessScan, rootPid: number): number[] {
  if (!scan.byPid.has(rootPid)) return [];
  const tree = [rootPid];
  // A scan is not atomic: a pid reused while /proc was read can make the
  // parent links loop, and the walk must still end.
  const seen = new Set(tree);
  // The array grows while it is walked: that is the breadth-first queue.
  for (let i = 0; i < tree.length; i++) {
    for (const child of scan.childrenOf.get(tree[i] as number) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      tree.push(child);
    }
  }
  return tree;
}

/** The live tree of `rootPid` with each process's command line and own RSS; empty when it is gone. */
export function treeNodes(rootPid: number): TreeNode[] {
  let scan: ProcessScan;
  try {
    scan = scanProcesses();
  } catch {
    // An unreadable /proc must not break the details pane: it shows no tree.
    return [];
  }
  return treeNodesIn(scan, rootPid);
}

/** treeNodes from a scan already taken (command lines are read now). */
export function treeNodesIn(scan: ProcessScan, rootPid: number): TreeNode[] {
  const nodes: TreeNode[] = [];
  for (const pid of treeOf(scan, rootPid)) {
    const entry = scan.byPid.get(pid);
    if (!entry) continue;
    nodes.push({ pid, ppid: entry.ppid, command: readCommandLine(pid) || entry.comm, rssBytes: entry.rssBytes });
  }
  return nodes;
}

/** The arguments NUL-separated, joined by spaces; '' for kernel threads, zombies and exited pids. */
function readCommandLine(pid: number): string {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
  // Processes that rewrite their title (nginx, postgres) may leave trailing NULs or use spaces.
  return raw
    .split('\0')
    .filter((part) => part !== '')
    .join(' ');
}
