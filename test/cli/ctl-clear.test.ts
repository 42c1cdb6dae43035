import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * `drover ctl clear`, supervisorctl's `clear`, end to end: a real daemon, the
 * real ctl, and a program that writes numbered lines to stdout and stderr.
 */

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const ctl = (...args: string[]) => h.runToEnd(['ctl', ...args]);
const logFile = (name: string) => path.join(h.dir, 'logs', name);
const read = (name: string) => readFileSync(logFile(name), 'utf8');
const numbers = (text: string, prefix: string) => [...text.matchAll(new RegExp(`^${prefix} (\\d+)$`, 'gm'))].map((m) => Number(m[1]));

/** A daemon running `talk`, which writes `out N` and `err N` every 20 ms; resolves once both logs hold a few lines. */
async function startTalker(): Promise<number> {
  const loop = 'i=0; while :; do i=$((i+1)); echo "out $i"; echo "err $i" >&2; sleep 0.02; done';
  h.writeConfig(`programs:\n  talk:\n    command: sh -c '${loop}'\n    startsecs: 0\n`);
  const started = await h.startDaemon();
  expect(started.code, started.stderr).toBe(0);
  // The daemon says ready before its spawns settle: wait for the pid, not the first answer.
  const pid = await waitFor('talk:talk to have a pid', async () => (await h.rememberPrograms())['talk:talk'] ?? null);
  await waitFor('a few lines in both logs', () => numbers(read('talk.out.log'), 'out').length >= 5 && numbers(read('talk.err.log'), 'err').length >= 5);
  return pid;
}

describe('drover ctl clear', () => {
  it('empties the stdout and stderr log files; the process keeps running and its next lines land', async () => {
    const pid = await startTalker();
    const before = numbers(read('talk.out.log'), 'out').at(-1)!;

    const cleared = await ctl('clear', 'talk');
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toBe('talk:talk: cleared');

    // The files were emptied, not replaced: the lines after the clear start past the last one before it.
    const out = numbers(read('talk.out.log'), 'out');
    const err = numbers(read('talk.err.log'), 'err');
    expect(
      out.every((n) => n > before),
      `talk.out.log after the clear: ${out.join(' ')}`,
    ).toBe(true);
    expect(
      err.every((n) => n > before - 1),
      `talk.err.log after the clear: ${err.join(' ')}`,
    ).toBe(true);
    await waitFor('new lines in both logs', () => numbers(read('talk.out.log'), 'out').length >= 3 && numbers(read('talk.err.log'), 'err').length >= 3);
    // The file was truncated in place: no line is torn or glued to a hole of zero bytes.
    expect(read('talk.out.log')).toMatch(/^(out \d+\n)+$/);
    // What tail reads was emptied too, as supervisorctl's tail of a cleared file shows nothing old.
    const tailed = await ctl('tail', '-n', '1000', 'talk');
    const tailedNumbers = numbers(tailed.stdout, 'out');
    expect(tailedNumbers.length, tailed.stdout).toBeGreaterThan(0);
    expect(
      tailedNumbers.every((n) => n > before),
      `tail after the clear: ${tailedNumbers.join(' ')}`,
    ).toBe(true);

    const [talk] = JSON.parse((await ctl('status', '--json', 'talk')).stdout) as Array<{ state: string; pid: number }>;
    expect(talk).toMatchObject({ state: 'RUNNING', pid });
  });

  it('answers --json with the results, fails with 1 for a name that matches nothing, and 2 without a name', async () => {
    await startTalker();
    const json = await ctl('clear', '--json', 'all');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ results: [{ name: 'talk:talk', ok: true, state: 'RUNNING', message: 'cleared' }] });

    const sizeBefore = statSync(logFile('talk.out.log')).size;
    await waitFor('the log grows again', () => statSync(logFile('talk.out.log')).size > sizeBefore);
    const unknown = await ctl('clear', 'talk', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("drover: no process matches 'nope'\n");
    // As for every drover verb, a name that matches nothing changes nothing.
    expect(statSync(logFile('talk.out.log')).size).toBeGreaterThan(sizeBefore);

    const bare = await ctl('clear');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toBe('drover: clear needs at least one PATTERN (all for every process)\nusage: drover ctl clear PATTERN... [--json]\n');
  });
});
