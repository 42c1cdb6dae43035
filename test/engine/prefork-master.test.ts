import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PreforkConfig, ProgramConfig } from '../../src/config/types.js';
import { freePort } from '../helpers/free-port.js';
import { EngineHarness, fixture, makeProgram } from '../helpers/engine-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

let h: EngineHarness;
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) server.close();
  await h?.cleanup();
});

function prefork(port: number, overrides: Partial<PreforkConfig> = {}): PreforkConfig {
  return {
    bind: [{ kind: 'tcp', host: '127.0.0.1', port, family: 4, text: `127.0.0.1:${port}` }],
    app: null,
    workersAuto: false,
    timeoutMs: 10_000,
    gracefulTimeoutMs: 5_000,
    maxRequests: 0,
    maxRequestsJitter: 0,
    readyWhenLog: 'worker ready',
    ...overrides,
  };
}

function webProgram(port: number, workers: number, overrides: Partial<ProgramConfig> = {}): ProgramConfig {
  return makeProgram('web', fixture('fd-server.mjs', '{fd}'), {
    numprocs: workers,
    processName: '%(program_name)s_%(process_num)02d',
    autorestart: true,
    startsecsMs: 0,
    prefork: prefork(port),
    ...overrides,
  });
}

/** One request on a new connection (no keep-alive), so the kernel picks the worker each time. */
function get(port: number): Promise<{ pid: number; listenPid: string; listenFds: string; names: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body)));
    })
      .on('error', reject)
      .end();
  });
}

describe('prefork master: command workers on a shared socket', () => {
  it('hands every worker the socket as fd 3 with LISTEN_* set, and waits for its ready line', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const supervisor = await h.start([webProgram(port, 2)]);
    await waitFor('2 workers RUNNING', () => supervisor.list().every((p) => p.state === 'RUNNING'));
    const pids = new Set(supervisor.list().map((p) => p.pid));
    const seen = new Set<number>();
    await waitFor('both workers answer', async () => {
      const answer = await get(port);
      expect(pids.has(answer.pid)).toBe(true);
      expect(answer.listenPid).toBe(String(answer.pid)); // systemd's rule: the worker's own pid
      expect(answer.listenFds).toBe('1');
      expect(answer.names).toBe(`127.0.0.1_${port}`);
      seen.add(answer.pid);
      return seen.size === 2;
    });
  });

  it('replaces a killed worker while the socket stays open', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const supervisor = await h.start([webProgram(port, 1)]);
    await waitFor('RUNNING', () => supervisor.list()[0]!.state === 'RUNNING');
    const first = supervisor.list()[0]!.pid!;
    process.kill(first, 'SIGKILL');
    // With no worker at all, a connection queues in the kernel and is answered by the next one.
    const answer = await get(port);
    expect(answer.pid).not.toBe(first);
    expect(isAlive(first)).toBe(false);
  });

  it('a port in use is a spawn failure naming the address and its holder, ending FATAL', async () => {
    h = new EngineHarness();
    const taken = await new Promise<Server>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => resolve(server));
    });
    servers.push(taken);
    const port = (taken.address() as { port: number }).port;
    const supervisor = await h.start([webProgram(port, 1, { startretries: 0 })]);
    await waitFor('FATAL', () => supervisor.list()[0]!.state === 'FATAL');
    expect(supervisor.list()[0]!.description).toContain(`cannot bind 127.0.0.1:${port}: address already in use (held by pid ${process.pid}`);
  });

  it('reload replaces workers one at a time; scale adds and removes workers live', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const supervisor = await h.start([webProgram(port, 2)]);
    await waitFor('RUNNING', () => supervisor.list().every((p) => p.state === 'RUNNING'));
    const before = supervisor.list().map((p) => p.pid);
    const results = await supervisor.reloadProcesses(['web']);
    expect(results.every((r) => r.ok)).toBe(true);
    const after = supervisor.list();
    expect(after).toHaveLength(2);
    expect(after.every((p) => p.state === 'RUNNING' && !before.includes(p.pid))).toBe(true);
    for (const pid of before) expect(isAlive(pid!)).toBe(false);
    await supervisor.scale('web', '+1');
    expect(supervisor.list().map((p) => p.state)).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
    await supervisor.scale('web', '1');
    expect(supervisor.list()).toHaveLength(1);
    expect((await get(port)).pid).toBe(supervisor.list()[0]!.pid);
  });

  it('aborts a reload whose new worker never gets ready; the old ones keep serving', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const supervisor = await h.start([webProgram(port, 2, { startretries: 0 })]);
    await waitFor('RUNNING', () => supervisor.list().every((p) => p.state === 'RUNNING'));
    const before = supervisor.list().map((p) => p.pid);
    // The next workers wait for a line they never print.
    const program = supervisor.currentConfig.programs[0]!;
    program.prefork!.readyWhenLog = 'never printed';
    program.prefork!.timeoutMs = 1000;
    const results = await supervisor.reloadProcesses(['web']);
    expect(results.map((r) => r.ok)).toEqual([false, false]);
    expect(results[0]!.message).toMatch(/reload aborted: the new worker web:web_02 did not get ready/);
    expect(supervisor.list().map((p) => p.pid)).toEqual(before);
    expect(before).toContain((await get(port)).pid);
  });
});
