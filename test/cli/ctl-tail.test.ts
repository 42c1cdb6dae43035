import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SocketApi } from '../../src/client/socket-client.js';
import { FIXTURES } from '../helpers/cli-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * `drover ctl tail` against a real daemon: a program of 3 processes, each
 * writing numbered lines to stdout and stderr in turn, followed and read back
 * by pattern, by stream, since a time, as JSON; and history from a log file.
 */

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const LINES = 30;
// Lines alternate between the streams, and their order across streams is the order drover read them: a line
// waiting unread for two intervals (a busy machine) is read together with the next one of its stream.
const INTERVAL_MS = 100;
const node = (script: string, ...args: number[]) => `${process.execPath} ${path.join(FIXTURES, script)} ${args.join(' ')}`;
const PROCESSES = ['prog:prog_00', 'prog:prog_01', 'prog:prog_02'];
const ctl = (...args: string[]) => h.runToEnd(['ctl', ...args]);

async function startProg(extra = ''): Promise<void> {
  h.writeConfig(`programs:\n  prog:\n    command: ${node('both-streams.mjs', LINES, INTERVAL_MS)}\n    numprocs: 3\n    startsecs: 0\n${extra}`);
  const started = await h.startDaemon();
  expect(started.code, started.stderr).toBe(0);
  await h.rememberPrograms();
}

/** `name | out 3` / `name ! err 4` → per process, the numbers with their stream, in the order printed. */
function byProcess(lines: string[]): Record<string, string[]> {
  const seen: Record<string, string[]> = {};
  for (const line of lines) {
    const match = /^(prog:prog_0\d) ([|!]) (out|err) (\d+)$/.exec(line);
    expect(match, `a prefixed line: ${JSON.stringify(line)}`).not.toBeNull();
    const [, name, mark, stream, n] = match!;
    expect(mark, line).toBe(stream === 'err' ? '!' : '|');
    (seen[name!] ??= []).push(`${stream} ${n}`);
  }
  return seen;
}

