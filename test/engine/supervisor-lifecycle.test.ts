import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessStatus } from '../../src/api/supervisor-api.js';
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

const info = (s: Supervisor, name: string): ProcessStatus => s.list().find((p) => p.name === name)!;

describe('supervisor lifecycle', () => {
  it('starts every autostart process and reports it RUNNING with a live pid', async () => {
    const s = await h.start([makeProgram('sleeper', ['sleep', '1000'], { numprocs: 3 }), makeProgram('manual', ['sleep', '1000'], { autostart: false })]);
    await waitFor('3 RUNNING', () => s.list().filter((p) => p.state === 'RUNNING').length === 3);
    const running = s.list().filter((p) => p.state === 'RUNNING');
    expect(running.map((p) => p.name)).toEqual(['sleeper:sleeper_00', 'sleeper:sleeper_01', 'sleeper:sleeper_02']);
    for (const p of running) expect(isAlive(p.pid!)).toBe(true);
    expect(info(s, 'manual:manual').state).toBe('STOPPED');
  });

  it('restarts a crashed process with a new pid and counts the restart', async () => {
    const s = await h.start([makeProgram('svc', fixture('forever.mjs'))]);
    const first = await waitFor('RUNNING', () => (info(s, 'svc:svc').state === 'RUNNING' ? info(s, 'svc:svc').pid : null));
    process.kill(first, 'SIGKILL');
    const second = await waitFor('a new pid', () => {
      const p = info(s, 'svc:svc');
      return p.state === 'RUNNING' && p.pid !== first ? p.pid : null;
    });
    expect(isAlive(second)).toBe(true);
    expect(info(s, 'svc:svc').restarts).toBe(1);
    expect(info(s, 'svc:svc').exitSignal).toBe('SIGKILL');
  });

  it('backs off with growing delays, then goes FATAL after startretries', async () => {
    const s = await h.start([makeProgram('crashy', fixture('exit-with.mjs', 1), { startsecsMs: 2000, startretries: 1 })]);
    await waitFor('FATAL', () => info(s, 'crashy:crashy').state === 'FATAL');
    const states = h.events.filter((e) => e.kind === 'state' && e.process.name === 'crashy:crashy').map((e) => (e.kind === 'state' ? e.process.state : ''));
    // As supervisord: the last failed attempt is a BACKOFF too, then FATAL.
    expect(states).toEqual(['STARTING', 'BACKOFF', 'STARTING', 'BACKOFF', 'FATAL']);
    expect(info(s, 'crashy:crashy').description).toMatch(/exited too quickly \(exit status 1\); gave up after 2 failed starts/);
  });

  it('leaves an expected exit EXITED and restarts an unexpected one', async () => {
    const s = await h.start([
      makeProgram('done', fixture('exit-with.mjs', 0, 300), { startsecsMs: 100 }),
      makeProgram('oops', fixture('exit-with.mjs', 4, 300), { startsecsMs: 100, startretries: 0 }),
    ]);
    await waitFor('done EXITED', () => info(s, 'done:done').state === 'EXITED');
    await waitFor('oops restarted', () => info(s, 'oops:oops').restarts >= 1);
    expect(info(s, 'done:done').exitCode).toBe(0);
    expect(info(s, 'done:done').restarts).toBe(0);
  });

  it('names the cause of a spawn failure instead of a silent exit', async () => {
    const s = await h.start([
      makeProgram('missing', ['no-such-binary-anywhere', 'x'], { startretries: 0 }),
      makeProgram('baddir', ['sleep', '10'], { directory: '/no/such/folder', startretries: 0 }),
      makeProgram('baduser', ['sleep', '10'], { user: 'no-such-user-xyz', startretries: 0 }),
      makeProgram('noexec', [h.dir], { startretries: 0 }),
    ]);
    await waitFor('all FATAL', () => s.list().every((p) => p.state === 'FATAL'));
    expect(info(s, 'missing:missing').description).toMatch(/command not found: no-such-binary-anywhere is not in PATH/);
    expect(info(s, 'baddir:baddir').description).toMatch(/directory \/no\/such\/folder does not exist/);
    expect(info(s, 'baduser:baduser').description).toMatch(/unknown user no-such-user-xyz/);
    expect(info(s, 'noexec:noexec').description).toMatch(/command not found/);
  });

  it('keeps retrying forever with startretries infinite, with growing delays', async () => {
    const s = await h.start([makeProgram('missing', ['no-such-binary-anywhere'], { startretries: Infinity })]);
    await waitFor('second backoff', () => /retrying in 2s/.test(info(s, 'missing:missing').description), 10_000);
    expect(info(s, 'missing:missing').state).toBe('BACKOFF');
  });

  it('answers a start of a failing program at its first failed attempt, and says the retries go on', async () => {
    // supervisorctl answers when the process leaves STARTING; waiting for FATAL took 1 + 2 + 3 s of backoff here, minutes in real configs.
    const s = await h.start([
      makeProgram('flaky', ['sh', '-c', 'exit 3'], { autostart: false, startsecsMs: 1000, startretries: 3 }),
      makeProgram('hopeless', ['sh', '-c', 'exit 3'], { autostart: false, startsecsMs: 1000, startretries: 0 }),
    ]);
    const began = Date.now();
    const [flaky] = await s.startProcesses(['flaky']);
    expect(Date.now() - began).toBeLessThan(2500);
    expect(flaky).toMatchObject({ name: 'flaky:flaky', ok: false, state: 'BACKOFF' });
    expect(flaky!.message).toMatch(/exit status 3.*3 retries left/);
    await waitFor('the retries to go on', () => info(s, 'flaky:flaky').restarts >= 1, 10_000);
    const [hopeless] = await s.startProcesses(['hopeless']);
    expect(hopeless).toMatchObject({ name: 'hopeless:hopeless', ok: false, state: 'FATAL' });
    expect(hopeless!.message).not.toMatch(/retries left/);
  });

  it('passes environment, directory, umask and DROVER_* variables to the child', async () => {
    const s = await h.start([makeProgram('env', fixture('print-env.mjs'), { environment: { GREETING: 'hi %(program_name)s' }, directory: '/tmp', umask: 0o027 })]);
    const line = await waitFor('output', () => s.tail('env:env', 5).find((l) => l.startsWith('{')));
    const seen = JSON.parse(line) as { cwd: string; env: Record<string, string>; umask: number };
    expect(seen.cwd).toBe('/tmp');
    expect(seen.env.GREETING).toBe('hi env');
    expect(seen.env.DROVER_PROCESS_NAME).toBe('env');
    expect(seen.env.DROVER_PROGRAM_NAME).toBe('env');
    expect(seen.umask).toBe(0o027);
    // stderr is its own pipe: it may arrive after stdout.
    await waitFor('stderr line', () => s.tail('env:env', 5, 'stderr').length > 0);
    expect(s.tail('env:env', 5, 'stderr')).toEqual(['to stderr']);
  });

  it('sends a signal by pattern and rejects unknown signals and patterns', async () => {
    const s = await h.start([makeProgram('svc', ['sleep', '1000'])]);
    await waitFor('RUNNING', () => info(s, 'svc:svc').state === 'RUNNING');
    const results = s.signalProcesses('USR1', ['svc']);
    expect(results).toEqual([expect.objectContaining({ name: 'svc:svc', ok: true })]);
    // sleep dies of SIGUSR1, and the supervisor brings it back.
    await waitFor('restart after USR1', () => info(s, 'svc:svc').restarts === 1 && info(s, 'svc:svc').state === 'RUNNING');
    expect(() => s.signalProcesses('NOPE', ['svc'])).toThrow(/unknown signal: NOPE/);
    expect(() => s.signalProcesses('TERM', ['ghost'])).toThrow(/no process matches 'ghost'/);
  });
});
