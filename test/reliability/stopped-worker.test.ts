import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessStatus } from '../../src/api/supervisor-api.js';
import { FIXTURES } from '../helpers/cli-harness.js';
import { httpRequest } from '../helpers/control-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { freePort } from '../helpers/free-port.js';
import { getOnNewConnection, HELLO_APP } from '../helpers/prefork.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';
import { listProcesses, waitAllRunning } from './fault-helpers.js';
import { formatCount, recordRow, size } from './profile.js';

/**
 * SIGSTOP on a child: it is alive to the kernel (no exit, no SIGCHLD) but does
 * nothing. Only drover's own checks can notice: the built-in runtime's
 * heartbeat (a worker silent for `timeout:` is killed) and a liveness probe
 * (failing failure_threshold times in a row replaces the process).
 */

const ROUNDS = size(1, 5);
/** A stalled request, not a slow one: this long without an answer is a failure. */
const REQUEST_TIMEOUT_MS = 10_000;

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer!: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls until the process that had `pid` runs again on another pid, the old one gone; returns the new list. */
function waitReplaced(socket: string, count: number, pid: number, what: string): Promise<ProcessStatus[]> {
  return waitFor(
    what,
    async () => {
      const list = await listProcesses(socket);
      const settled = list.length === count && list.every((p) => p.state === 'RUNNING' && p.pid !== null && p.pid !== pid);
      return settled && !isAlive(pid) ? list : null;
    },
    30_000,
    50,
  );
}

function supervisorLog(): string {
  return readFileSync(path.join(h.dir, 'logs', 'drover.log'), 'utf8');
}

describe('a worker stopped with SIGSTOP', () => {
  it(
    'on the built-in runtime: its missing heartbeats get it killed and replaced while the port keeps answering',
    async () => {
      const port = await freePort();
      h.writeConfig(`programs:\n  web:\n    type: prefork\n    bind: 127.0.0.1:${port}\n    workers: 2\n    app: ${HELLO_APP}\n    timeout: 3s\n    graceful_timeout: 3s\n`);
      const started = await h.startDaemon();
      expect(started.code, started.stderr).toBe(0);
      let workers = await waitAllRunning(h.socket, 2);
      await h.rememberPrograms();
      let requests = 0;
      const failures: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const victim = workers[round % workers.length]!;
        process.kill(victim.pid!, 'SIGSTOP');
        // The stopped worker takes no connections; the other one answers them all until the replacement is up.
        let waiting = true;
        const replaced = waitReplaced(h.socket, 2, victim.pid!, `${victim.name} (pid ${victim.pid}) to be replaced`).finally(() => (waiting = false));
        while (waiting) {
          requests++;
          const body = await withTimeout(getOnNewConnection(port), REQUEST_TIMEOUT_MS, `request ${requests}`).catch((error: Error) => error.message);
          if (!/^hello from \d+/.test(body)) failures.push(body);
        }
        workers = await replaced;
        await h.rememberPrograms();
        expect(workers.find((w) => w.name === victim.name)!.restarts).toBe(victim.restarts + 1);
        expect(supervisorLog()).toContain(`${victim.name} (pid ${victim.pid}) sent no heartbeat for 3000 ms: killing it`);
        const answer = await getOnNewConnection(port);
        expect(workers.map((w) => w.pid)).toContain(Number(/hello from (\d+)/.exec(answer)![1]));
      }
      expect(failures).toEqual([]);
      expect(isAlive(started.pid!)).toBe(true);

      recordRow({
        id: 'faults-stopped-worker-heartbeat',
        scenario: 'SIGSTOP on a prefork worker of the built-in runtime (timeout: 3s, 2 workers), requests running',
        injected: `${formatCount(ROUNDS)} stopped worker${ROUNDS === 1 ? '' : 's'}`,
        outcome: `each killed after 3 s without a heartbeat and replaced (${ROUNDS} of ${ROUNDS})`,
        lost: `${formatCount(failures.length)} of ${formatCount(requests)} requests`,
        crashes: '0',
      });
    },
    size(60_000, 5 * 60_000),
  );

  it(
    'with a liveness probe: the probe fails, and drover replaces the process',
    async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/health`;
      const server = path.join(FIXTURES, 'health-server.mjs');
      h.writeConfig(
        [
          'programs:',
          '  api:',
          `    command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(server)}, "${port}", ${JSON.stringify(path.join(h.dir, 'never-down'))}]`,
          `    readiness: { http: ${url}, period: 100ms }`,
          `    liveness: { http: ${url}, period: 200ms, timeout: 300ms, failure_threshold: 2 }`,
          '',
        ].join('\n'),
      );
      const started = await h.startDaemon();
      expect(started.code, started.stderr).toBe(0);
      let [api] = await waitAllRunning(h.socket, 1);
      await h.rememberPrograms();
      for (let round = 0; round < ROUNDS; round++) {
        const victim = api!;
        process.kill(victim.pid!, 'SIGSTOP');
        [api] = await waitReplaced(h.socket, 1, victim.pid!, `api (pid ${victim.pid}) to be replaced`);
        await h.rememberPrograms();
        expect(api!.restarts).toBe(victim.restarts + 1);
        expect(supervisorLog()).toMatch(/api:api failed its liveness probe \(.*\) 2 times in a row/);
        // Stopped gracefully: drover follows its stop signal with SIGCONT, so the TERM handler ran (exit 0), no SIGKILL after stopwaitsecs.
        const details = await httpRequest(h.socket, 'GET', '/v1/processes/api:api/details');
        expect(details.json.exits[0]).toMatchObject({ pid: victim.pid, exitCode: 0, exitSignal: null });
        const answer = await fetch(url);
        expect(answer.status).toBe(200);
      }
      expect(isAlive(started.pid!)).toBe(true);

      recordRow({
        id: 'faults-stopped-worker-liveness',
        scenario: 'SIGSTOP on a program with an HTTP liveness probe (period 200ms, failure_threshold 2)',
        injected: `${formatCount(ROUNDS)} stopped process${ROUNDS === 1 ? '' : 'es'}`,
        outcome: `liveness failed; drover stopped it gracefully (SIGTERM + SIGCONT) and replaced it (${ROUNDS} of ${ROUNDS})`,
        lost: '—',
        crashes: '0',
      });
    },
    size(60_000, 5 * 60_000),
  );
});
