import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/api/supervisor-api.js';
import { EngineHarness, fixture, makeProgram } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * The states each process passes through, event by event, against what
 * supervisord 4.2.5 sends its event listeners (PROCESS_STATE_*) for the same
 * program: every state it shows must be entered here too, since scripts and
 * event consumers wait for EXITED or BACKOFF.
 */

let h: EngineHarness;
beforeEach(() => {
  h = new EngineHarness();
});
afterEach(async () => {
  await h.cleanup();
});

type StateEvent = Extract<EngineEvent, { kind: 'state' }>;
const changesOf = (name: string): StateEvent[] => h.events.filter((e): e is StateEvent => e.kind === 'state' && e.process.program === name);
const sequence = (name: string): string[] => changesOf(name).map((e) => `${e.from}>${e.process.state}`);
const settledIn = (name: string, state: string) => changesOf(name).at(-1)?.process.state === state;

/** supervisord: one STARTING → BACKOFF per attempt (startretries + 1 of them), then BACKOFF → FATAL. */
function failedStarts(startretries: number): string[] {
  const retries = Array.from({ length: startretries }, () => ['BACKOFF>STARTING', 'STARTING>BACKOFF']).flat();
  return ['STOPPED>STARTING', 'STARTING>BACKOFF', ...retries, 'BACKOFF>FATAL'];
}

