import { closeSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/cli-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { freePort } from '../helpers/free-port.js';
import { getOnNewConnection } from '../helpers/prefork.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';
import { isOwnProfilerFile } from '../../src/daemon/inherited-fds.js';

/**
 * Whatever the shell that ran drover had open must not reach the programs:
 * supervisord's children get 0, 1 and 2 only. drover's children get those
 * plus exactly what drover means to pass (a prefork worker's socket as fd 3).
 * Each child below lists its own /proc/PID/fd into a file; drover is started
 * with a file open as fd 200 (as after `exec 200>file` in a shell), high
 * enough that Node's own close-on-exec pass over fds 0–15 misses it.
 */

const MARKER_FD = 200;

let h: DaemonHarness;
let marker: number | null = null;
let listener: net.Server | null = null;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  if (marker !== null) closeSync(marker);
  marker = null;
  listener?.close();
  listener = null;
  await h.cleanup();
});

/** Pads drover's stdio so that `fd` arrives as MARKER_FD. */
const atMarkerFd = (fd: number): Array<number | 'ignore'> => [...Array.from({ length: MARKER_FD - 3 }, () => 'ignore' as const), fd];

/**
 * `ls -l /proc/self/fd`, run by the child's shell: ls starts with the shell's
 * fds (its stdout aside), which are the ones drover gave it, and adds one of
 * its own, the directory it reads, which is left out here.
 */
const LIST = (name: string) => `ls -l /proc/self/fd > ${name}.fds`;

/** Where both configs start: a program that lists its fds, then sleeps (lines for its own options may follow). */
const PLAIN_LISTS_ITS_FDS = ['supervisor:', '  logdir: logs', 'programs:', '  plain:', `    command: sh -c '${LIST('program')}; exec sleep 1000'`];

/** The fds a child listed, sorted; null until it has written them. */
function listed(name: string): number[] | null {
  let text: string;
  try {
    text = readFileSync(path.join(h.dir, `${name}.fds`), 'utf8');
  } catch {
    return null;
  }
  const fds = [...text.matchAll(/ (\d+) -> (.*)$/gm)].filter(([, , target]) => !/^\/proc\/\d+\/fd$/.test(target!)).map(([, fd]) => Number(fd));
  return fds.length > 0 ? fds.sort((a, b) => a - b) : null;
}

describe('descriptors drover inherited', () => {
  it.each(['drover-spawner', 'node'])('reach no program, prefork worker, hook or exec probe (DROVER_SPAWNER: %s)', async (spawner) => {
    const port = await freePort();
    h.writeConfig(
      [
        ...PLAIN_LISTS_ITS_FDS,
        `    readiness: { exec: "sh -c '${LIST('probe')}'", period: 200ms }`,
        '  web:',
        '    type: prefork',
        `    command: sh -c '${LIST('worker')}; echo ready; exec sleep 1000' {fd}`,
        `    bind: 127.0.0.1:${port}`,
        '    workers: 1',
        '    ready_when: { log: ready }',
        '    hooks:',
        `      on_starting: ${LIST('hook')}`,
        '',
      ].join('\n'),
    );
    marker = openSync(path.join(h.dir, 'marker.txt'), 'w');
    const started = await h.startDaemon([], { DROVER_SPAWNER: spawner === 'node' ? 'node' : '' }, atMarkerFd(marker));
    expect(started.code, started.stderr).toBe(0);
    await h.rememberPrograms();

    const seen = await waitFor('every child to list its fds', () => {
      const all = { program: listed('program'), probe: listed('probe'), hook: listed('hook'), worker: listed('worker') };
      return Object.values(all).every((fds) => fds !== null) ? all : null;
    });
    expect(seen).toEqual({ program: [0, 1, 2], probe: [0, 1, 2], hook: [0, 1, 2], worker: [0, 1, 2, 3] });
  });

  it('stay open for the fd://N binds that name them, and the program serves on it', async () => {
    const port = await freePort();
    listener = net.createServer();
    await new Promise<void>((resolve) => listener!.listen(port, '127.0.0.1', resolve));
    const fd = (listener as unknown as { _handle: { fd: number } })._handle.fd;
    h.writeConfig(
      [
        ...PLAIN_LISTS_ITS_FDS,
        '  web:',
        '    type: prefork',
        `    command: ${process.execPath} ${path.join(FIXTURES, 'fd-server.mjs')} {fd}`,
        `    bind: fd://${MARKER_FD}`,
        '    workers: 1',
        '    ready_when: { log: worker ready }',
        '',
      ].join('\n'),
    );
    const started = await h.startDaemon([], {}, atMarkerFd(fd));
    expect(started.code, started.stderr).toBe(0);
    // From here on only drover holds the socket: an answer comes from its worker.
    listener.close();
    listener = null;
    await waitFor('web RUNNING', async () => (await h.rememberPrograms())['web:web_00'] ?? null);
    expect(JSON.parse(await getOnNewConnection(port))).toMatchObject({ listenFds: '1' });
    // The socket is for the prefork workers: a program drover-spawner starts does not get it.
    expect(await waitFor('the program to list its fds', () => listed('program'))).toEqual([0, 1, 2]);
  });
});

/** The /tmp/perf-PID.map files of processes that are gone, written since `since` (the launcher's and the supervisor's). */
function removePerfMapsSince(since: number): void {
  for (const name of readdirSync('/tmp')) {
    const pid = /^perf-(\d+)\.map$/.exec(name)?.[1];
    if (!pid || isAlive(Number(pid))) continue;
    const file = path.join('/tmp', name);
    if (statSync(file).mtimeMs >= since - 1000) rmSync(file, { force: true });
  }
}

describe("V8's own profiling output", () => {
  it('stays open: a supervisor run with --perf-basic-prof starts its programs and stops on SIGTERM', async () => {
    const testStart = Date.now();
    h.writeConfig(['supervisor:', '  logdir: logs', 'programs:', '  plain:', '    command: sleep 1000', '    startsecs: 0', ''].join('\n'));
    const cli = h.run(['-c', 'programs.yaml'], { NODE_OPTIONS: '--perf-basic-prof' });
    try {
      // Closed, V8 went on writing its map into the next fd of that number, drover-spawner's request pipe: nothing started.
      const line = await cli.waitForLine(/plain:plain STARTING -> RUNNING pid=\d+/, 30_000);
      const pid = Number(/pid=(\d+)/.exec(line)![1]);
      cli.child.kill('SIGTERM');
      const code = await Promise.race([cli.exited, new Promise((resolve) => setTimeout(() => resolve('still running 30 s after SIGTERM'), 30_000))]);
      expect(code).toBe(0);
      expect(isAlive(pid)).toBe(false);
    } finally {
      removePerfMapsSince(testStart);
    }
  });

  it('is told from an inherited file by the pid in its name', () => {
    expect(isOwnProfilerFile('/tmp/perf-4242.map', 4242)).toBe(true);
    expect(isOwnProfilerFile('/tmp/jit-4242.dump', 4242)).toBe(true);
    expect(isOwnProfilerFile('/srv/app/isolate-0x55d0c1e3c000-4242-v8.log', 4242)).toBe(true);
    expect(isOwnProfilerFile('/tmp/perf-1.map', 4242)).toBe(false);
    expect(isOwnProfilerFile('/tmp/perf-42421.map', 4242)).toBe(false);
    expect(isOwnProfilerFile('/var/log/app.log', 4242)).toBe(false);
  });
});
