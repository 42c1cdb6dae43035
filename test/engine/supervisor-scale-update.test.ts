import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineHarness, makeProgram } from '../helpers/engine-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

let h: EngineHarness;
beforeEach(() => {
  h = new EngineHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const sleeper = (name: string, overrides = {}) => makeProgram(name, ['sleep', '1000'], overrides);

describe('scale', () => {
  it('adds and removes processes live, highest numbers first', async () => {
    const s = await h.start([sleeper('w', { numprocs: 2, processName: '%(program_name)s_%(process_num)02d' })]);
    await waitFor('2 RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    const firstPids = s.list().map((p) => p.pid);
    const added = await s.scale('w', '+2');
    expect(added.map((r) => [r.name, r.state])).toEqual([
      ['w:w_02', 'RUNNING'],
      ['w:w_03', 'RUNNING'],
    ]);
    expect(
      s
        .list()
        .slice(0, 2)
        .map((p) => p.pid),
    ).toEqual(firstPids);
    const doomed = s
      .list()
      .slice(1)
      .map((p) => p.pid!);
    const removed = await s.scale('w', 1);
    expect(removed.map((r) => r.name)).toEqual(['w:w_01', 'w:w_02', 'w:w_03']);
    expect(s.list().map((p) => p.name)).toEqual(['w:w_00']);
    for (const pid of doomed) expect(isAlive(pid)).toBe(false);
    expect(h.events.filter((e) => e.kind === 'processRemoved')).toHaveLength(3);
  });

  it('names extras of a single-process program with a numeric suffix', async () => {
    const s = await h.start([sleeper('solo')]);
    await s.scale('solo', 3);
    expect(s.list().map((p) => p.name)).toEqual(['solo:solo', 'solo:solo_01', 'solo:solo_02']);
  });

  it('refuses bad targets and unknown programs', async () => {
    const s = await h.start([sleeper('solo', { processName: 'fixed', processNameExplicit: true })]);
    await expect(s.scale('ghost', 2)).rejects.toThrow(/no such program: ghost/);
    await expect(s.scale('solo', 'lots')).rejects.toThrow(/scale needs a number, \+N or -N, got 'lots'/);
    await expect(s.scale('solo', '-5')).rejects.toThrow(/cannot scale to -4 processes/);
    await expect(s.scale('solo', 2)).rejects.toThrow(/process_name has no %\(process_num\)/);
    expect(s.list()).toHaveLength(1);
  });
});

describe('scale to 0', () => {
  const web = () => sleeper('web', { numprocs: 3, processName: '%(program_name)s_%(process_num)02d' });
  const standIn = { name: 'web:web_00', state: 'STOPPED', pid: null, scaledToZero: true, description: 'scaled to 0' };

  it('keeps the program listed as one STOPPED process marked scaled to 0; scale 1 brings one back', async () => {
    const s = await h.start([web(), sleeper('other')]);
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    const pids = s
      .list()
      .filter((p) => p.program === 'web')
      .map((p) => p.pid!);
    const removed = await s.scale('web', 0);
    expect(removed.map((r) => r.name)).toEqual(['web:web_00', 'web:web_01', 'web:web_02']);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(s.list(['web'])).toEqual([expect.objectContaining(standIn)]);
    expect(s.list().map((p) => p.name)).toEqual(['web:web_00', 'other:other']);
    // The view learns of it from the events: three removed, the stand-in added.
    expect(h.events.filter((e) => e.kind === 'processAdded').map((e) => e.kind === 'processAdded' && e.process)).toEqual([expect.objectContaining(standIn)]);
    expect(await s.scale('web', 0)).toEqual([]);
    await expect(s.scale('web', '-1')).rejects.toThrow(/cannot scale to -1 processes/);

    const added = await s.scale('web', '+1');
    expect(added.map((r) => [r.name, r.state])).toEqual([['web:web_00', 'RUNNING']]);
    expect(s.list(['web'])).toEqual([expect.objectContaining({ name: 'web:web_00', state: 'RUNNING', scaledToZero: false })]);
  });

  it('start brings a program scaled to 0 back to its configured numprocs; stop of it is a no-op success', async () => {
    const s = await h.start([web()]);
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    await s.scale('web', 0);
    expect(await s.stopProcesses(['web'])).toEqual([{ name: 'web:web_00', ok: true, state: 'STOPPED', message: 'scaled to 0' }]);
    expect(s.signalProcesses('HUP', ['web']).map((r) => r.ok)).toEqual([false]);
    const started = await s.startProcesses(['web:web_00']);
    expect(started.map((r) => [r.name, r.ok])).toEqual([
      ['web:web_00', true],
      ['web:web_01', true],
      ['web:web_02', true],
    ]);
    expect(s.list().map((p) => [p.name, p.state, p.scaledToZero])).toEqual([
      ['web:web_00', 'RUNNING', false],
      ['web:web_01', 'RUNNING', false],
      ['web:web_02', 'RUNNING', false],
    ]);
  });

  it('restart and reload bring it back too, and so does starting a program that depends on it', async () => {
    const s = await h.start([sleeper('db', { numprocs: 2, processName: '%(program_name)s_%(process_num)02d' }), sleeper('api', { dependsOn: ['db'] })]);
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    await s.stopProcesses(['api']);
    await s.scale('db', 0);
    await s.startProcesses(['api']);
    expect(s.list().map((p) => [p.name, p.state])).toEqual([
      ['db:db_00', 'RUNNING'],
      ['db:db_01', 'RUNNING'],
      ['api:api', 'RUNNING'],
    ]);
    for (const verb of ['restartProcesses', 'reloadProcesses'] as const) {
      await s.scale('db', 0);
      expect((await s[verb](['db'])).map((r) => [r.name, r.ok])).toEqual([
        ['db:db_00', true],
        ['db:db_01', true],
      ]);
    }
  });
});

describe('update (SIGHUP, ctl update)', () => {
  it('starts added, stops removed, restarts changed and leaves the rest alone', async () => {
    const s = await h.start([sleeper('keep'), sleeper('change'), sleeper('drop')]);
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    const pid = (name: string) => s.list().find((p) => p.program === name)?.pid;
    const keepPid = pid('keep');
    const changePid = pid('change');
    const dropPid = pid('drop')!;
    const next = h.config([sleeper('keep'), sleeper('change', { command: ['sleep', '999'] }), sleeper('add')]);
    expect(s.reread(next)).toEqual({ added: ['add'], changed: ['change'], removed: ['drop'], supervisorChanged: [] });
    await s.update(next);
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    expect(s.list().map((p) => p.program)).toEqual(['keep', 'change', 'add']);
    expect(pid('keep')).toBe(keepPid);
    expect(pid('change')).not.toBe(changePid);
    expect(isAlive(dropPid)).toBe(false);
  });

  it('applies only the named programs when asked to', async () => {
    const s = await h.start([sleeper('a'), sleeper('b')]);
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    const next = h.config([sleeper('a', { command: ['sleep', '998'] }), sleeper('b', { command: ['sleep', '997'] })]);
    const diff = await s.update(next, ['a']);
    expect(diff.changed).toEqual(['a']);
    expect(s.reread(next).changed).toEqual(['b']);
  });

  it('names a grouped process group:process, and replaces a program that moves group under its new name', async () => {
    const s = await h.start([sleeper('ga'), sleeper('gb', { numprocs: 2, processName: '%(program_name)s_%(process_num)02d' }), sleeper('x')], { grp: ['ga', 'gb'] });
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    expect(s.list().map((p) => p.name)).toEqual(['grp:ga', 'grp:gb_00', 'grp:gb_01', 'x:x']);
    const pid = (program: string) => s.list().find((p) => p.program === program)?.pid;
    const [gaPid, xPid] = [pid('ga'), pid('x')];
    const next = h.config([sleeper('ga'), sleeper('gb', { numprocs: 2, processName: '%(program_name)s_%(process_num)02d' }), sleeper('x')], { grp: ['gb', 'x'] });
    expect(s.reread(next)).toEqual({ added: [], changed: ['ga', 'x'], removed: [], supervisorChanged: [] });
    await s.update(next);
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    expect(s.list().map((p) => [p.name, p.group])).toEqual([
      ['ga:ga', 'ga'],
      ['grp:gb_00', 'grp'],
      ['grp:gb_01', 'grp'],
      ['grp:x', 'grp'],
    ]);
    expect(pid('ga')).not.toBe(gaPid);
    expect(pid('x')).not.toBe(xPid);
  });

  it('an update of some programs leaves the others in their old group, under their old names', async () => {
    const s = await h.start([sleeper('a'), sleeper('b')]);
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    const next = h.config([sleeper('a'), sleeper('b')], { g: ['a', 'b'] });
    await s.update(next, ['a']);
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    expect(s.list().map((p) => p.name)).toEqual(['g:a', 'b:b']);
    expect(s.list(['g:*']).map((p) => p.name)).toEqual(['g:a']);
    expect(s.reread(next).changed).toEqual(['b']);
    await s.update(next, ['b']);
    await waitFor('all RUNNING', () => s.list().every((p) => p.state === 'RUNNING'));
    expect(s.list().map((p) => p.name)).toEqual(['g:a', 'g:b']);
  });
});
