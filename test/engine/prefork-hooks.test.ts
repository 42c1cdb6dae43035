import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HookName, ProgramConfig } from '../../src/config/types.js';
import type { Supervisor } from '../../src/engine/supervisor.js';
import { EngineHarness, fixture, makeProgram } from '../helpers/engine-harness.js';
import { freePort } from '../helpers/free-port.js';
import { preforkConfig } from '../helpers/prefork.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

let h: EngineHarness;
/** Background children started by hooks in a test, killed here if the test failed to see them stopped. */
const leftovers: number[] = [];
afterEach(async () => {
  await h?.cleanup();
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
  }
});

const ALL_HOOKS: HookName[] = ['on_starting', 'when_ready', 'pre_fork', 'post_fork', 'worker_exit', 'nworkers_changed', 'on_reload', 'on_exit'];

/** Every hook appends one line describing its event to hooks.log. */
function program(port: number, dir: string, hooks: Partial<Record<HookName, string>>): ProgramConfig {
  return makeProgram('web', fixture('fd-server.mjs', '{fd}'), {
    numprocs: 2,
    processName: '%(program_name)s_%(process_num)02d',
    autorestart: true,
    startretries: 0,
    prefork: preforkConfig(port, { readyWhenLog: 'worker ready', hooks }),
    directory: dir,
  });
}

const logLine =
  'echo "$DROVER_HOOK program=$DROVER_PROGRAM worker=${DROVER_WORKER_NAME:-} pid=${DROVER_WORKER_PID:-} old=${DROVER_OLD_WORKERS:-} new=${DROVER_NEW_WORKERS:-}" >> hooks.log';

function hookLog(dir: string): string[] {
  try {
    return readFileSync(path.join(dir, 'hooks.log'), 'utf8').trim().split('\n');
  } catch {
    return [];
  }
}

const named = (lines: string[], hook: string) => lines.filter((line) => line.startsWith(`${hook} `));

describe('prefork hooks', () => {
  it("run at gunicorn's moments with DROVER_* variables", async () => {
    h = new EngineHarness();
    const port = await freePort();
    const hooks = Object.fromEntries(ALL_HOOKS.map((name) => [name, logLine]));
    const supervisor = await h.start([program(port, h.dir, hooks)]);
    await waitFor('when_ready', () => named(hookLog(h.dir), 'when_ready').length === 1);
    let lines = hookLog(h.dir);
    expect(lines[0]).toBe('on_starting program=web worker= pid= old= new=');
    expect(named(lines, 'pre_fork').map((l) => l.split(' ')[2])).toEqual(expect.arrayContaining(['worker=web:web_00', 'worker=web:web_01']));
    await waitFor('post_fork ×2', () => named(hookLog(h.dir), 'post_fork').length === 2);
    const pids = supervisor.list().map((p) => `pid=${p.pid}`);
    expect(
      named(hookLog(h.dir), 'post_fork')
        .map((l) => l.split(' ')[3])
        .sort(),
    ).toEqual(pids.sort());

    await supervisor.scale('web', '+1');
    await waitFor('nworkers_changed', () => named(hookLog(h.dir), 'nworkers_changed').length === 1);
    expect(named(hookLog(h.dir), 'nworkers_changed')[0]).toContain('old=2 new=3');

    await supervisor.reloadProcesses(['web']);
    lines = hookLog(h.dir);
    expect(named(lines, 'on_reload')).toHaveLength(1);
    await waitFor('worker_exit for the 3 replaced', () => named(hookLog(h.dir), 'worker_exit').length === 3);

    await supervisor.stopProcesses(['web']);
    lines = hookLog(h.dir);
    expect(lines.at(-1)).toBe('on_exit program=web worker= pid= old= new=');
    expect(named(lines, 'on_starting')).toHaveLength(1); // a reload is not a new start
  });

  it('a failing on_starting keeps the program from starting; other failing hooks are only reported', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const supervisor = await h.start([program(port, h.dir, { on_starting: 'echo "db not migrated" >&2; exit 3', post_fork: 'exit 1' })]);
    await waitFor('FATAL', () => supervisor.list().every((p) => p.state === 'FATAL'));
    expect(supervisor.list()[0]!.description).toContain('web: hook on_starting failed (exit status 3): db not migrated; not starting');
    expect(supervisor.list().every((p) => p.pid === null)).toBe(true);
    const warnings = h.events.filter((e) => e.kind === 'supervisor' && e.level === 'warn').map((e) => (e as { message: string }).message);
    expect(warnings.some((m) => m.includes('hook on_starting failed (exit status 3)'))).toBe(true);
  });

  it('a failing post_fork is logged and the workers run on', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const supervisor = await h.start([program(port, h.dir, { post_fork: 'echo nope; exit 1' })]);
    await waitFor('RUNNING', () => supervisor.list().every((p) => p.state === 'RUNNING'));
    await waitFor('the failure reported', () =>
      h.events.some((e) => e.kind === 'supervisor' && /web: hook post_fork failed \(exit status 1\): nope/.test((e as { message: string }).message)),
    );
  });

  describe('a hook that leaves a background child (`sleep 1000 &`, output not redirected)', () => {
    const background = 'sleep 1000 & echo $! > bg.pid';

    async function startWithBackgroundHook(): Promise<{ supervisor: Supervisor; bgPid: number }> {
      h = new EngineHarness();
      const port = await freePort();
      // Not awaited: with the old behaviour start() itself waits out the hook's 60 s.
      void h.start([program(port, h.dir, { on_starting: background })]).catch(() => {});
      const bgPid = await waitFor('bg.pid written', () => Number(readFileSync(path.join(h.dir, 'bg.pid'), 'utf8').trim()) || null);
      leftovers.push(bgPid);
      const supervisor = h.supervisors[0]!;
      // Well under the old 60 s: the hook is done when its own process exits, not when its pipes close.
      await waitFor('RUNNING while the hook child still holds its pipes', () => supervisor.list().every((p) => p.state === 'RUNNING'), 30_000);
      expect(isAlive(bgPid)).toBe(true);
      return { supervisor, bgPid };
    }

    it('does not hold the program in STARTING, and stop ends the child', async () => {
      const { supervisor, bgPid } = await startWithBackgroundHook();
      await supervisor.stopProcesses(['web']);
      expect(isAlive(bgPid)).toBe(false);
    });

    it('does not survive a shutdown', async () => {
      const { supervisor, bgPid } = await startWithBackgroundHook();
      await supervisor.shutdown();
      expect(isAlive(bgPid)).toBe(false);
    });

    it('stops a child that ignores TERM with KILL after stopwaitsecs', async () => {
      h = new EngineHarness();
      const port = await freePort();
      const stubborn = `sh -c 'trap "" TERM; echo $$ > bg.pid; while :; do sleep 0.1; done' > /dev/null 2>&1 &`;
      const supervisor = await h.start([{ ...program(port, h.dir, { on_starting: stubborn }), stopwaitsecsMs: 1000 }]);
      const bgPid = await waitFor('bg.pid written', () => Number(readFileSync(path.join(h.dir, 'bg.pid'), 'utf8').trim()) || null);
      leftovers.push(bgPid);
      await waitFor('RUNNING', () => supervisor.list().every((p) => p.state === 'RUNNING'));
      expect(isAlive(bgPid)).toBe(true);
      await supervisor.stopProcesses(['web']);
      expect(isAlive(bgPid)).toBe(false);
    });
  });
});
