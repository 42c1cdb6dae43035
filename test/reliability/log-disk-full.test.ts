import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/cli-harness.js';
import { httpRequest } from '../helpers/control-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';
import { cpuTicks } from './fault-helpers.js';
import { formatCount, recordRow, size } from './profile.js';

/**
 * The disk under a program's log fills up, then frees again. The log folder is
 * a 1 MiB tmpfs when this process may mount one (root with CAP_SYS_ADMIN);
 * otherwise the daemon gets a file-size limit (prlimit), which makes the same
 * writes fail with EFBIG instead of ENOSPC.
 */

const FULL_MS = size(2_000, 10_000);
const LINE_EVERY_MS = 10;

let h: DaemonHarness;
let logs: string;
let mounted = false;
let events: ClientRequest | null = null;

beforeEach(() => {
  h = new DaemonHarness();
  logs = mkdtempSync(path.join(tmpdir(), 'drover-disk-full-'));
});
afterEach(async () => {
  events?.destroy();
  events = null;
  try {
    await h.cleanup();
  } finally {
    if (mounted) spawnSync('umount', ['-l', logs]);
    mounted = false;
    rmSync(logs, { recursive: true, force: true });
  }
});

/** Mounts a 1 MiB tmpfs at `dir`; false when this process may not mount. */
function mountTmpfs(dir: string): boolean {
  if (process.env.DROVER_TEST_NO_MOUNT === '1' || process.getuid?.() !== 0) return false;
  mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]).status === 0;
  return mounted;
}

/** Writes a filler file until the filesystem refuses (ENOSPC). */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024, 0x61);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

function prlimitFsize(pid: number, soft: string): void {
  const result = spawnSync('prlimit', [`--pid=${pid}`, `--fsize=${soft}:unlimited`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`prlimit failed: ${result.stderr}`);
}

/** The numbers of the `line N` lines in a log file, in file order; torn lines make the test fail. */
function numbersIn(file: string): number[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  lines.pop(); // after the last newline
  const numbers: number[] = [];
  for (const line of lines) {
    if (line === 'ready') continue;
    const match = /^line (\d+)$/.exec(line);
    if (!match) throw new Error(`torn or foreign line in ${file}: ${JSON.stringify(line)}`);
    numbers.push(Number(match[1]));
  }
  return numbers;
}

/** Collects the supervisor's event stream (SSE) as text; resolves once the stream is open. */
function listenToEvents(socket: string): Promise<{ text: () => string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    events = request({ socketPath: socket, path: '/v1/events', method: 'GET' }, (res) => {
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      resolve({ text: () => text });
    });
    events.on('error', reject);
    events.end();
  });
}

async function lastRingLine(socket: string): Promise<number> {
  const answer = await httpRequest(socket, 'GET', '/v1/processes/talker:talker/log?lines=5');
  const lines = (answer.json as { lines: string[] }).lines.filter((l) => /^line \d+$/.test(l));
  return Number(lines.at(-1)!.slice(5));
}

