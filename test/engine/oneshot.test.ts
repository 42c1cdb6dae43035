import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgramConfig } from '../../src/config/types.js';
import { EngineHarness, makeProgram } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

let h: EngineHarness;
beforeEach(() => {
  h = new EngineHarness();
});
afterEach(async () => {
  await h.cleanup();
});

/** A `type: oneshot` program running `script` under sh in the test's folder. */
function oneshot(name: string, script: string, overrides: Partial<ProgramConfig> = {}): ProgramConfig {
  return makeProgram(name, ['sh', '-c', script], { oneshot: true, autorestart: false, directory: h.dir, ...overrides });
}

/** A web that refuses to run unless the release left its marker: it would go FATAL if started too early. */
function web(overrides: Partial<ProgramConfig> = {}): ProgramConfig {
  return makeProgram('web', ['sh', '-c', 'test -f released || exit 9; exec sleep 1000'], {
    dependsOn: ['release'],
    directory: h.dir,
    startsecsMs: 300,
    startretries: 0,
    ...overrides,
  });
}

const RELEASE = 'sleep 0.3; echo run >> runs; touch released; exit 0';

/** Index in the event stream of `program` entering `state`; -1 when it never did. */
const entered = (program: string, state: string) => h.events.findIndex((e) => e.kind === 'state' && e.process.program === program && e.process.state === state);
const runs = () => (existsSync(path.join(h.dir, 'runs')) ? readFileSync(path.join(h.dir, 'runs'), 'utf8').split('\n').filter(Boolean).length : 0);

describe('type: oneshot', () => {
  it('runs once, is done (EXITED, not failed) at exit 0, and only then starts what depends on it', async () => {
    const s = await h.start([oneshot('release', RELEASE), web()]);
    await waitFor('web RUNNING', () => s.list(['web'])[0]!.state === 'RUNNING');
    const release = s.list(['release'])[0]!;
    expect(release).toMatchObject({ state: 'EXITED', done: true, exitCode: 0, description: 'done (exit status 0)' });
    expect(s.list(['web'])[0]!.done).toBe(false);
    expect(entered('release', 'EXITED')).toBeGreaterThan(-1);
    expect(entered('web', 'STARTING')).toBeGreaterThan(entered('release', 'EXITED'));
    // No RUNNING for a one-shot, and no second run: it is done, not restarted.
    expect(entered('release', 'RUNNING')).toBe(-1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(runs()).toBe(1);
  });

  it('keeps its dependents from starting when it fails, and says why', async () => {
    const s = await h.start([oneshot('release', 'sleep 0.2; echo migration failed >&2; exit 3', { startretries: 0 }), web()]);
    await waitFor('release FATAL', () => s.list(['release'])[0]!.state === 'FATAL');
    await waitFor('web told it will not start', () => /not started/.test(s.list(['web'])[0]!.description));
    expect(s.list(['release'])[0]).toMatchObject({ done: false, description: 'failed (exit status 3); gave up after 1 failed start' });
    expect(s.list(['web'])[0]).toMatchObject({ state: 'STOPPED', pid: null });
    expect(s.list(['web'])[0]!.description).toBe('not started: release:release failed (exit status 3); gave up after 1 failed start');
    expect(entered('web', 'STARTING')).toBe(-1);
    const notes = h.events.flatMap((e) => (e.kind === 'supervisor' ? [`${e.level}: ${e.message}`] : []));
    expect(notes).toContain('error: web:web not started: release:release failed (exit status 3); gave up after 1 failed start');
  });

  it('retries a failed run per startretries, and its dependents start once a retry succeeds', async () => {
    const s = await h.start([oneshot('release', 'test -f tried && exit 0; touch tried; exit 1', { startretries: 1 }), web({ command: ['sleep', '1000'] })]);
    await waitFor('web RUNNING', () => s.list(['web'])[0]!.state === 'RUNNING');
    expect(s.list(['release'])[0]).toMatchObject({ state: 'EXITED', done: true });
    expect(entered('release', 'BACKOFF')).toBeGreaterThan(-1);
  });

  it('start of a dependent runs the one-shot first and answers once both settled; a failure answers too', async () => {
    const s = await h.start([oneshot('release', RELEASE, { autostart: false }), web({ autostart: false })]);
    expect(await s.startProcesses(['web'])).toEqual([expect.objectContaining({ name: 'web:web', ok: true, state: 'RUNNING' })]);
    expect(s.list(['release'])[0]).toMatchObject({ state: 'EXITED', done: true });

    const failing = await h.start(
      [oneshot('release', 'exit 4', { autostart: false, startretries: 0 }), web({ autostart: false })],
      {},
      { pidfile: path.join(h.dir, 'run/two.pid'), statefile: path.join(h.dir, 'run/two.json') },
    );
    const [result] = await failing.startProcesses(['web']);
    expect(result).toMatchObject({ name: 'web:web', ok: false, state: 'STOPPED', message: 'not started: release:release failed (exit status 4); gave up after 1 failed start' });
  });

  it('start runs a done one-shot again and answers when it is done; starting a dependent does not', async () => {
    const s = await h.start([oneshot('release', RELEASE), web()]);
    await waitFor('web RUNNING', () => s.list(['web'])[0]!.state === 'RUNNING');
    expect(await s.startProcesses(['release'])).toEqual([expect.objectContaining({ name: 'release:release', ok: true, state: 'EXITED', message: 'done (exit status 0)' })]);
    expect(runs()).toBe(2);
    await s.stopProcesses(['web']);
    expect(await s.startProcesses(['web'])).toEqual([expect.objectContaining({ ok: true, state: 'RUNNING' })]);
    expect(runs()).toBe(2);
  });
});
