import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgramConfig } from '../../src/config/types.js';
import type { ProcessStatus } from '../../src/api/supervisor-api.js';
import type { Supervisor } from '../../src/engine/supervisor.js';
import { EngineHarness, fixture, makeProgram } from '../helpers/engine-harness.js';
import { readSignalRecords, readyCount, signalsOf } from '../helpers/signal-record.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * Signals and reloads against a real program that forks children and writes
 * down, per pid, every signal it receives (records-signals.mjs).
 */

let h: EngineHarness;
let file: string;
beforeEach(() => {
  h = new EngineHarness();
  file = path.join(h.dir, 'signals.log');
});
afterEach(async () => {
  await h.cleanup();
});

const info = (s: Supervisor, name: string): ProcessStatus => s.list().find((p) => p.name === name)!;
const stateEvents = (name: string) => h.events.filter((e) => e.kind === 'state' && e.process.name === name).length;
const recorder = (children: number, overrides: Partial<ProgramConfig> = {}) => makeProgram('rec', fixture('records-signals.mjs', file, children), overrides);

async function startRecorder(children: number, overrides: Partial<ProgramConfig> = {}): Promise<{ s: Supervisor; pid: number }> {
  const s = await h.start([recorder(children, overrides)]);
  await waitFor('the main process and its children ready', () => {
    const ready = readyCount(file);
    return ready.main === 1 && ready.child === children;
  });
  await waitFor('RUNNING', () => info(s, 'rec:rec').state === 'RUNNING');
  return { s, pid: info(s, 'rec:rec').pid! };
}

/**
 * Sends USR1 to the whole group and waits until every child has it. A child
 * handles its signals in the order they came, so a HUP sent before would be
 * written down before this USR1: what the children recorded is then complete.
 */
async function childrenCaughtUp(s: Supervisor, children: number): Promise<void> {
  s.signalProcesses('USR1', ['rec'], { group: true });
  await waitFor('every child got USR1', () => readSignalRecords(file).filter((r) => r.role === 'child' && r.what === 'SIGUSR1').length === children);
}

describe('signal', () => {
  it('goes to the main pid only, as supervisord and kill $MAINPID do', async () => {
    const { s, pid } = await startRecorder(2);
    expect(s.signalProcesses('HUP', ['rec'])).toEqual([{ name: 'rec:rec', ok: true, state: 'RUNNING', message: 'sent SIGHUP' }]);
    await waitFor('the main process got HUP', () => signalsOf(file, 'main').includes('SIGHUP'));
    await childrenCaughtUp(s, 2);
    expect(signalsOf(file, 'child')).toEqual(['SIGUSR1', 'SIGUSR1']);
    expect(
      readSignalRecords(file)
        .filter((r) => r.what === 'SIGHUP')
        .map((r) => r.pid),
    ).toEqual([pid]);
  });

  it('with group: to every process of its process group', async () => {
    const { s, pid } = await startRecorder(2);
    expect(s.signalProcesses('USR2', ['rec'], { group: true })).toEqual([{ name: 'rec:rec', ok: true, state: 'RUNNING', message: 'sent SIGUSR2 to its process group' }]);
    await waitFor('all three got USR2', () => readSignalRecords(file).filter((r) => r.what === 'SIGUSR2').length === 3);
    const reached = readSignalRecords(file).filter((r) => r.what === 'SIGUSR2');
    expect(reached.filter((r) => r.role === 'main').map((r) => r.pid)).toEqual([pid]);
    expect(new Set(reached.filter((r) => r.role === 'child').map((r) => r.pid)).size).toBe(2);
  });

  it('a process that runs nothing is reported, not signalled', async () => {
    const s = await h.start([recorder(0, { autostart: false })]);
    expect(s.signalProcesses('HUP', ['rec'])).toEqual([{ name: 'rec:rec', ok: false, state: 'STOPPED', message: 'not running' }]);
  });
});

