import type { ProgramConfig } from '../../src/config/types.js';
import type { Supervisor } from '../../src/engine/supervisor.js';
import { EngineHarness, makeProgram } from './engine-harness.js';
import { freePort } from './free-port.js';
import { startLoad, type LoadResult } from './load-clients.js';
import { HELLO_APP, preforkConfig } from './prefork.js';
import { waitFor } from './wait-for.js';

/**
 * The prefork-under-load scenarios (the built-in runtime's hello app, keep-alive
 * clients), shared by test/engine/prefork-load.test.ts (once each) and
 * test/reliability/prefork-requests.test.ts (repeated on one supervisor).
 */

export const LOAD_WORKERS = 4;
export const LOAD_CLIENTS = 50;

/** Requests answered between two checkpoints before load counts as flowing. */
const FLOWING = 500;

function appProgram(port: number, workers: number): ProgramConfig {
  return makeProgram('web', [], {
    numprocs: workers,
    processName: '%(program_name)s_%(process_num)02d',
    autorestart: true,
    startsecsMs: 0,
    stopwaitsecsMs: 15_000,
    prefork: preforkConfig(port, { app: HELLO_APP, gracefulTimeoutMs: 10_000 }),
  });
}

export interface LoadedApp {
  supervisor: Supervisor;
  load: { stop: () => Promise<LoadResult>; result: LoadResult };
}

/** Starts the app with LOAD_WORKERS workers and LOAD_CLIENTS clients; the harness's cleanup and load.stop() end them. */
export async function startLoadedApp(h: EngineHarness): Promise<LoadedApp> {
  const port = await freePort();
  const supervisor = await h.start([appProgram(port, LOAD_WORKERS)]);
  await waitFor(`${LOAD_WORKERS} workers ready`, () => supervisor.list().every((p) => p.state === 'RUNNING'));
  const load = startLoad(port, LOAD_CLIENTS);
  await waitFor('load flowing', () => load.result.ok > FLOWING);
  return { supervisor, load };
}

/**
 * One rolling reload under load: every worker replaced, the action reported
 * ok, and load flowing again afterwards. Failed requests are the caller's to count.
 */
export async function reloadUnderLoad({ supervisor, load }: LoadedApp): Promise<void> {
  const before = supervisor.list().map((p) => p.pid);
  const results = await supervisor.reloadProcesses(['web']);
  if (!results.every((r) => r.ok)) throw new Error(`reload failed: ${JSON.stringify(results)}`);
  const okAtReloadEnd = load.result.ok;
  await waitFor('load still flowing after the reload', () => load.result.ok > okAtReloadEnd + FLOWING);
  await waitFor('every worker replaced and RUNNING', () => supervisor.list().every((p) => p.state === 'RUNNING' && !before.includes(p.pid)));
}

export interface KillRound {
  victim: number;
  /** Clients whose keep-alive connection was on the victim when it was killed. */
  clientsOnVictim: number;
  /** Requests that failed from the kill until load flowed again. */
  failed: number;
}

/**
 * SIGKILL to the worker holding the most client connections (the worst case),
 * then waits for its replacement and for load to flow again.
 */
export async function killWorkerUnderLoad({ supervisor, load }: LoadedApp): Promise<KillRound> {
  const clientsOn = (pid: number) => load.result.lastAnswers.filter((answer) => answer === `hello from ${pid}\n`).length;
  const pids = supervisor.list().map((p) => p.pid!);
  const victim = pids.reduce((busiest, pid) => (clientsOn(pid) > clientsOn(busiest) ? pid : busiest));
  const failedBefore = load.result.failed;
  const clientsOnVictim = clientsOn(victim);
  process.kill(victim, 'SIGKILL');
  await waitFor('replaced', () => {
    const now = supervisor.list();
    return now.length === pids.length && now.every((p) => p.state === 'RUNNING' && p.pid !== victim);
  });
  const okAfter = load.result.ok;
  await waitFor('load flowing after', () => load.result.ok > okAfter + FLOWING);
  return { victim, clientsOnVictim, failed: load.result.failed - failedBefore };
}
