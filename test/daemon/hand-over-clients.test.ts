import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/cli-harness.js';
import { droverLogLines, handOver, reexec, processesOf, runningPidsOf, setPrograms, waitForAdoptions, waitForStatus, type HandOver } from '../helpers/hand-over.js';
import { KeepRun, WORKERS } from '../helpers/keep-programs.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';
import { SocketApi } from '../../src/client/socket-client.js';
import { ViewSession } from '../../src/tui/session/view-session.js';

/**
 * Issue 22: what a hand-over (ctl reexec, or a SIGKILL and a fresh start)
 * keeps besides the programs themselves: clients that follow on, changes
 * made live with ctl, and workers a rolling reload renumbered.
 */

let run: KeepRun;

afterEach(async () => {
  await run.cleanup();
});

const FOREVER = path.join(FIXTURES, 'forever.mjs');

function sleeper(numprocs: number): Record<string, unknown> {
  return { command: `${process.execPath} ${FOREVER}`, startsecs: 0, numprocs, process_name: '%(program_name)s_%(process_num)02d' };
}

function socketOf(keepRun: KeepRun): string {
  return path.join(keepRun.dir, 'run', 'drover.sock');
}

/** The last number the writer's write(2) took, from its side file. */
function writerPrinted(): number {
  const [side] = readdirSync(run.sideDir).filter((f) => f.endsWith('.last'));
  return Number(readFileSync(path.join(run.sideDir, side!), 'latin1').trim() || 0);
}

const NUMBERED = /^(\d{8}-[0-9a-f]{4}) (\d{10})$/;

async function ctlOk(args: string[]): Promise<void> {
  const result = await run.ctl(args);
  expect(result.code, `ctl ${args.join(' ')}: ${result.stdout}\n${result.stderr}`).toBe(0);
}

describe.each<HandOver>(['ctl reexec', 'SIGKILL + start'])('live changes across %s', (how) => {
  it('ctl stop and ctl scale carry over; a later ctl start too; a config count changed since the scale wins', { timeout: 180_000 }, async () => {
    run = new KeepRun();
    await run.configure(true);
    setPrograms(run, { a: sleeper(1), b: sleeper(1) });
    await run.startDaemon();
    const first = await waitForStatus(run, 'a and b RUNNING', (p) => runningPidsOf(p, 'a').length === 1 && runningPidsOf(p, 'b').length === 1);
    const aBefore = runningPidsOf(first, 'a')[0]!;

    await ctlOk(['stop', 'a']);
    await ctlOk(['scale', 'b', '3']);
    const scaled = await waitForStatus(run, 'b scaled to 3', (p) => runningPidsOf(p, 'b').length === 3);
    const bPids = runningPidsOf(scaled, 'b');
    expect(isAlive(aBefore)).toBe(false);

    await handOver(run, how);
    await waitForAdoptions(run, 1);
    let after = await waitForStatus(run, 'b with 3 processes RUNNING', (p) => runningPidsOf(p, 'b').length === 3);
    expect(runningPidsOf(after, 'b')).toEqual(bPids);
    expect(processesOf(after, 'a').map((p) => [p.state, p.pid])).toEqual([['STOPPED', null]]);

    // Started again live, then handed over: kept running with its pid.
    await ctlOk(['start', 'a']);
    const aStarted = runningPidsOf(await waitForStatus(run, 'a RUNNING again', (p) => runningPidsOf(p, 'a').length === 1), 'a');
    await handOver(run, how);
    await waitForAdoptions(run, 2);
    after = await waitForStatus(run, 'a and b RUNNING', (p) => runningPidsOf(p, 'a').length === 1 && runningPidsOf(p, 'b').length === 3);
    expect(runningPidsOf(after, 'a')).toEqual(aStarted);
    expect(runningPidsOf(after, 'b')).toEqual(bPids);

    // The config's count for b changed since the scale (1 → 2): the config wins, one of the 3 is stopped.
    setPrograms(run, { a: sleeper(1), b: sleeper(2) });
    await handOver(run, how);
    await waitForAdoptions(run, 3);
    after = await waitForStatus(run, 'b down to 2 processes, one of the 3 stopped', (p) => runningPidsOf(p, 'b').length === 2 && bPids.filter(isAlive).length === 2);
    const bKept = runningPidsOf(after, 'b');
    expect(bKept.every((pid) => bPids.includes(pid))).toBe(true);
    expect(processesOf(after, 'b')).toHaveLength(2);
    expect(runningPidsOf(after, 'a')).toEqual(aStarted);
    // a started twice in all: at first, and by ctl start; no hand-over started it.
    expect(droverLogLines(run, /^\S+ \S+ a:a_00 STOPPED -> STARTING/)).toHaveLength(2);
  });
});

