import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from './daemon-harness.js';
import { freePort } from './free-port.js';
import { startLoad, type LoadResult } from './load-clients.js';
import { answerPid, expectEveryWorkerServes, servingWorker, STACK_DEADLINE_MS, tryConnect, waitForWorkers, type PreforkStack } from './prefork-stack.js';
import { requireServer } from './stack-servers.js';
import { isAlive, waitFor } from './wait-for.js';

/**
 * The checks every Python server on the prefork core must pass, written once
 * and run against each stack: written by hand (gunicorn, uvicorn) or imported
 * from a supervisord.conf with `drover import --prefork`.
 */

/** The worker count each stack is configured with. */
export const STACK_WORKERS = 3;

/** How long load runs around a rolling reload (at least), as a wrk run of that length would. */
const RELOAD_WINDOW_MS = 10_000;

export interface StackSetup {
  /** Names the stack in test titles and in the printed figures. */
  title: string;
  /** Each server the stack runs, as `[command, args]` that must exit 0 (a missing server fails the test). */
  servers: Array<[string, string[]]>;
  /** Writes programs.yaml into h.dir, serving `port` with STACK_WORKERS workers; returns the prefork program's name. */
  configure: (h: DaemonHarness, port: number) => string | Promise<string>;
  /** Load with keep-alive clients; false: one request per connection (gunicorn's sync workers close every connection). */
  keepAlive: boolean;
}

const CLIENTS = 8;
/** Requests answered between two checkpoints before load counts as flowing. */
const FLOWING = 200;
const TEST_TIMEOUT_MS = 240_000;

/** The last lines of the daemon's log, to say why a stack did not come up. */
function daemonLogTail(h: DaemonHarness): string {
  const log = path.join(h.dir, 'logs', 'drover.log');
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-40).join('\n') : '(no logs/drover.log)';
}

/** Configures and starts the stack under a daemon, and waits for its workers. */
export async function launchStack(h: DaemonHarness, setup: StackSetup): Promise<{ stack: PreforkStack; pids: number[] }> {
  for (const [command, args] of setup.servers) requireServer(command, args);
  const port = await freePort();
  const program = await setup.configure(h, port);
  const started = await h.startDaemon();
  expect(started.code, started.stdout + started.stderr).toBe(0);
  const stack = { h, program, port };
  try {
    return { stack, pids: await waitForWorkers(stack, STACK_WORKERS) };
  } catch (error) {
    throw new Error(`${(error as Error).message}\ndrover.log:\n${daemonLogTail(h)}`, { cause: error });
  }
}

async function ctl(stack: PreforkStack, args: string[]): Promise<void> {
  const run = await stack.h.runToEnd(['ctl', ...args]);
  expect(run.code, `drover ctl ${args.join(' ')}: ${run.stdout}\n${run.stderr}`).toBe(0);
}

/**
 * Runs `during` under load and waits for load to flow again after it, and
 * for `windowMs` since the load began; returns the load's figures.
 */
async function underLoad(stack: PreforkStack, keepAlive: boolean, during: (load: LoadResult) => Promise<void>, windowMs = 0): Promise<LoadResult> {
  const load = startLoad(stack.port, CLIENTS, { keepAlive });
  const began = Date.now();
  try {
    await waitFor('load flowing', () => load.result.ok > FLOWING, STACK_DEADLINE_MS);
    await during(load.result);
    const okAfter = load.result.ok;
    await waitFor('load flowing again afterwards', () => load.result.ok > okAfter + FLOWING && Date.now() - began >= windowMs, STACK_DEADLINE_MS);
  } finally {
    await load.stop();
  }
  return load.result;
}

function countRequests(result: LoadResult): number {
  return result.ok + result.failed + result.non2xx;
}

/** Rolling reload under load: every worker replaced, load flows after, no request failed. */
export async function checkRollingReload(stack: PreforkStack, setup: StackSetup, before: number[]): Promise<void> {
  const result = await underLoad(stack, setup.keepAlive, () => ctl(stack, ['reload', stack.program]), RELOAD_WINDOW_MS);
  const after = await waitForWorkers(stack, STACK_WORKERS, (pids) => pids.every((pid) => !before.includes(pid)));
  for (const pid of before) expect(isAlive(pid), `old worker ${pid} still alive after the reload`).toBe(false);
  const requests = countRequests(result);
  console.log(`${setup.title}: rolling reload under load: ${requests} requests, ${result.failed} failed`);
  expect(result.non2xx).toBe(0);
  // None may fail: gunicorn's sync workers take no keep-alive connections, and uvicorn (alone or as
  // gunicorn's worker class) runs through drover's keep-alive drain (engine/prefork/uvicorn-drain.py).
  expect(result.failed, `failed requests: ${result.errors.join('; ')}`).toBe(0);
  await expectEveryWorkerServes(stack.port, after);
}

