import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PreforkConfig } from '../../src/config/types.js';
import { freePort } from '../helpers/free-port.js';
import { fdServerProgram, getOnNewConnection, HELLO_APP, preforkConfig } from '../helpers/prefork.js';
import { startLoad } from '../helpers/load-clients.js';
import { EngineHarness } from '../helpers/engine-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

let h: EngineHarness;
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) server.close();
  await h?.cleanup();
});

function prefork(port: number, overrides: Partial<PreforkConfig> = {}): PreforkConfig {
  return preforkConfig(port, { readyWhenLog: 'worker ready', ...overrides });
}

const webProgram = fdServerProgram;

/** What fd-server.mjs answers, on a new connection each time. */
async function get(port: number): Promise<{ pid: number; listenPid: string; listenFds: string; names: string }> {
  return JSON.parse(await getOnNewConnection(port));
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

  it('scaled to 0, a prefork program stays listed and wants 0 workers; start brings its configured workers back', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const supervisor = await h.start([webProgram(port, 2)]);
    await waitFor('RUNNING', () => supervisor.list().every((p) => p.state === 'RUNNING'));
    const before = supervisor.list().map((p) => p.pid!);
    await supervisor.scale('web', 0);
    for (const pid of before) expect(isAlive(pid)).toBe(false);
    expect(supervisor.list().map((p) => [p.name, p.state, p.scaledToZero])).toEqual([['web:web_00', 'STOPPED', true]]);
    expect(supervisor.preforkCounts()).toEqual([expect.objectContaining({ program: 'web', desiredWorkers: 0 })]);
    // Nothing to roll: reload starts it, as restart does.
    const results = await supervisor.reloadProcesses(['web']);
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['web:web_00', true],
      ['web:web_01', true],
    ]);
    expect(supervisor.preforkCounts()).toEqual([expect.objectContaining({ desiredWorkers: 2 })]);
    const pids = new Set(supervisor.list().map((p) => p.pid));
    expect(pids.has((await get(port)).pid)).toBe(true);
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

describe('prefork master: config update', () => {
  it('rolls a changed prefork program onto its new config without failing a request, then adjusts the count', async () => {
    h = new EngineHarness();
    const port = await freePort();
    // The built-in runtime, which drains keep-alive connections without resets
    // (fd-server.mjs uses Node's server.close(), which does not).
    const app = (workers: number, env: Record<string, string> = {}) =>
      webProgram(port, workers, { command: [], environment: env, prefork: { ...prefork(port), app: HELLO_APP, readyWhenLog: null } });
    const supervisor = await h.start([app(2)]);
    await waitFor('RUNNING', () => supervisor.list().every((p) => p.state === 'RUNNING'));
    const before = supervisor.list().map((p) => p.pid);
    const load = startLoad(port, 10);
    await waitFor('load flowing', () => load.result.ok > 200);
    const next = h.config([app(3, { RELEASE: '2' })]);
    const diff = await supervisor.update(next);
    expect(diff.changed).toEqual(['web']);
    const okAtEnd = load.result.ok;
    await waitFor('load flowing after', () => load.result.ok > okAtEnd + 200);
    const final = await load.stop();
    expect(final.failed, final.errors.join('\n')).toBe(0);
    const after = supervisor.list();
    expect(after).toHaveLength(3);
    expect(after.every((p) => p.state === 'RUNNING' && !before.includes(p.pid))).toBe(true);
  });
});

describe('prefork master: workers that cannot serve', () => {
  it('an app that exports no listener goes BACKOFF then FATAL, naming the exit status', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const noListener = fileURLToPath(new URL('../fixtures/apps/no-listener.mjs', import.meta.url));
    const supervisor = await h.start([webProgram(port, 1, { command: [], startretries: 1, prefork: { ...prefork(port), app: noListener, readyWhenLog: null } })]);
    await waitFor('FATAL', () => supervisor.list()[0]!.state === 'FATAL');
    expect(supervisor.list()[0]!.description).toMatch(/exit status 78/);
    const states = h.events.filter((e) => e.kind === 'state').map((e) => (e as { process: { state: string } }).process.state);
    expect(states).toContain('BACKOFF');
    expect(readFileSync(`${h.dir}/logs/web_web_00.err.log`, 'utf8')).toMatch(/exports no request listener/);
  });

  it('a worker that exits at once ends FATAL, and the socket is closed so the port is free', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const quitter = [process.execPath, '-e', "require('http').createServer().listen({ fd: 3 }, () => process.exit(1))"];
    const supervisor = await h.start([webProgram(port, 1, { command: quitter, startretries: 1, startsecsMs: 1000, prefork: { ...prefork(port), readyWhenLog: null } })]);
    await waitFor('FATAL', () => supervisor.list()[0]!.state === 'FATAL');
    // No worker will serve: the port is let go (prefork-sockets.test.ts covers when it is kept).
    await waitFor('port free', () => canListen(port));
    await supervisor.update(h.config([]));
    expect(await canListen(port)).toBe(true);
  });
});

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
