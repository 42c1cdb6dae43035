import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { countLines, KeepRun, type RunPids } from '../helpers/keep-programs.js';
import { startLoad, type LoadResult } from '../helpers/load-clients.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * Issue 22, "What it must show": programs outlive their supervisor. A prefork
 * app under HTTP load and a writer of numbered log lines, while the supervisor
 * is SIGKILLed and started again, or re-executes itself; then what happens when
 * the keeper itself is killed, and with keep_programs: false.
 */

const KILLS = 20;
const REEXECS = 10;
const CLIENTS = 4;

let run: KeepRun;

afterEach(async () => {
  await run.cleanup();
});

/** A GET to the prefork app; resolves with its status code. */
function fetchStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode!));
    }).on('error', reject);
  });
}

/** Load on the app from now until `work` is done; every failure counted (error, timeout, non-2xx). */
async function underLoad(work: () => Promise<void>): Promise<LoadResult> {
  const load = startLoad(run.port, CLIENTS, { timeoutMs: 10_000 });
  try {
    await waitFor('the load to get answers', () => load.result.ok >= 100);
    await work();
    // Some answers from the last supervisor's time, too.
    const okBefore = load.result.ok;
    await waitFor('more answers after the last round', () => load.result.ok >= okBefore + 100);
  } finally {
    await load.stop();
  }
  return load.result;
}

/** `ctl shutdown`, then: the supervisor gone, and no process of the run left anywhere. */
async function shutdownLeavesNothing(): Promise<void> {
  const pid = run.supervisorPid!;
  const shutdown = await run.ctl(['shutdown']);
  expect(shutdown.code, shutdown.stderr).toBe(0);
  await waitFor(`supervisor ${pid} to exit`, () => !isAlive(pid), 30_000);
  run.supervisorPid = null;
  await waitFor('no process of the run left', () => run.processesOfRun().length === 0, 20_000).catch(() => undefined);
  expect(run.processesOfRun()).toEqual([]);
}

/** Shutdown, then every numbered line the writer printed is in the log files exactly once. */
async function expectEveryLineOnce(): Promise<void> {
  await shutdownLeavesNothing();
  const lines = countLines(run.logFiles(), run.sideDir);
  expect({ lost: lines.lost, repeated: lines.repeated, torn: lines.tornExamples }).toEqual({ lost: 0, repeated: 0, torn: [] });
  expect(lines.writers).toHaveLength(1);
  // 3 ms a line over the whole run: thousands, not a handful.
  expect(lines.printed).toBeGreaterThan(1000);
}

function logMatches(re: RegExp): number {
  return readFileSync(run.droverLog, 'utf8')
    .split('\n')
    .filter((l) => re.test(l)).length;
}

