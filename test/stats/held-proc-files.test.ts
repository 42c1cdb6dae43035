import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { heldTreeScanner, HeldProcFiles, openFileLimit, scanTrees, treeOf, type TreeScanner } from '../../src/stats/index.js';
import { waitFor } from '../helpers/wait-for.js';
import { killTrees, spawnRoot, spawnShell } from './spawn-tree.js';

/**
 * The tree walk through /proc files kept open between scans: the same
 * processes and figures as a fresh walk, of now and not of the first read,
 * and no file left open for a process that is gone or no longer asked for.
 */

const scanners: TreeScanner[] = [];
afterEach(() => {
  for (const scanner of scanners.splice(0)) scanner.release?.();
  killTrees();
});

function heldScanner(files = new HeldProcFiles()): TreeScanner {
  const scanner = heldTreeScanner(files);
  scanners.push(scanner);
  return scanner;
}

/** The pids this test process has /proc files open for. */
function pidsWithOpenProcFiles(): Set<number> {
  const pids = new Set<number>();
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed while listed (the listing's own fd)
    }
    const pid = /^\/proc\/(\d+)\//.exec(target)?.[1];
    if (pid !== undefined) pids.add(Number(pid));
  }
  return pids;
}

/** Whether `pid` has a handler for signal `signo` (its SigCgt mask in /proc/PID/status). */
function catches(pid: number, signo: number): boolean {
  const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
  return mask !== undefined && ((BigInt(`0x${mask}`) >> BigInt(signo - 1)) & 1n) === 1n;
}

const sorted = (pids: Iterable<number>) => [...pids].sort((a, b) => a - b);
const ticksOf = (scan: ReturnType<TreeScanner>, pid: number) => scan.byPid.get(pid)?.ticks ?? -1;

describe('the tree walk through held /proc files', () => {
  it('keeps the files open, and reads the figures of now through them', async () => {
    const busy = spawnShell('while :; do :; done');
    const scan = heldScanner();
    const first = await waitFor('a first scan of the busy shell', () => (scan([busy]).byPid.has(busy) ? scan([busy]) : null));
    expect(pidsWithOpenProcFiles().has(busy)).toBe(true);
    // Read again at offset 0, an open stat file shows CPU time spent since the first read.
    const later = await waitFor('CPU time spent since the first scan', () => {
      const now = scan([busy]);
      return ticksOf(now, busy) > ticksOf(first, busy) ? now : null;
    });
    expect(later.byPid.get(busy)?.pid).toBe(busy);
  });

  it('finds a child forked after the first scan, as a fresh walk does', async () => {
    // SIGUSR2: Node catches SIGUSR1 from the start (its inspector), before this handler exists.
    const forker = `process.on('SIGUSR2', () => require('node:child_process').spawn('sleep', ['351'], { stdio: 'ignore' })); setInterval(() => {}, 1000);`;
    const root = spawnRoot(process.execPath, ['-e', forker]);
    const scan = heldScanner();
    await waitFor('the root in a scan', () => scan([root]).byPid.has(root));
    await waitFor('the root catching SIGUSR2', () => catches(root, 12));
    expect(treeOf(scan([root]), root)).toEqual([root]);
    process.kill(root, 'SIGUSR2');
    const fresh = await waitFor('the child in a fresh walk', () => (treeOf(scanTrees([root]), root).length === 2 ? treeOf(scanTrees([root]), root) : null));
    expect(sorted(treeOf(scan([root]), root))).toEqual(sorted(fresh));
    expect(pidsWithOpenProcFiles().has(fresh.find((pid) => pid !== root) as number)).toBe(true);
  });

  it('closes the files of a process no longer asked for, and of one that is gone', async () => {
    const kept = spawnShell('exec sleep 361');
    const left = spawnShell('exec sleep 362');
    const scan = heldScanner();
    await waitFor('both roots in a scan', () => scan([kept, left]).byPid.size === 2);
    expect([pidsWithOpenProcFiles().has(kept), pidsWithOpenProcFiles().has(left)]).toEqual([true, true]);
    scan([kept]);
    expect([pidsWithOpenProcFiles().has(kept), pidsWithOpenProcFiles().has(left)]).toEqual([true, false]);
    process.kill(kept, 'SIGKILL');
    // Reaped, not only dead: a zombie is still there, and its files stay held until it is gone.
    await waitFor(`${kept} reaped`, () => !existsSync(`/proc/${kept}`));
    expect(scan([kept]).byPid.has(kept)).toBe(false);
    expect(pidsWithOpenProcFiles().has(kept)).toBe(false);
  });

  it('holds no more processes than its budget, and reads the others afresh', async () => {
    const roots = [spawnShell('exec sleep 371'), spawnShell('exec sleep 372'), spawnShell('exec sleep 373')];
    const files = new HeldProcFiles(1);
    const scan = heldScanner(files);
    const result = await waitFor('all three roots in a scan', () => {
      const s = scan(roots);
      return s.byPid.size === 3 ? s : null;
    });
    expect(sorted(result.byPid.keys())).toEqual(sorted(roots));
    expect(files.size).toBe(1);
    expect(roots.filter((pid) => pidsWithOpenProcFiles().has(pid))).toHaveLength(1);
  });

  it('closes everything once nobody has scanned for a while, and on release', async () => {
    const root = spawnShell('exec sleep 381');
    const files = new HeldProcFiles(100, 50);
    const scan = heldScanner(files);
    await waitFor('the root in a scan', () => scan([root]).byPid.has(root));
    expect(pidsWithOpenProcFiles().has(root)).toBe(true);
    await waitFor('the idle close', () => files.size === 0 && !pidsWithOpenProcFiles().has(root));
    scan([root]);
    expect(files.size).toBe(1);
    scan.release?.();
    expect([files.size, pidsWithOpenProcFiles().has(root)]).toEqual([0, false]);
  });

  it('budgets by the open-file limit this process has', () => {
    const limit = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'latin1'))?.[1];
    expect(openFileLimit()).toBe(Number(limit));
  });
});
