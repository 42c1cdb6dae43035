import { connect } from 'node:net';
import { expect } from 'vitest';
import { type GunicornStack, WORKERS, childrenOf, countHook, getOnce, readHooks, readWebLog, waitServing } from './gunicorn-project.js';
import { startLoad } from './load-clients.js';
import { isAlive, waitFor } from './wait-for.js';

/**
 * The checks issue 17 asks of gunicorn as a plain program, one function each,
 * run on every config form (hand-written and imported) by the same test file.
 */

const CLIENTS = 4;
const RELOADS = 3;
/** Good answers needed between two reloads, so each lands on a server under load. */
const ANSWERS_PER_ROUND = 30;

/** The master (the program's pid) forked exactly WORKERS workers, and each server hook ran where it should. */
export async function checkWorkerCount(stack: GunicornStack): Promise<void> {
  const master = await waitServing(stack);
  const workers = childrenOf(master);
  expect(workers).toHaveLength(WORKERS);
  const hooks = readHooks(stack);
  expect(
    hooks.filter((h) => h.hook === 'on_starting'),
    'on_starting runs once, in the master',
  ).toEqual([{ hook: 'on_starting', pid: master }]);
  await waitFor('when_ready in hooks.log', () => countHook(stack, 'when_ready') === 1);
  const forked = readHooks(stack)
    .filter((h) => h.hook === 'post_fork')
    .map((h) => h.pid);
  expect(
    forked.sort((a, b) => a - b),
    'post_fork runs once in each worker',
  ).toEqual(workers);
}

/**
 * RELOADS times `ctl ARGS` under load, one request per connection: every
 * request answered, the master kept, every worker replaced, WORKERS again after each.
 */
export async function checkGracefulUnderLoad(stack: GunicornStack, args: string[]): Promise<void> {
  const master = await waitServing(stack);
  const seen = new Set(childrenOf(master));
  const load = startLoad(stack.port, CLIENTS, { keepAlive: false, timeoutMs: 10_000 });
  try {
    for (let round = 1; round <= RELOADS; round++) {
      const before = new Set(childrenOf(master));
      const okBefore = load.result.ok;
      await stack.ctl(...args);
      await waitFor(
        `round ${round} of \`ctl ${args.join(' ')}\`: ${WORKERS} new workers of ${master}, serving`,
        () => {
          const now = childrenOf(master);
          const replaced = now.length === WORKERS && now.every((pid) => !before.has(pid));
          return replaced && load.result.ok >= okBefore + ANSWERS_PER_ROUND;
        },
        60_000,
        50,
      );
      for (const pid of childrenOf(master)) seen.add(pid);
    }
  } finally {
    await load.stop();
  }
  const result = load.result;
  expect({ failed: result.failed, non2xx: result.non2xx, errors: result.errors }).toEqual({ failed: 0, non2xx: 0, errors: [] });
  expect(result.ok).toBeGreaterThanOrEqual(RELOADS * ANSWERS_PER_ROUND);
  const status = await stack.status();
  expect(status, 'the master keeps its pid: a reload, not a restart').toMatchObject({ state: 'RUNNING', pid: master, restarts: 0 });
  expect(seen.size, 'each reload replaced every worker').toBe(WORKERS * (RELOADS + 1));
  expect(countHook(stack, 'on_reload')).toBe(RELOADS);
  expect(countHook(stack, 'on_starting'), 'the master did not start again').toBe(1);
  expect(countHook(stack, 'post_fork')).toBe(WORKERS * (RELOADS + 1));
}

/** `ctl stop web`: once it returns, the master and every worker are gone, the port refuses, and gunicorn stopped gracefully. */
export async function checkStopLeavesNothing(stack: GunicornStack): Promise<void> {
  const master = await waitServing(stack);
  const workers = childrenOf(master);
  await stack.ctl('stop', 'web');
  expect([master, ...workers].filter(isAlive), 'processes left after ctl stop').toEqual([]);
  expect(await connectError(stack.port)).toBe('ECONNREFUSED');
  expect((await stack.status()).state).toBe('STOPPED');
  expect(countHook(stack, 'on_exit'), 'TERM let gunicorn run its on_exit hook').toBe(1);
}

/**
 * SIGKILL of the master: its workers go with it (drover kills the rest of the
 * group), and autorestart brings up a master that binds the same port at the
 * first try and serves from its own workers.
 */
export async function checkMasterKilled(stack: GunicornStack): Promise<void> {
  const master = await waitServing(stack);
  const workers = childrenOf(master);
  process.kill(master, 'SIGKILL');
  // Under 15 s: an orphaned sync worker notices its new parent by itself after
  // timeout/2 = 15 s, and then the check would pass without drover's help.
  await waitFor(`workers ${workers.join(', ')} of the killed master to be gone`, () => workers.every((pid) => !isAlive(pid)), 10_000);
  const restarted = await waitServing(stack);
  expect(restarted).not.toBe(master);
  const answer = await getOnce(stack.port);
  expect(answer).toMatchObject({ status: 200 });
  const servedBy = Number(/hello from (\d+)/.exec('body' in answer ? answer.body : '')?.[1]);
  expect(childrenOf(restarted), 'the answer came from a worker of the new master').toContain(servedBy);
  const log = await readWebLog(stack);
  expect(log, 'the new master bound the port at once').not.toMatch(/Connection in use|Address already in use/);
  expect(log).toContain(`Listening at: http://127.0.0.1:${stack.port} (${restarted})`);
  expect(await stack.status(), 'one restart, not a loop').toMatchObject({ state: 'RUNNING', pid: restarted, restarts: 1 });
}

/** The error a TCP connect to `port` gets ('' if it connects). */
function connectError(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}
