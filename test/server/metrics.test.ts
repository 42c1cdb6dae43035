import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TcpAddress } from '../../src/config/types.js';
import { MetricsListener } from '../../src/server/metrics-listener.js';
import { lines, useConfigDir } from '../config/temp-config.js';
import { ControlHarness } from '../helpers/control-harness.js';
import { fixture, makeProgram } from '../helpers/engine-harness.js';
import { freePort } from '../helpers/free-port.js';
import { preforkConfig } from '../helpers/prefork.js';
import { parseExposition, samplesOf, tcpRequest, valueOf, type Exposition } from '../helpers/prometheus-text.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * GET /v1/metrics on the control socket and the supervisor.metrics TCP
 * listener, against a real supervisor running real processes.
 */

let h: ControlHarness;
const listeners: MetricsListener[] = [];
const blockers: Server[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close()));
  for (const blocker of blockers.splice(0)) blocker.close();
  await h?.cleanup();
});

const STATES = ['STOPPED', 'STARTING', 'RUNNING', 'BACKOFF', 'STOPPING', 'EXITED', 'FATAL'];

async function metrics(): Promise<Exposition> {
  const answer = await h.http('GET', '/v1/metrics');
  expect(answer.status).toBe(200);
  return parseExposition(answer.text);
}

function tcp(port: number): TcpAddress {
  return { kind: 'tcp', host: '127.0.0.1', port, family: 4, text: `127.0.0.1:${port}` };
}

describe('GET /v1/metrics on the control socket', () => {
  it("shows each process's state, restarts, memory, CPU time and uptime, in Prometheus's text format", async () => {
    h = new ControlHarness();
    const startedBefore = Date.now() / 1000;
    await h.serve([makeProgram('web', ['sleep', '1000'], { numprocs: 2 }), makeProgram('worker', ['sleep', '1001'])]);
    await waitFor('all RUNNING', () => h.supervisor.list().every((p) => p.state === 'RUNNING'));

    const answer = await h.http('GET', '/v1/metrics');
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const m = parseExposition(answer.text);
    for (const [family, type] of m.types) {
      expect(m.helps.get(family), family).toMatch(/\w/);
      if (type === 'counter') expect(family).toMatch(/_total$/);
    }
    expect(valueOf(m, 'drover_info', { version: 'test' })).toBe(1);
    for (const [program, process] of [
      ['web', 'web_00'],
      ['web', 'web_01'],
      ['worker', 'worker'],
    ]) {
      const labels = { program: program!, process: process! };
      const states = samplesOf(m, 'drover_process_state', labels);
      expect(states.map((s) => s.labels.state)).toEqual(STATES);
      expect(states.map((s) => s.value)).toEqual(STATES.map((state) => (state === 'RUNNING' ? 1 : 0)));
      expect(valueOf(m, 'drover_process_restarts_total', labels)).toBe(0);
      expect(valueOf(m, 'drover_process_cpu_seconds_total', labels)).toBeGreaterThanOrEqual(0);
      expect(valueOf(m, 'drover_process_start_time_seconds', labels)).toBeGreaterThanOrEqual(Math.floor(startedBefore));
      expect(valueOf(m, 'drover_process_uptime_seconds', labels)).toBeGreaterThanOrEqual(0);
      // No readiness probe, no ready series; a plain program has no prefork series.
      expect(valueOf(m, 'drover_process_ready', labels)).toBeUndefined();
    }
    expect(samplesOf(m, 'drover_prefork_workers_desired')).toEqual([]);
    await waitFor('RSS of every process', async () => samplesOf(await metrics(), 'drover_process_resident_memory_bytes').filter((s) => s.value > 0).length === 3);

    const killed = h.pids()['worker:worker']!;
    process.kill(killed, 'SIGKILL');
    const after = await waitFor('the worker restarted', async () => {
      const now = await metrics();
      const labels = { program: 'worker', process: 'worker' };
      return valueOf(now, 'drover_process_restarts_total', labels) === 1 && valueOf(now, 'drover_process_state', { ...labels, state: 'RUNNING' }) === 1 ? now : null;
    });
    expect(h.pids()['worker:worker']).not.toBe(killed);
    expect(valueOf(after, 'drover_process_restarts_total', { program: 'web', process: 'web_00' })).toBe(0);
  });

  it('shows a stopped process as STOPPED, without figures of a child it does not have', async () => {
    h = new ControlHarness();
    await h.serve([makeProgram('idle', ['sleep', '1000'], { autostart: false })]);
    const m = await metrics();
    const labels = { program: 'idle', process: 'idle' };
    expect(valueOf(m, 'drover_process_state', { ...labels, state: 'STOPPED' })).toBe(1);
    expect(valueOf(m, 'drover_process_uptime_seconds', labels)).toBe(0);
    expect(valueOf(m, 'drover_process_resident_memory_bytes', labels)).toBeUndefined();
    expect(valueOf(m, 'drover_process_cpu_seconds_total', labels)).toBeUndefined();
    expect(valueOf(m, 'drover_process_start_time_seconds', labels)).toBeUndefined();
  });

  it('counts prefork workers asked for and running, and rolling reloads', async () => {
    h = new ControlHarness();
    const port = await freePort();
    await h.serve([
      makeProgram('site', fixture('fd-server.mjs', '{fd}'), {
        numprocs: 2,
        processName: '%(program_name)s_%(process_num)02d',
        autorestart: true,
        prefork: preforkConfig(port, { readyWhenLog: 'worker ready' }),
      }),
    ]);
    await waitFor('2 workers RUNNING', () => h.supervisor.list().every((p) => p.state === 'RUNNING'));
    const site = { program: 'site' };
    let m = await metrics();
    expect([valueOf(m, 'drover_prefork_workers_desired', site), valueOf(m, 'drover_prefork_workers_running', site)]).toEqual([2, 2]);
    expect([valueOf(m, 'drover_prefork_reloads_total', site), valueOf(m, 'drover_prefork_reload_failures_total', site)]).toEqual([0, 0]);

    expect((await h.api.reload(['site'])).every((r) => r.ok)).toBe(true);
    await h.api.scale('site', '3');
    m = await metrics();
    expect(valueOf(m, 'drover_prefork_reloads_total', site)).toBe(1);
    expect(valueOf(m, 'drover_prefork_reload_failures_total', site)).toBe(0);
    expect(valueOf(m, 'drover_prefork_workers_desired', site)).toBe(3);
    expect(valueOf(m, 'drover_prefork_workers_running', site)).toBe(3);
  });

  it('takes GET only', async () => {
    h = new ControlHarness();
    await h.serve([makeProgram('a', ['sleep', '1000'])]);
    const answer = await h.http('POST', '/v1/metrics', {});
    expect(answer.status).toBe(405);
    expect(answer.json.error.code).toBe('METHOD_NOT_ALLOWED');
  });
});

