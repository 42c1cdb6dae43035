import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Exit, exitCodeForError } from '../../src/cli/ctl/exit-codes.js';
import { FIXTURES } from '../helpers/cli-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { readSignalRecords, readyCount } from '../helpers/signal-record.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * `drover ctl signal` and `drover ctl reload` end to end: a real daemon, the
 * real ctl, and a program that forks a child and writes down, per pid, every
 * signal it receives.
 */

let h: DaemonHarness;
let file: string;
beforeEach(() => {
  h = new DaemonHarness();
  file = path.join(h.dir, 'signals.log');
});
afterEach(async () => {
  await h.cleanup();
});

const ctl = (...args: string[]) => h.runToEnd(['ctl', ...args]);
const received = (signal: string) =>
  readSignalRecords(file)
    .filter((r) => r.what === signal)
    .map((r) => r.role);

interface Status {
  state: string;
  pid: number | null;
  restarts: number;
}

async function status(): Promise<Status> {
  const [rec] = JSON.parse((await ctl('status', '--json', 'rec')).stdout) as Status[];
  return rec!;
}

/** A daemon running the recorder (a main process and one child); resolves once both handle signals. */
async function startRecorder(options = ''): Promise<number> {
  const command = `${process.execPath} ${path.join(FIXTURES, 'records-signals.mjs')} ${file} 1`;
  h.writeConfig(`programs:\n  rec:\n    command: ${command}\n    startsecs: 0\n${options}`);
  const started = await h.startDaemon();
  expect(started.code, started.stderr).toBe(0);
  await waitFor('main and child ready', () => readyCount(file).main === 1 && readyCount(file).child === 1);
  await waitFor('RUNNING', async () => (await status()).state === 'RUNNING');
  await h.rememberPrograms();
  return (await status()).pid!;
}

describe('drover ctl signal', () => {
  it('reaches the main pid only; --group reaches the child as well', async () => {
    await startRecorder();
    const plain = await ctl('signal', 'HUP', 'rec');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe('rec:rec: sent SIGHUP');
    const grouped = await ctl('signal', '--group', 'USR1', 'rec');
    expect(grouped.code, grouped.stderr).toBe(0);
    expect(grouped.stdout).toBe('rec:rec: sent SIGUSR1 to its process group');
    await waitFor('USR1 at both', () => received('SIGUSR1').length === 2);
    // HUP went first: had it reached the child, the child would have written it before USR1.
    expect(received('SIGHUP')).toEqual(['main']);
  });

  it('says what is wrong with an unknown option or signal, and sends nothing', async () => {
    await startRecorder();
    const badFlag = await ctl('signal', '--grup', 'HUP', 'rec');
    expect(badFlag.code).toBe(Exit.USAGE);
    expect(badFlag.stderr).toMatch(/^drover: unknown option: --grup\n/);
    const badSignal = await ctl('signal', 'NOPE', 'rec');
    expect(badSignal.code).toBe(exitCodeForError('BAD_SIGNAL', 'signal'));
    expect(badSignal.stderr).toBe('drover: unknown signal: NOPE\n');
    const misplaced = await ctl('stop', '--group', 'rec');
    expect(misplaced.code).toBe(Exit.USAGE);
    expect(misplaced.stderr).toMatch(/^drover: --group is only for signal\nusage: drover ctl stop PATTERN\.\.\./);
    expect((await status()).state).toBe('RUNNING');
    expect(readSignalRecords(file).filter((r) => r.what !== 'ready')).toEqual([]);
  });
});

describe('drover ctl reload with reload_signal', () => {
  it('sends the signal to the main pid: same pid, still RUNNING, no restart', async () => {
    const pid = await startRecorder('    reload_signal: HUP\n');
    const reloaded = await ctl('reload', 'rec');
    expect(reloaded.code, reloaded.stderr).toBe(0);
    expect(reloaded.stdout).toBe('rec:rec: reloaded (sent SIGHUP)');
    await waitFor('HUP at the main process', () => received('SIGHUP').length === 1);
    await ctl('signal', '--group', 'USR1', 'rec');
    await waitFor('USR1 at both', () => received('SIGUSR1').length === 2);
    expect(received('SIGHUP')).toEqual(['main']);
    expect(await status()).toMatchObject({ state: 'RUNNING', pid, restarts: 0 });
    expect(isAlive(pid)).toBe(true);
  });

  it('without reload_signal, reload restarts a plain program as before', async () => {
    const pid = await startRecorder();
    const reloaded = await ctl('reload', 'rec');
    expect(reloaded.code, reloaded.stderr).toBe(0);
    expect(reloaded.stdout).toBe('rec:rec: reloaded');
    const after = await status();
    expect(after).toMatchObject({ state: 'RUNNING', restarts: 1 });
    expect(after.pid).not.toBe(pid);
    await h.rememberPrograms();
    expect(received('SIGHUP')).toEqual([]);
  });
});