describe('state sequences, as supervisord shows them', () => {
  it('a failed start goes through BACKOFF on every attempt, the last one too, before FATAL', async () => {
    const fast = (retries: number) => makeProgram(`fast${retries}`, fixture('exit-with.mjs', 7), { startsecsMs: 1000, startretries: retries });
    const noCommand = (retries: number) => makeProgram(`nocmd${retries}`, ['/no/such/command'], { startsecsMs: 1000, startretries: retries });
    const noDirectory = (retries: number) => makeProgram(`nodir${retries}`, ['sleep', '10'], { startsecsMs: 1000, startretries: retries, directory: '/no/such/folder' });
    const programs = [fast(0), fast(1), fast(2), noCommand(0), noCommand(2), noDirectory(0), noDirectory(1)];
    await h.start(programs);
    await waitFor('every program FATAL', () => programs.every((p) => settledIn(p.name, 'FATAL')), 30_000);

    for (const [name, retries] of [
      ['fast', 0],
      ['fast', 1],
      ['fast', 2],
      ['nocmd', 0],
      ['nocmd', 2],
      ['nodir', 0],
      ['nodir', 1],
    ] as const) {
      expect(sequence(`${name}${retries}`), `${name}${retries}`).toEqual(failedStarts(retries));
    }
    // Each STARTING names the pid it spawned; the BACKOFF after it names the pid that died.
    const fast2 = changesOf('fast2');
    const started = fast2.filter((e) => e.process.state === 'STARTING').map((e) => e.pid);
    const died = fast2.filter((e) => e.process.state === 'BACKOFF').map((e) => e.pid);
    expect(started.every((pid) => typeof pid === 'number')).toBe(true);
    expect(died).toEqual(started);
    expect(new Set(started).size).toBe(3);
    expect(fast2.at(-1)!.process.description).toMatch(/exited too quickly \(exit status 7\); gave up after 3 failed starts/);
    // A spawn error has no pid to name: its cause is the description.
    expect(changesOf('nodir0').find((e) => e.process.state === 'BACKOFF')!.process.description).toMatch(/directory \/no\/such\/folder does not exist/);
  });

  it('an exit after RUNNING is EXITED, then STARTING again when autorestart says so', async () => {
    const exitsAfterRunning = (name: string, code: number, autorestart: boolean | 'unexpected') =>
      makeProgram(name, fixture('exit-with.mjs', code, 700), { startsecsMs: 200, autorestart, startretries: 0 });
    await h.start([
      exitsAfterRunning('always', 0, true),
      exitsAfterRunning('unexpected', 3, 'unexpected'),
      exitsAfterRunning('expected', 0, 'unexpected'),
      exitsAfterRunning('never', 3, false),
    ]);
    const restarted = ['STOPPED>STARTING', 'STARTING>RUNNING', 'RUNNING>EXITED', 'EXITED>STARTING', 'STARTING>RUNNING'];
    await waitFor('two restarts', () => sequence('always').length >= 5 && sequence('unexpected').length >= 5, 20_000);
    await waitFor('EXITED for good', () => settledIn('expected', 'EXITED') && settledIn('never', 'EXITED'));

    expect(sequence('always').slice(0, 5)).toEqual(restarted);
    expect(sequence('unexpected').slice(0, 5)).toEqual(restarted);
    expect(sequence('expected')).toEqual(['STOPPED>STARTING', 'STARTING>RUNNING', 'RUNNING>EXITED']);
    expect(sequence('never')).toEqual(['STOPPED>STARTING', 'STARTING>RUNNING', 'RUNNING>EXITED']);

    const [, running, exited, again] = changesOf('unexpected');
    expect(exited!.pid).toBe(running!.pid);
    expect(exited!.process.pid).toBeNull();
    expect(exited!.process.description).toBe('exit status 3; not expected');
    expect(again!.pid).not.toBe(running!.pid);
    expect(changesOf('expected')[2]!.process.description).toBe('exit status 0; expected');
  });

  it('a stop of RUNNING or STARTING goes through STOPPING; a stop in BACKOFF is STOPPED at once', async () => {
    const s = await h.start([
      makeProgram('running', ['sleep', '1000']),
      makeProgram('starting', ['sleep', '1000'], { startsecsMs: 60_000 }),
      makeProgram('backoff', ['/no/such/command'], { startretries: Infinity }),
    ]);
    await waitFor('RUNNING, STARTING and BACKOFF', () => settledIn('running', 'RUNNING') && settledIn('starting', 'STARTING') && settledIn('backoff', 'BACKOFF'));
    const before = { running: sequence('running').length, starting: sequence('starting').length, backoff: sequence('backoff').length };
    const results = await s.stopProcesses(['running', 'starting', 'backoff']);
    expect(results.map((r) => r.state)).toEqual(['STOPPED', 'STOPPED', 'STOPPED']);

    expect(sequence('running').slice(before.running)).toEqual(['RUNNING>STOPPING', 'STOPPING>STOPPED']);
    expect(sequence('starting').slice(before.starting)).toEqual(['STARTING>STOPPING', 'STOPPING>STOPPED']);
    expect(sequence('backoff').slice(before.backoff)).toEqual(['BACKOFF>STOPPED']);
    const [stopping, stopped] = changesOf('running').slice(before.running);
    expect(stopping!.process.description).toMatch(/^stopping with SIGTERM, SIGKILL after 5s$/);
    expect(stopped!.pid).toBe(stopping!.pid);
  });

  it('a start asked for during a stop waits for STOPPED, then starts, and the start settles', async () => {
    const s = await h.start([makeProgram('stubborn', fixture('ignores-sigterm.mjs'), { stopwaitsecsMs: 400 })]);
    await waitFor('handler installed', () => s.tail('stubborn:stubborn', 1)[0]?.startsWith('stubborn'));
    const before = sequence('stubborn').length;
    const stopping = s.stopProcesses(['stubborn']);
    await waitFor('STOPPING', () => settledIn('stubborn', 'STOPPING'));
    const [started] = await s.startProcesses(['stubborn']);
    let stopReturned = false;
    void stopping.then(() => (stopReturned = true));
    await waitFor('the stop to return', () => stopReturned);
    expect(started).toMatchObject({ ok: true, state: 'RUNNING' });
    expect(sequence('stubborn').slice(before)).toEqual(['RUNNING>STOPPING', 'STOPPING>STOPPED', 'STOPPED>STARTING', 'STARTING>RUNNING']);
  });
});