describe('reload with reload_signal', () => {
  it('sends the signal to the main pid: same pid, still RUNNING, no restart and no state change', async () => {
    const { s, pid } = await startRecorder(1, { reloadSignal: 'HUP' });
    const before = stateEvents('rec:rec');
    const results = await s.reloadProcesses(['rec']);
    expect(results).toEqual([{ name: 'rec:rec', ok: true, state: 'RUNNING', message: 'sent SIGHUP' }]);
    await waitFor('the main process got HUP', () => signalsOf(file, 'main').includes('SIGHUP'));
    await childrenCaughtUp(s, 1);
    expect(signalsOf(file, 'child')).toEqual(['SIGUSR1']);
    expect(info(s, 'rec:rec')).toMatchObject({ state: 'RUNNING', pid, restarts: 0 });
    expect(stateEvents('rec:rec')).toBe(before);
    expect(isAlive(pid)).toBe(true);
  });

  it('sends whichever signal is configured (USR2 here)', async () => {
    const { s, pid } = await startRecorder(0, { reloadSignal: 'USR2' });
    expect(await s.reloadProcesses(['rec:rec'])).toEqual([expect.objectContaining({ ok: true, message: 'sent SIGUSR2' })]);
    await waitFor('USR2 recorded', () => signalsOf(file, 'main').includes('SIGUSR2'));
    expect(info(s, 'rec:rec')).toMatchObject({ state: 'RUNNING', pid, restarts: 0 });
  });

  it('a process that is not RUNNING is started: there is nothing to signal', async () => {
    const s = await h.start([recorder(0, { reloadSignal: 'HUP', autostart: false })]);
    const [result] = await s.reloadProcesses(['rec']);
    expect(result).toMatchObject({ name: 'rec:rec', ok: true, state: 'RUNNING' });
    await waitFor('ready', () => readyCount(file).main === 1);
    expect(signalsOf(file, 'main')).toEqual([]);
  });

  it('without reload_signal a plain program restarts, as before', async () => {
    const { s, pid } = await startRecorder(0);
    const [result] = await s.reloadProcesses(['rec']);
    expect(result).toMatchObject({ ok: true, state: 'RUNNING' });
    expect(info(s, 'rec:rec').pid).not.toBe(pid);
    expect(info(s, 'rec:rec').restarts).toBe(1);
    expect(signalsOf(file, 'main')).toEqual([]);
  });

  it('watch with action: reload sends the signal instead of restarting', async () => {
    const src = path.join(h.dir, 'src');
    mkdirSync(src);
    const watch = { paths: [src], ignore: [], debounceMs: 100, action: 'reload' as const };
    const { s, pid } = await startRecorder(0, { reloadSignal: 'HUP', watch });
    // The watcher may still be arming: write until the reload shows.
    await waitFor(
      'HUP after a change',
      () => {
        writeFileSync(path.join(src, 'main.py'), `# ${Date.now()}\n`);
        return signalsOf(file, 'main').includes('SIGHUP');
      },
      20_000,
      300,
    );
    expect(info(s, 'rec:rec')).toMatchObject({ state: 'RUNNING', pid, restarts: 0 });
    const notes = h.events.flatMap((e) => (e.kind === 'supervisor' ? [e.message] : []));
    expect(notes).toContainEqual(expect.stringMatching(/^rec: src\/main\.py changed: sending SIGHUP \(reload_signal\)$/));
  });

  it('a failed liveness probe still replaces the process: a reload signal cannot revive a hung program', async () => {
    const down = path.join(h.dir, 'down');
    const liveness = {
      check: { kind: 'exec' as const, argv: ['/bin/sh', '-c', `test ! -e ${down}`] },
      source: { file: 'test.yaml', line: 1, column: 1 },
      initialDelayMs: 0,
      periodMs: 100,
      timeoutMs: 2000,
      successThreshold: 1,
      failureThreshold: 2,
    };
    const { s, pid } = await startRecorder(0, { reloadSignal: 'HUP', liveness });
    writeFileSync(down, '');
    await waitFor('the liveness message', () => h.events.some((e) => e.kind === 'supervisor' && e.message.includes('liveness probe')));
    rmSync(down);
    await waitFor('a new pid, RUNNING', () => info(s, 'rec:rec').state === 'RUNNING' && info(s, 'rec:rec').pid !== pid);
    expect(readSignalRecords(file).filter((r) => r.what === 'SIGHUP')).toEqual([]);
  });
});