/** The lines a process writes, numbers from..to. */
const written = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${(from + i) % 2 === 1 ? 'out' : 'err'} ${from + i}`);

async function waitForAllWritten(): Promise<void> {
  await waitFor(
    'every process wrote all its lines',
    async () => {
      const all = await ctl('tail', '-n', '1', '--stderr', 'prog:*');
      return all.stdout.split('\n').filter((line) => line.endsWith(` err ${LINES}`)).length === 3;
    },
    30_000,
  );
}

describe('drover ctl tail', () => {
  it("-f 'prog:*' shows every line once, prefixed, in arrival order per process, both streams marked", async () => {
    await startProg();
    const follow = h.run(['ctl', 'tail', '-f', '-n', '1000', 'prog:*']);
    await waitFor('every line of the 3 processes', () => follow.lines.length >= 3 * LINES, 30_000);
    // Nothing more comes: no line twice.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seen = byProcess(follow.lines);
    for (const name of PROCESSES) expect(seen[name], name).toEqual(written(1, LINES));
    // A pipe gets no colour.
    expect(follow.lines.join('\n')).not.toContain('\x1b[');
    follow.child.kill('SIGINT');
    expect(await follow.exited).toBe(0);
  });

  it('without -f prints the backlog in arrival order across streams, -n lines per process, and exits', async () => {
    await startProg();
    await waitForAllWritten();
    const all = await ctl('tail', '-n', '4', 'prog:*');
    expect(all.code, all.stderr).toBe(0);
    const seen = byProcess(all.stdout.split('\n'));
    for (const name of PROCESSES) expect(seen[name], name).toEqual(written(LINES - 3, LINES));

    // --stdout / --stderr pick a stream; -n counts that stream's lines.
    const stdout = await ctl('tail', '-n', '2', '--stdout', 'prog:*');
    for (const name of PROCESSES) expect(byProcess(stdout.stdout.split('\n'))[name]).toEqual([`out ${LINES - 3}`, `out ${LINES - 1}`]);
    const stderr = await ctl('tail', '-n', '2', '--stderr', 'prog:*');
    for (const name of PROCESSES) expect(byProcess(stderr.stdout.split('\n'))[name]).toEqual([`err ${LINES - 2}`, `err ${LINES}`]);
  });

  it('one process: no prefix; with both streams its stderr lines go to stderr; --stderr alone prints them on stdout', async () => {
    await startProg();
    await waitForAllWritten();
    const both = await ctl('tail', '-n', '4', 'prog:prog_01');
    expect(both.code, both.stderr).toBe(0);
    expect(both.stdout.split('\n')).toEqual([`out ${LINES - 3}`, `out ${LINES - 1}`]);
    expect(both.stderr.trimEnd().split('\n')).toEqual([`err ${LINES - 2}`, `err ${LINES}`]);
    const stderr = await ctl('tail', '-n', '2', '--stderr', 'prog:prog_01');
    expect(stderr.stdout.split('\n')).toEqual([`err ${LINES - 2}`, `err ${LINES}`]);
    expect(stderr.stderr).toBe('');
  });

  it('--json prints one object per line with the time drover read it; --since keeps the lines from then on', async () => {
    const before = Date.now();
    await startProg();
    await waitForAllWritten();
    const json = await ctl('tail', '-n', '1000', '--json', 'prog:prog_00');
    expect(json.code, json.stderr).toBe(0);
    const records = json.stdout.split('\n').map((line) => JSON.parse(line) as { time: string; process: string; stream: string; line: string });
    expect(records.map((r) => r.line)).toEqual(written(1, LINES));
    for (const record of records) {
      expect(record).toMatchObject({ process: 'prog:prog_00', stream: record.line.startsWith('err') ? 'stderr' : 'stdout' });
      expect(Date.parse(record.time)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(record.time)).toBeLessThanOrEqual(Date.now());
    }
    // Line 15 arrived ~INTERVAL_MS after line 14: since its time, lines 15 to the end, every one (no -n).
    const since = await ctl('tail', '--since', records[14]!.time, 'prog:prog_00', '--json');
    expect(since.stdout.split('\n').map((line) => (JSON.parse(line) as { line: string }).line)).toEqual(written(15, LINES));
    const recent = await ctl('tail', '--since', '1d', 'prog:*');
    expect(recent.stdout.split('\n')).toHaveLength(3 * LINES);
    // A time after the last line: nothing, and no error.
    const none = await ctl('tail', '--since', new Date(Date.now() + 60_000).toISOString(), 'prog:*');
    expect(none).toMatchObject({ code: 0, stdout: '' });
  });

  it('a bad --since is a usage error naming it; a pattern that matches nothing exits 1', async () => {
    await startProg();
    const bad = await ctl('tail', '--since', 'ten minutes', 'prog:*');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since needs a time back \(30s, 10m, 2h, 1d\) or an ISO time .* got "ten minutes"/);
    const nothing = await ctl('tail', '-f', 'nosuch:*');
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/nosuch/);
  });

  it('reads history older than the ring from the log file, with skip', async () => {
    // 5,000 lines of ~40 bytes: about 200 KB, three times what the ring holds.
    h.writeConfig(`programs:\n  big:\n    command: ${node('many-lines.mjs', 5000)}\n    startsecs: 0\n`);
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    await h.rememberPrograms();
    const api = new SocketApi(h.socket);
    const dots = ` ${'.'.repeat(30)}`;
    await waitFor('the last line in the ring', async () => (await api.tail('big', 1)).at(0) === `line 5000${dots}`, 30_000);
    const ring = await api.tail('big', 10_000);
    expect(ring.length).toBeLessThan(2000);
    await waitFor('the file holds every line', async () => (await api.tail('big', 1, 'stdout', 4999)).length === 1, 30_000);
    expect(await api.tail('big', 3, 'stdout', 4990)).toEqual([`line 8${dots}`, `line 9${dots}`, `line 10${dots}`]);
    expect(await api.tail('big', 3, undefined, 0)).toEqual([4998, 4999, 5000].map((n) => `line ${n}${dots}`));
    expect(await api.tail('big', 5, 'stdout', 4998)).toEqual([`line 1${dots}`, `line 2${dots}`]);
    expect(await api.tail('big', 5, 'stdout', 5000)).toEqual([]);
    // No stderr written: its file does not exist yet, so nothing older.
    expect(await api.tail('big', 5, 'stderr', 1)).toEqual([]);
  });
});
