import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProbeCheck, ProbeConfig, ReadinessConfig } from '../../src/config/types.js';
import type { EngineEvent, ProcessStatus } from '../../src/api/supervisor-api.js';
import type { Supervisor } from '../../src/engine/supervisor.js';
import { EngineHarness, fixture, makeProgram } from '../helpers/engine-harness.js';
import { freePort } from '../helpers/free-port.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * Readiness and liveness probes against real processes: an HTTP server whose
 * /health answers 503 while a file exists, so a test flips it by hand.
 */

let h: EngineHarness;
beforeEach(() => {
  h = new EngineHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const SOURCE = { file: 'test.yaml', line: 1, column: 1 };
const probe = (check: ProbeCheck, overrides: Partial<ProbeConfig> = {}): ProbeConfig => ({
  check,
  source: SOURCE,
  initialDelayMs: 0,
  periodMs: 100,
  timeoutMs: 1000,
  successThreshold: 1,
  failureThreshold: 2,
  ...overrides,
});
const readiness = (check: ProbeCheck, overrides: Partial<ReadinessConfig> = {}): ReadinessConfig => ({ ...probe(check), startTimeoutMs: 30_000, ...overrides });
const info = (s: Supervisor, name: string): ProcessStatus => s.list().find((p) => p.name === name)!;
const states = (name: string) => h.events.flatMap((e) => (e.kind === 'state' && e.process.name === name ? [e.process.state] : []));
const messages = () => h.events.flatMap((e) => (e.kind === 'supervisor' ? [e.message] : []));

describe('readiness probes', () => {
  it('keeps a process STARTING until its http probe passes, then RUNNING and ready; a failing probe later marks it not ready without a restart', async () => {
    const port = await freePort();
    const down = path.join(h.dir, 'down');
    const url = `http://127.0.0.1:${port}/health`;
    const s = await h.start([
      // startsecs alone would call it RUNNING at once; the server only listens after 800 ms.
      makeProgram('api', fixture('health-server.mjs', port, down, 800), { readiness: readiness({ kind: 'http', url }) }),
    ]);
    const api = await waitFor('RUNNING', () => (info(s, 'api:api').state === 'RUNNING' ? info(s, 'api:api') : null));
    expect(api.ready).toBe(true);
    expect(api.description).toMatch(/^ready after \d+ms: readiness probe \(http http:\/\/127\.0\.0\.1:\d+\/health\) passed$/);
    expect(Number(/after (\d+)ms/.exec(api.description)![1])).toBeGreaterThanOrEqual(800);
    expect(states('api:api')).toEqual(['STARTING', 'RUNNING']);

    writeFileSync(down, '');
    const notReady = await waitFor('a health event saying not ready', () =>
      h.events.find((e): e is Extract<EngineEvent, { kind: 'health' }> => e.kind === 'health' && e.process.ready === false),
    );
    expect(notReady.message).toContain('HTTP 503');
    expect(info(s, 'api:api')).toMatchObject({ state: 'RUNNING', pid: api.pid, ready: false });

    rmSync(down);
    await waitFor('ready again', () => info(s, 'api:api').ready === true);
    expect(info(s, 'api:api')).toMatchObject({ state: 'RUNNING', pid: api.pid, restarts: 0 });
  });

  it('a log probe: RUNNING once a line of output matches', async () => {
    const port = await freePort();
    const s = await h.start([
      makeProgram('api', fixture('health-server.mjs', port, path.join(h.dir, 'down'), 500), { readiness: readiness({ kind: 'log', pattern: '^listening on \\d+' }) }),
    ]);
    await waitFor('RUNNING', () => info(s, 'api:api').state === 'RUNNING');
    expect(info(s, 'api:api').ready).toBe(true);
    expect(info(s, 'api:api').description).toContain('readiness probe (log /^listening on \\d+/) passed');
  });

  it('a start not ready within start_timeout is a failed start: killed, then FATAL after startretries', async () => {
    const port = await freePort();
    const s = await h.start([
      makeProgram('never', ['sleep', '1000'], { startretries: 0, readiness: readiness({ kind: 'tcp', host: '127.0.0.1', port }, { startTimeoutMs: 600 }) }),
    ]);
    await waitFor('FATAL', () => info(s, 'never:never').state === 'FATAL');
    expect(info(s, 'never:never').description).toMatch(/exited too quickly \(killed by SIGKILL\); gave up/);
    expect(messages().some((m) => /not ready within 600ms: killing it/.test(m))).toBe(true);
  });

  it('depends_on waits for readiness: the dependent starts only after its dependency passed its probe', async () => {
    const port = await freePort();
    const s = await h.start([
      makeProgram('db', fixture('health-server.mjs', port, path.join(h.dir, 'down'), 1000), { readiness: readiness({ kind: 'http', url: `http://127.0.0.1:${port}/health` }) }),
      makeProgram('app', ['sleep', '1000'], { dependsOn: ['db'] }),
    ]);
    await waitFor('app RUNNING', () => info(s, 'app:app').state === 'RUNNING');
    const order = h.events.flatMap((e) => (e.kind === 'state' ? [`${e.process.name} ${e.process.state}`] : []));
    expect(order.indexOf('db:db RUNNING')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('app:app STARTING')).toBeGreaterThan(order.indexOf('db:db RUNNING'));
  });
});

describe('liveness probes', () => {
  it('restarts a RUNNING process after failure_threshold failures, naming the probe and its last error', async () => {
    const port = await freePort();
    const down = path.join(h.dir, 'down');
    const url = `http://127.0.0.1:${port}/health`;
    const s = await h.start([
      makeProgram('api', fixture('health-server.mjs', port, down), {
        readiness: readiness({ kind: 'tcp', host: '127.0.0.1', port }),
        liveness: probe({ kind: 'http', url }, { failureThreshold: 3 }),
      }),
    ]);
    const first = await waitFor('RUNNING', () => (info(s, 'api:api').state === 'RUNNING' ? info(s, 'api:api').pid : null));
    writeFileSync(down, '');
    const reason = await waitFor('the liveness message', () => messages().find((m) => m.includes('liveness probe')));
    expect(reason).toBe(`api:api failed its liveness probe (http ${url}) 3 times in a row: http ${url}: HTTP 503`);
    rmSync(down);
    const second = await waitFor('a new pid, RUNNING', () => {
      const p = info(s, 'api:api');
      return p.state === 'RUNNING' && p.pid !== first ? p.pid : null;
    });
    expect(isAlive(first)).toBe(false);
    expect(isAlive(second)).toBe(true);
    expect(existsSync(down)).toBe(false);
  });
});
