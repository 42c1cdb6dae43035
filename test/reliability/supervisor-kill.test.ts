import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest } from '../helpers/control-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { freePort } from '../helpers/free-port.js';
import { getOnNewConnection, HELLO_APP } from '../helpers/prefork.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';
import { groupExists } from '../../src/engine/signals.js';
import { canListenOn, describePids, listProcesses, processesWithEnv, waitAllRunning } from './fault-helpers.js';
import { formatCount, recordRow, size } from './profile.js';

/**
 * SIGKILL to the supervisor while it is replacing or adding prefork workers,
 * then drover started again on the same config. The killed supervisor cannot
 * clean up, so its children (old workers, half-started new ones, a plain
 * program) survive it, holding the port; the next supervisor must find them
 * through its state file and stop them before it serves the port itself.
 *
 * The config sets keep_programs: false: this is the state file's fallback,
 * which also runs when a keeper itself was killed. With keepers (the default)
 * the next supervisor adopts the survivors instead (test/daemon/keep-programs).
 *
 * Each supervisor generation runs with its own value of MARKER in its
 * environment, which everything it starts inherits: /proc then shows every
 * process of a generation, whatever session or parent it ended up with.
 */

const ROUNDS = size(1, 5);
const WORKERS = 3;
const SCALED = 6;
const MARKER = 'DROVER_FAULT_GENERATION';

type Action = 'reload' | 'scale';

const harnesses: DaemonHarness[] = [];
const generations: string[] = [];

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.cleanup();
  // Whatever a failed round left: nothing of this test may outlive it.
  for (const generation of generations.splice(0)) {
    for (const pid of processesWithEnv(MARKER, generation)) process.kill(pid, 'SIGKILL');
  }
});

function config(port: number): string {
  return [
    'supervisor:',
    '  keep_programs: false',
    'programs:',
    '  web:',
    '    type: prefork',
    `    bind: 127.0.0.1:${port}`,
    `    workers: ${WORKERS}`,
    `    app: ${HELLO_APP}`,
    '    graceful_timeout: 2s',
    '  side:',
    '    command: sleep 100000',
    '    startsecs: 0',
    '',
  ].join('\n');
}

function newGeneration(): string {
  const generation = randomUUID();
  generations.push(generation);
  return generation;
}

/** Starts the reload or the scale-up without waiting for it: the supervisor dies before it could answer. */
function beginAction(h: DaemonHarness, action: Action): void {
  const request =
    action === 'reload'
      ? httpRequest(h.socket, 'POST', '/v1/processes/reload', JSON.stringify({ patterns: ['web'] }))
      : httpRequest(h.socket, 'POST', `/v1/programs/web/scale`, JSON.stringify({ count: String(SCALED) }));
  request.catch(() => undefined);
}

/** One round: returns how many processes the killed supervisor left behind. */
async function killMidwayAndRecover(action: Action, round: number): Promise<number> {
  const h = new DaemonHarness();
  harnesses.push(h);
  const port = await freePort();
  h.writeConfig(config(port));
  const killedGeneration = newGeneration();
  const first = await h.startDaemon([], { [MARKER]: killedGeneration });
  expect(first.code, first.stderr).toBe(0);
  const before = await waitAllRunning(h.socket, WORKERS + 1);
  await h.rememberPrograms();
  const oldWorkers = before.filter((p) => p.program === 'web').map((p) => p.pid!);
  const seen = new Set(before.map((p) => p.pid!));

  // Kill at a different point each round: after the first new worker appears, or the second.
  const freshWanted = 1 + (round % 2);
  beginAction(h, action);
  await waitFor(
    `${freshWanted} new worker(s) while the ${action} is still in progress`,
    async () => {
      const list = await listProcesses(h.socket);
      for (const p of list) if (p.pid !== null) seen.add(p.pid);
      const fresh = list.filter((p) => p.program === 'web' && p.pid !== null && !oldWorkers.includes(p.pid));
      const inProgress = action === 'reload' ? oldWorkers.some(isAlive) : list.filter((p) => p.program === 'web' && p.state === 'RUNNING').length < SCALED;
      return fresh.length >= freshWanted && inProgress;
    },
    20_000,
    5,
  );
  process.kill(first.pid!, 'SIGKILL');
  await waitFor('the killed supervisor to be gone', () => !isAlive(first.pid!));
  const leftBehind = processesWithEnv(MARKER, killedGeneration);
  // The point of the scenario: the kill did leave live children behind, holding the port.
  expect(leftBehind.length).toBeGreaterThan(0);
  for (const pid of leftBehind) seen.add(pid);

  const nextGeneration = newGeneration();
  const second = await h.startDaemon([], { [MARKER]: nextGeneration });
  expect(second.code, second.stderr).toBe(0);
  await waitFor(
    'every process of the killed generation, and its process group, to be gone',
    () => processesWithEnv(MARKER, killedGeneration).length === 0 && [...seen].every((pid) => !isAlive(pid) && !groupExists(pid)),
    15_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; still there: ${describePids(processesWithEnv(MARKER, killedGeneration))}`);
  });
  // The scale asked for is in the journal (a live ctl scale outlives its supervisor): the new one grows to it.
  const workers = action === 'scale' ? SCALED : WORKERS;
  const after = await waitAllRunning(h.socket, workers + 1, `${workers} workers and side RUNNING under the new supervisor`);
  await h.rememberPrograms();
  const newWorkers = after.filter((p) => p.program === 'web').map((p) => p.pid!);
  expect(newWorkers.filter((pid) => seen.has(pid))).toEqual([]);
  for (let i = 0; i < 10; i++) {
    const answer = await getOnNewConnection(port);
    expect(newWorkers).toContain(Number(/^hello from (\d+)/.exec(answer)?.[1]));
  }

  const shutdown = await httpRequest(h.socket, 'POST', '/v1/shutdown');
  expect(shutdown.status).toBe(200);
  await waitFor('the new supervisor to exit', () => !isAlive(second.pid!));
  expect(processesWithEnv(MARKER, killedGeneration)).toEqual([]);
  expect(processesWithEnv(MARKER, nextGeneration)).toEqual([]);
  for (const pid of [...seen, ...after.map((p) => p.pid!)]) expect(groupExists(pid), `process group ${pid}`).toBe(false);
  expect(await canListenOn(port)).toBe(true);
  return leftBehind.length;
}

describe('the supervisor killed with SIGKILL, then started again', () => {
  it.each<[Action, string]>([
    ['reload', `mid rolling reload (${WORKERS} workers)`],
    ['scale', `mid scale-up (${WORKERS} → ${SCALED} workers)`],
  ])(
    '%s: the next supervisor stops everything the killed one left, serves the port, and leaves nothing when it stops',
    async (action, during) => {
      let orphans = 0;
      for (let round = 0; round < ROUNDS; round++) orphans += await killMidwayAndRecover(action, round);
      recordRow({
        id: `faults-supervisor-kill-${action}`,
        scenario: `SIGKILL to the supervisor ${during}, then drover started again`,
        injected: `${formatCount(ROUNDS)} supervisor kill${ROUNDS === 1 ? '' : 's'}`,
        outcome: `${formatCount(orphans)} left-behind processes stopped by the next supervisor; port served again, every program RUNNING (at the scale asked for); nothing left and port free after stop`,
        lost: '—',
        crashes: '0',
      });
    },
    size(60_000, 5 * 60_000),
  );
});