describe('a rolling reload’s renumbered workers', () => {
  it('are adopted after a SIGKILL and a fresh start: the same 2 pids RUNNING, none stopped', { timeout: 120_000 }, async () => {
    run = new KeepRun();
    await run.configure(true);
    await run.startDaemon();
    const first = await run.waitAllRunning();
    const reload = await run.ctl(['reload', 'web']);
    expect(reload.code, `${reload.stdout}\n${reload.stderr}\n${run.logTail()}`).toBe(0);
    // The reload starts new workers, numbered on past the config's web_00 and web_01.
    const reloaded = await waitForStatus(
      run,
      'two new workers RUNNING, the old ones gone',
      (p) => runningPidsOf(p, 'web').length === WORKERS && runningPidsOf(p, 'web').every((pid) => !first.web.includes(pid)),
    );
    const renumbered = processesOf(reloaded, 'web').filter((p) => p.state === 'RUNNING');
    expect(renumbered.map((p) => p.name).filter((name) => !['web:web_00', 'web:web_01'].includes(name))).not.toEqual([]);

    await run.killSupervisor();
    await run.startDaemon();
    await waitForAdoptions(run, 1);
    const after = await run.waitAllRunning();
    expect(after.web).toEqual(runningPidsOf(reloaded, 'web'));
    expect(after.writer).toEqual(first.writer);
    expect(droverLogLines(run, /stopping pid/)).toEqual([]);
  });
});

describe('ctl tail -f', () => {
  it('follows on across two ctl reexec: each said once on stderr, every number once and in order', { timeout: 180_000 }, async () => {
    run = new KeepRun();
    await run.configure(true);
    await run.startDaemon();
    await run.waitAllRunning();
    const tail = run.run(['ctl', '--socket', socketOf(run), 'tail', '-f', 'writer']);
    const followedOn = () => tail.stderr.split('\n').filter((l) => l.includes('the supervisor handed over to a fresh one; following on')).length;
    await tail.waitForLine(NUMBERED);
    const printedAtHandOver: number[] = [];
    for (let round = 1; round <= 2; round++) {
      printedAtHandOver.push(writerPrinted());
      await reexec(run);
      await waitFor(`tail to follow on after hand-over ${round}`, () => followedOn() >= round, 70_000).catch((err: Error) => {
        throw new Error(`${err.message}\nstderr:\n${tail.stderr}\n${run.logTail()}`, { cause: err });
      });
      // A few hundred lines (3 ms each) from the new supervisor before going on.
      const target = writerPrinted() + 300;
      await waitFor(`tail to print line ${target}`, () => Number(NUMBERED.exec(tail.lines.at(-1) ?? '')?.[2] ?? 0) >= target, 30_000);
    }
    tail.child.kill('SIGINT');
    expect(await tail.exited, tail.stderr).toBe(0);

    expect(followedOn(), tail.stderr).toBe(2);
    const parsed = tail.lines.map((line) => NUMBERED.exec(line));
    expect(tail.lines.filter((_, i) => !parsed[i])).toEqual([]);
    expect(new Set(parsed.map((m) => m![1])).size).toBe(1);
    const numbers = parsed.map((m) => Number(m![2]));
    const breaks = numbers.flatMap((n, i) => (i > 0 && n !== numbers[i - 1]! + 1 ? [`${numbers[i - 1]} then ${n}`] : []));
    expect(breaks).toEqual([]);
    expect(numbers[0]).toBeLessThan(printedAtHandOver[0]!);
    expect(numbers.at(-1)).toBeGreaterThan(printedAtHandOver[1]! + 300);
  });
});

describe('the attached view (ViewSession over the control socket)', () => {
  it('reconnects after ctl reexec with the same pids RUNNING, and still ends on ctl shutdown', { timeout: 180_000 }, async () => {
    run = new KeepRun();
    await run.configure(true);
    const oldPid = await run.startDaemon();
    const pids = await run.waitAllRunning();
    const session = new ViewSession(new SocketApi(socketOf(run)), 0);
    const notices: string[] = [];
    session.notices.subscribe(() => notices.push(session.notices.getSnapshot()?.message ?? ''));
    let goneAt: number | null = null;
    void session.gone.then(() => (goneAt = Date.now()));
    const storePids = (program: string) =>
      session.processes
        .getSnapshot()
        .processes.filter((p) => p.name.startsWith(`${program}:`) && p.state === 'RUNNING' && p.pid !== null)
        .map((p) => p.pid!)
        .sort((a, b) => a - b);
    try {
      await session.start();
      expect({ web: storePids('web'), writer: storePids('writer') }).toEqual(pids);

      const newPid = await reexec(run);
      const reconnected = `reconnected: supervisor pid ${newPid} took over from pid ${oldPid}`;
      await waitFor(`the view's notice "${reconnected}"`, () => notices.includes(reconnected), 70_000).catch((err: Error) => {
        throw new Error(`${err.message}; notices ${JSON.stringify(notices)}\n${run.logTail()}`, { cause: err });
      });
      expect(notices).toContain(`supervisor pid ${oldPid} is handing over to a fresh drover; waiting for it…`);
      expect(goneAt).toBe(null);
      expect({ web: storePids('web'), writer: storePids('writer') }).toEqual(pids);
      await waitFor('the header to show the new supervisor', () => session.info.getSnapshot()?.pid === newPid);
      // Events come from the new supervisor now: a stop made there shows in the store.
      await ctlOk(['stop', 'writer']);
      await waitFor('the view to show writer STOPPED', () => session.processes.getSnapshot().byName.get('writer:writer')?.state === 'STOPPED');

      // No hand-over: the view ends, without waiting for a successor.
      await ctlOk(['shutdown']);
      const shutdownAt = Date.now();
      await waitFor('the view to see the supervisor gone', () => goneAt !== null, 20_000);
      expect(goneAt! - shutdownAt).toBeLessThan(5_000);
      await waitFor(`supervisor ${newPid} to exit`, () => !isAlive(newPid), 30_000);
      run.supervisorPid = null;
    } finally {
      session.close();
    }
  });
});