describe('the supervisor.metrics TCP listener', () => {
  it('serves /metrics and /v1/metrics only, GET only, without a body; moves and closes as the setting changes', async () => {
    h = new ControlHarness();
    await h.serve([makeProgram('web', ['sleep', '1000'])]);
    await waitFor('RUNNING', () => h.supervisor.list()[0]!.state === 'RUNNING');
    const listener = new MetricsListener(h.api);
    listeners.push(listener);
    const port = await freePort();
    expect(await listener.sync(tcp(port))).toBe(true);
    expect(await listener.sync(tcp(port))).toBe(false);
    expect(listener.listening).toEqual({ host: '127.0.0.1', port });

    for (const path of ['/metrics', '/v1/metrics', '/metrics?name[]=x']) {
      const answer = await tcpRequest(port, 'GET', path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(valueOf(parseExposition(answer.text), 'drover_process_state', { program: 'web', state: 'RUNNING' })).toBe(1);
    }
    // The control API is not reachable through it.
    for (const path of ['/', '/v1/processes', '/v1/info', '/metrics/x']) expect((await tcpRequest(port, 'GET', path)).status, path).toBe(404);
    const post = await tcpRequest(port, 'POST', '/metrics');
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
    expect((await tcpRequest(port, 'POST', '/v1/shutdown', '{}')).status).toBe(404);
    expect((await tcpRequest(port, 'GET', '/metrics', 'a body')).status).toBe(400);
    expect(h.supervisor.isShuttingDown).toBe(false);

    const moved = await freePort();
    expect(await listener.sync(tcp(moved))).toBe(true);
    await expect(tcpRequest(port, 'GET', '/metrics')).rejects.toThrow(/ECONNREFUSED/);
    expect((await tcpRequest(moved, 'GET', '/metrics')).status).toBe(200);

    expect(await listener.sync(null)).toBe(true);
    expect(listener.listening).toBeNull();
    await expect(tcpRequest(moved, 'GET', '/metrics')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('rejects an address it cannot bind, and listens nowhere then', async () => {
    h = new ControlHarness();
    await h.serve([makeProgram('web', ['sleep', '1000'])]);
    const port = await freePort();
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    const listener = new MetricsListener(h.api);
    listeners.push(listener);
    await expect(listener.sync(tcp(port))).rejects.toThrow(/EADDRINUSE/);
    expect(listener.listening).toBeNull();
  });
});

describe('supervisor.metrics in the config', () => {
  const t = useConfigDir();
  const withMetrics = (value: string) => lines('supervisor:', `  metrics: ${value}`, 'programs:', '  a:', '    command: x');
  const expected = 'expected host:port, [::1]:port or :port (every interface) with a port from 1 to 65535';

  it('reads host:port, and :port as every interface; off by default', async () => {
    expect((await t.config(withMetrics('127.0.0.1:9101'))).supervisor.metrics).toEqual(tcp(9101));
    expect((await t.config(withMetrics('":9101"'))).supervisor.metrics).toMatchObject({ host: '0.0.0.0', port: 9101 });
    expect((await t.config(lines('programs:', '  a:', '    command: x'))).supervisor.metrics).toBeNull();
  });

  it('reports a bad address at its position', async () => {
    expect(await t.errors(withMetrics('9101'))).toEqual([`programs.yaml:2:12: supervisor.metrics: ${expected}, got 9101; for port 9101 on every interface write ":9101"`]);
    expect(await t.errors(withMetrics('unix:/run/metrics.sock'))).toEqual([`programs.yaml:2:12: supervisor.metrics: ${expected}, got "unix:/run/metrics.sock"`]);
    expect(await t.errors(withMetrics('127.0.0.1:99999'))).toEqual([`programs.yaml:2:12: supervisor.metrics: ${expected}, got "127.0.0.1:99999"`]);
  });
});