describe('keep_programs (issue 22)', () => {
  it(`SIGKILLed and started again ${KILLS} times under load: no request fails, no log line is lost or repeated, the same pids`, { timeout: 420_000 }, async () => {
    run = new KeepRun();
    await run.configure(true);
    await run.startDaemon();
    const pids = await run.waitAllRunning();
    const rounds: RunPids[] = [];
    const load = await underLoad(async () => {
      for (let i = 0; i < KILLS; i++) {
        await run.killSupervisor();
        await run.startDaemon();
        rounds.push(await run.waitAllRunning());
      }
    });
    expect({ failed: load.failed, non2xx: load.non2xx, errors: load.errors }).toEqual({ failed: 0, non2xx: 0, errors: [] });
    expect(rounds).toEqual(Array.from({ length: KILLS }, () => pids));
    expect(logMatches(/adopted 3 process\(es\) kept running for the previous drover/)).toBe(KILLS);
    await expectEveryLineOnce();
  });

  it(`ctl reexec ${REEXECS} times under load: each hands over to a new pid, no request fails, no line is lost or repeated, the same pids`, { timeout: 300_000 }, async () => {
    run = new KeepRun();
    await run.configure(true);
    await run.startDaemon();
    const pids = await run.waitAllRunning();
    const rounds: RunPids[] = [];
    const load = await underLoad(async () => {
      for (let i = 0; i < REEXECS; i++) {
        const old = run.supervisorPid!;
        const reexec = await run.ctl(['reexec']);
        expect(reexec.code, `${reexec.stdout}\n${reexec.stderr}\n${run.logTail()}`).toBe(0);
        const handed = /re-executed \(pid (\d+) handed over to pid (\d+)\)/.exec(reexec.stdout);
        expect(handed?.[1], reexec.stdout).toBe(String(old));
        const next = Number(handed![2]);
        expect(next).not.toBe(old);
        await waitFor(`the old supervisor ${old} to exit`, () => !isAlive(old), 20_000);
        run.supervisorPid = next;
        rounds.push(await run.waitAllRunning());
      }
    });
    expect({ failed: load.failed, non2xx: load.non2xx, errors: load.errors }).toEqual({ failed: 0, non2xx: 0, errors: [] });
    expect(rounds).toEqual(Array.from({ length: REEXECS }, () => pids));
    await expectEveryLineOnce();
  });

  it('keeper SIGKILLed mid-run: the next drover stops the survivors, starts the programs afresh, and shutdown leaves nothing', { timeout: 180_000 }, async () => {
    run = new KeepRun();
    await run.configure(true);
    const first = await run.startDaemon();
    const before = await run.waitAllRunning();
    const keepers = run.keeperPids();
    expect(keepers.length).toBeGreaterThan(0);
    for (const pid of keepers) process.kill(pid, 'SIGKILL');
    await waitFor('the keepers to be gone', () => keepers.every((pid) => !isAlive(pid)), 20_000);
    // The supervisor lives on without its keepers; then it is SIGKILLed too.
    await run.status();
    await run.killSupervisor();
    const orphans = [...before.web, ...before.writer];
    // With no keeper and no supervisor, nothing reads their output: the writer dies of EPIPE, and the workers end
    // when their notify socket breaks. Those still there are the next drover's to stop.
    const survivors = orphans.filter(isAlive);

    await run.startDaemon();
    const after = await run.waitAllRunning();
    expect(orphans.filter(isAlive)).toEqual([]);
    expect([...after.web, ...after.writer].filter((pid) => orphans.includes(pid))).toEqual([]);
    // Those the next drover found are among them (one may end on its own first): it names them and stops them.
    const found = readFileSync(run.droverLog, 'utf8').match(new RegExp(`found (\\d+) process\\(es\\) left by a previous drover \\(pid ${first}\\); stopped them`, 'g')) ?? [];
    expect(found.length).toBeLessThanOrEqual(1);
    expect(found.length === 0 ? 0 : Number(/found (\d+)/.exec(found[0]!)![1])).toBeLessThanOrEqual(survivors.length);
    expect(logMatches(/adopted \d+ process\(es\)/)).toBe(0);
    expect(await fetchStatus(run.port)).toBe(200);
    await shutdownLeavesNothing();
  });

  it('keep_programs: false: no keeper, and a SIGKILLed supervisor’s programs are stopped by the next one', { timeout: 120_000 }, async () => {
    run = new KeepRun();
    await run.configure(false);
    const first = await run.startDaemon();
    const before = await run.waitAllRunning();
    expect(run.keeperPids()).toEqual([]);
    const reexec = await run.ctl(['reexec']);
    expect(reexec.code).not.toBe(0);
    expect(reexec.stderr).toMatch(/keep_programs/);
    await run.killSupervisor();

    await run.startDaemon();
    const after = await run.waitAllRunning();
    const old = [...before.web, ...before.writer];
    expect(old.filter(isAlive)).toEqual([]);
    expect([...after.web, ...after.writer].filter((pid) => old.includes(pid))).toEqual([]);
    expect(logMatches(new RegExp(`found \\d+ process\\(es\\) left by a previous drover \\(pid ${first}\\); stopped them`))).toBe(1);
    expect(await fetchStatus(run.port)).toBe(200);
    await shutdownLeavesNothing();
  });
});