describe('the log disk fills up', () => {
  it('keeps the supervisor and the program running, reports the error once, and resumes when space returns', async () => {
    const tmpfs = mountTmpfs(logs);
    const logFile = path.join(logs, 'talker.log');
    h.writeConfig(
      `programs:\n  talker:\n    command: ${process.execPath} ${path.join(FIXTURES, 'chatty.mjs')} ${LINE_EVERY_MS}\n    startsecs: 0\n    stdout_logfile: ${logFile}\n`,
    );
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const daemon = started.pid!;
    const pid = await waitFor('talker RUNNING', async () => Object.values(await h.rememberPrograms())[0]);
    // Enough lines that the talker's file is bigger than the supervisor's own log (the EFBIG limit must hit only the former).
    await waitFor('lines in the log', () => (statSync(logFile, { throwIfNoEntry: false })?.size ?? 0) > 2_000);
    const stream = await listenToEvents(h.socket);

    // Fill the disk.
    const code = tmpfs ? 'ENOSPC' : 'EFBIG';
    const filler = path.join(logs, 'filler');
    if (tmpfs) fillUp(filler);
    else prlimitFsize(daemon, String(statSync(logFile).size + 100));

    const droverLog = path.join(h.dir, 'logs', 'drover.log');
    const reported = new RegExp(`drover error: log file: cannot write log file ${logFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*${code}`);
    await waitFor(`the ${code} error in drover.log`, () => reported.test(readFileSync(droverLog, 'utf8')));
    await waitFor(`the ${code} error on the event stream`, () => stream.text().includes(code) && stream.text().includes(logFile));

    // While full: the supervisor answers, the program runs on (same pid) and its output still reaches the ring.
    const ticksBefore = cpuTicks(daemon);
    const ringAtFull = await lastRingLine(h.socket);
    await new Promise((r) => setTimeout(r, FULL_MS));
    const ticksWhileFull = cpuTicks(daemon) - ticksBefore;
    const info = await httpRequest(h.socket, 'GET', '/v1/info');
    expect(info.status).toBe(200);
    expect(info.json.pid).toBe(daemon);
    const [status] = (await httpRequest(h.socket, 'GET', '/v1/processes')).json as { state: string; pid: number }[];
    expect(status).toMatchObject({ state: 'RUNNING', pid });
    expect(isAlive(pid)).toBe(true);
    const ringBeforeFree = await lastRingLine(h.socket);
    expect(ringBeforeFree).toBeGreaterThan(ringAtFull + 10);
    // No busy retry loop while the disk is full: well under half a core (clock ticks are 1/100 s).
    expect(ticksWhileFull).toBeLessThan(FULL_MS / 20);

    // Space returns: writing resumes by itself, after a gap.
    if (tmpfs) rmSync(filler);
    else prlimitFsize(daemon, 'unlimited');
    await waitFor('new lines after the gap', () => numbersIn(logFile).at(-1)! > ringBeforeFree + 20);
    const numbers = numbersIn(logFile);
    // One gap, the outage: every line before and after it is there, in order.
    const gaps = numbers.flatMap((n, i) => (i > 0 && n !== numbers[i - 1]! + 1 ? [[numbers[i - 1]!, n]] : []));
    expect(gaps).toHaveLength(1);
    const [[lastKept, firstAfter]] = gaps as [[number, number]];
    expect(lastKept).toBeLessThanOrEqual(ringAtFull);
    expect(firstAfter).toBeGreaterThan(ringBeforeFree);
    const lost = firstAfter - lastKept - 1;
    // One report for the outage, not one per chunk, and one for its end, with what it cost.
    const recovered = `drover warn: log file: writing ${logFile} again`;
    await waitFor('the recovery in drover.log', () => readFileSync(droverLog, 'utf8').includes(recovered));
    const droverLines = readFileSync(droverLog, 'utf8').split('\n');
    expect(droverLines.filter((line) => reported.test(line))).toHaveLength(1);
    const recoveries = droverLines.filter((line) => line.includes(recovered));
    expect(recoveries).toHaveLength(1);
    const droppedBytes = Number(/again; ([\d,]+) bytes/.exec(recoveries[0]!)![1]!.replaceAll(',', ''));
    let lostBytes = 0;
    for (let n = lastKept + 1; n < firstAfter; n++) lostBytes += `line ${n}\n`.length;
    expect(droppedBytes).toBe(lostBytes);
    expect(isAlive(daemon)).toBe(true);
    expect(Object.values(await h.rememberPrograms())).toEqual([pid]);

    recordRow({
      id: 'faults-disk-full',
      scenario: tmpfs
        ? `the log disk fills up (1 MiB tmpfs, a program printing a line every ${LINE_EVERY_MS} ms), then frees`
        : `the log file hits the supervisor's file-size limit (a program printing a line every ${LINE_EVERY_MS} ms), then the limit is raised`,
      injected: `${(FULL_MS / 1000).toFixed(0)} s of ${code}`,
      outcome: `supervisor answering, program RUNNING with the same pid, ${code} reported once with the file's path; writing resumed by itself and its end reported`,
      lost: `${formatCount(lost)} lines printed while full (${formatCount(droppedBytes)} bytes, counted and reported by drover), none before or after`,
      crashes: '0',
    });
  });
});