/** `ctl scale NAME 5`, then `2`: the worker count follows, the removed workers are gone, all the others serve. */
export async function checkScale(stack: PreforkStack): Promise<void> {
  await ctl(stack, ['scale', stack.program, '5']);
  const five = await waitForWorkers(stack, 5);
  await expectEveryWorkerServes(stack.port, five);
  await ctl(stack, ['scale', stack.program, '2']);
  const two = await waitForWorkers(stack, 2);
  for (const pid of five.filter((p) => !two.includes(p))) expect(isAlive(pid), `removed worker ${pid} still alive`).toBe(false);
  await expectEveryWorkerServes(stack.port, two);
}

/** The worker most load clients are connected to now (the worst one to lose), from their last answers. */
function busiestWorker(result: LoadResult, workers: number[]): number {
  const clientsOn = new Map(workers.map((pid) => [pid, 0]));
  for (const answer of result.lastAnswers) {
    const pid = answerPid(answer);
    const worker = pid === null ? null : servingWorker(pid, workers);
    if (worker !== null) clientsOn.set(worker, clientsOn.get(worker)! + 1);
  }
  return workers.reduce((busiest, pid) => (clientsOn.get(pid)! > clientsOn.get(busiest)! ? pid : busiest));
}

/**
 * SIGKILL of the busiest worker under load: a new worker replaces it and
 * requests keep being answered. The socket stays open through the crash, so
 * only requests in flight on the victim fail: at most one per client.
 */
export async function checkWorkerKill(stack: PreforkStack, setup: StackSetup, before: number[]): Promise<void> {
  let victim = 0;
  let after: number[] = [];
  const result = await underLoad(stack, setup.keepAlive, async (load) => {
    victim = busiestWorker(load, before);
    process.kill(victim, 'SIGKILL');
    after = await waitForWorkers(stack, STACK_WORKERS, (pids) => !pids.includes(victim));
  });
  console.log(`${setup.title}: SIGKILL of a worker under load: ${countRequests(result)} requests, ${result.failed} failed`);
  expect(after.filter((pid) => !before.includes(pid))).toHaveLength(1);
  expect(result.non2xx).toBe(0);
  expect(result.failed, `failed requests: ${result.errors.join('; ')}`).toBeLessThanOrEqual(CLIENTS);
  await expectEveryWorkerServes(stack.port, after);
}

/** Every process of the group `pgid` has exited. */
function isGroupGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch {
    return true;
  }
}

/** After `ctl stop NAME`, nothing of the workers is left and a connect is refused at once. */
export async function checkStopRefuses(stack: PreforkStack, pids: number[]): Promise<void> {
  await ctl(stack, ['stop', stack.program]);
  const started = Date.now();
  expect(await tryConnect(stack.port)).toBe('refused');
  expect(Date.now() - started).toBeLessThan(1000);
  for (const pid of pids) expect(isGroupGone(pid), `a process of worker ${pid}'s group is left`).toBe(true);
}

/** The five checks as tests, each on a fresh daemon running the stack. */
export function describePreforkStack(setup: StackSetup): void {
  describe(`${setup.title} on the prefork core`, () => {
    let h: DaemonHarness;
    beforeEach(() => {
      h = new DaemonHarness();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it(
      `serves: answers from each of its ${STACK_WORKERS} workers`,
      async () => {
        const { stack, pids } = await launchStack(h, setup);
        await expectEveryWorkerServes(stack.port, pids);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'reloads worker by worker under load',
      async () => {
        const { stack, pids } = await launchStack(h, setup);
        await checkRollingReload(stack, setup, pids);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'scales up to 5 and down to 2',
      async () => {
        const { stack } = await launchStack(h, setup);
        await checkScale(stack);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'replaces a worker killed with SIGKILL and keeps answering',
      async () => {
        const { stack, pids } = await launchStack(h, setup);
        await checkWorkerKill(stack, setup, pids);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'refuses connections at once after ctl stop',
      async () => {
        const { stack, pids } = await launchStack(h, setup);
        await checkStopRefuses(stack, pids);
      },
      TEST_TIMEOUT_MS,
    );
  });
}
