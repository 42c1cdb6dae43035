import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Supervisor } from '../../src/engine/supervisor.js';
import { EngineHarness, fixture, makeProgram } from '../helpers/engine-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

let h: EngineHarness;
beforeEach(() => {
  h = new EngineHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const stateOrder = (to: string) => h.events.filter((e) => e.kind === 'state' && e.process.state === to).map((e) => (e.kind === 'state' ? e.process.program : ''));

describe('stopping', () => {
  it('escalates to SIGKILL after stopwaitsecs for a program that ignores SIGTERM', async () => {
    const s = await h.start([makeProgram('stubborn', fixture('ignores-sigterm.mjs'), { stopwaitsecsMs: 300 })]);
    await waitFor('ignoring SIGTERM handler installed', () => s.tail('stubborn:stubborn', 1)[0]?.startsWith('stubborn'));
    const pid = s.list()[0]!.pid!;
    const [result] = await s.stopProcesses(['stubborn']);
    expect(result).toMatchObject({ ok: true, state: 'STOPPED' });
    expect(result!.message).toMatch(/SIGKILL/);
    expect(isAlive(pid)).toBe(false);
  });

  it('leaves nothing the program forked behind', async () => {
    const pidfile = path.join(h.dir, 'grandchildren');
    const s = await h.start([makeProgram('forker', fixture('forks-grandchildren.mjs', 3, pidfile))]);
    // The file can be seen empty between its creation and the write: wait for all three pids.
    const grandchildren = await waitFor('grandchildren', () => {
      const pids = readFileSync(pidfile, 'utf8')
        .split('\n')
        .map(Number)
        .filter((n) => n > 0);
      return pids.length === 3 ? pids : null;
    });
    expect(grandchildren).toHaveLength(3);
    for (const pid of grandchildren) expect(isAlive(pid)).toBe(true);
    await s.stopProcesses(['forker']);
    await waitFor('grandchildren gone', () => grandchildren.every((pid) => !isAlive(pid)));
  });

  it('kills what a crashed program forked, so the next start finds its port free', async () => {
    const pidfile = path.join(h.dir, 'grandchildren');
    const s = await h.start([makeProgram('forker', fixture('forks-grandchildren.mjs', 2, pidfile))]);
    const grandchildren = await waitFor('grandchildren', () => {
      const pids = readFileSync(pidfile, 'utf8')
        .split('\n')
        .map(Number)
        .filter((n) => n > 0);
      return pids.length === 2 ? pids : null;
    });
    process.kill(s.list()[0]!.pid!, 'SIGKILL');
    await waitFor('grandchildren gone', () => grandchildren.every((pid) => !isAlive(pid)));
  });

  it('starts by priority and depends_on, and stops in reverse', async () => {
    const s = await h.start([
      makeProgram('web', fixture('forever.mjs'), { priority: 500, dependsOn: ['db'] }),
      makeProgram('db', fixture('forever.mjs'), { priority: 900, startsecsMs: 400 }),
      makeProgram('cache', fixture('forever.mjs'), { priority: 10 }),
    ]);
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    // cache (10) before db (900); web (500) waits for db to be RUNNING despite its priority.
    expect(stateOrder('STARTING')).toEqual(['cache', 'db', 'web']);
    expect(stateOrder('RUNNING').indexOf('db')).toBeLessThan(stateOrder('RUNNING').indexOf('web'));
    await s.stopProcesses(['all']);
    expect(stateOrder('STOPPED')).toEqual(['web', 'db', 'cache']);
  });

  it.each([
    ['stop all', (s: Supervisor) => s.stopProcesses(['all'])],
    ['shutdown', (s: Supervisor) => s.shutdown()],
  ])('%s stops the programs of one priority in parallel, and each level only after the one above it has stopped', async (_verb, stopAll) => {
    const stubborn = (name: string, priority: number) => makeProgram(name, fixture('ignores-sigterm.mjs'), { priority, stopwaitsecsMs: 2000 });
    const top = ['t1', 't2', 't3', 't4', 't5'];
    const s = await h.start([...top.map((name) => stubborn(name, 900)), stubborn('base', 100)]);
    await waitFor('every SIGTERM handler installed', () => s.list().every((p) => s.tail(p.name, 1)[0]?.startsWith('stubborn')));
    const began = Date.now();
    await stopAll(s);
    const took = Date.now() - began;
    // Two levels, each one stopwaitsecs (2 s) then SIGKILL: about 4 s; one program at a time took 12 s.
    expect(took).toBeGreaterThanOrEqual(4000);
    expect(took).toBeLessThan(2 * 2 * 2000);
    const at = (program: string, state: string) => h.events.find((e) => e.kind === 'state' && e.process.program === program && e.process.state === state)!.at;
    for (const name of top) expect(at(name, 'STOPPED')).toBeLessThanOrEqual(at('base', 'STOPPING'));
    const signalled = top.map((name) => at(name, 'STOPPING'));
    expect(Math.max(...signalled) - Math.min(...signalled)).toBeLessThan(1000);
  });

  it('start of a dependent brings up what it depends on', async () => {
    const s = await h.start([makeProgram('web', ['sleep', '1000'], { autostart: false, dependsOn: ['db'] }), makeProgram('db', ['sleep', '1000'], { autostart: false })]);
    const results = await s.startProcesses(['web']);
    expect(results).toEqual([expect.objectContaining({ name: 'web:web', ok: true, state: 'RUNNING' })]);
    expect(s.list().find((p) => p.program === 'db')!.state).toBe('RUNNING');
  });

  it('restart by group pattern gives every matched process a new pid', async () => {
    const s = await h.start([makeProgram('a', ['sleep', '1000'], { numprocs: 2 }), makeProgram('b', ['sleep', '1000']), makeProgram('c', ['sleep', '1000'])], { pair: ['a', 'b'] });
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    const before = new Map(s.list().map((p) => [p.name, p.pid]));
    const results = await s.restartProcesses(['pair:*']);
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['pair:a_00', true],
      ['pair:a_01', true],
      ['pair:b', true],
    ]);
    for (const p of s.list()) {
      if (p.program === 'c') expect(p.pid).toBe(before.get(p.name));
      else expect(p.pid).not.toBe(before.get(p.name));
    }
    expect(s.list().find((p) => p.name === 'pair:a_00')!.group).toBe('pair');
  });

  it('shutdown stops everything and removes the pidfile and state file', async () => {
    const s = await h.start([makeProgram('a', ['sleep', '1000'], { numprocs: 3 })]);
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    const pids = s.list().map((p) => p.pid!);
    await s.shutdown();
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(() => readFileSync(path.join(h.dir, 'run/drover.pid'))).toThrow();
    expect(() => readFileSync(path.join(h.dir, 'run/drover.state.json'))).toThrow();
  });
});
