import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { fdServerProgram, getOnNewConnection, HELLO_APP, preforkConfig } from '../helpers/prefork.js';
import { startLoad } from '../helpers/load-clients.js';
import { EngineHarness } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * When a prefork program's listening socket is open and when it is closed:
 * open while any worker may serve (through crashes, backoff, reloads), closed
 * once none will (stopped, scaled to 0, FATAL, removed), so clients are
 * refused at once instead of hanging in the kernel's queue.
 */

let h: EngineHarness;
afterEach(async () => {
  await h?.cleanup();
});

const webProgram = fdServerProgram;

type Outcome = 'refused' | 'connected' | 'no answer';

/** What a plain TCP connect gets within 2 s: a refusal, an accept (by a worker or the kernel's queue), or nothing. */
function tryConnect(port: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => finish('no answer'), 2000);
    function finish(outcome: Outcome): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    }
    socket.once('connect', () => finish('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED' ? 'refused' : 'no answer'));
  });
}

/** A connect is refused within a fraction of a second: not left to hang. */
async function expectRefusedAtOnce(port: number): Promise<void> {
  const started = Date.now();
  expect(await tryConnect(port)).toBe('refused');
  expect(Date.now() - started).toBeLessThan(1000);
}

const running = (h: EngineHarness) => h.supervisors[0]!.list().every((p) => p.state === 'RUNNING');

describe('prefork sockets: closed when no worker will serve', () => {
  it('stop closes the socket (connects refused at once); start binds the same port again', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const supervisor = await h.start([webProgram(port, 2)]);
    await waitFor('2 workers RUNNING', () => running(h));
    await supervisor.stopProcesses(['web:*']);
    await expectRefusedAtOnce(port);
    const results = await supervisor.startProcesses(['web:*']);
    expect(results.every((r) => r.ok)).toBe(true);
    const pids = new Set(supervisor.list().map((p) => p.pid));
    expect(pids.has(JSON.parse(await getOnNewConnection(port)).pid)).toBe(true);
  });

  it('stopping only some workers keeps the socket for the others', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const supervisor = await h.start([webProgram(port, 2)]);
    await waitFor('2 workers RUNNING', () => running(h));
    await supervisor.stopProcesses(['web:web_00']);
    const left = supervisor.list().find((p) => p.state === 'RUNNING')!.pid;
    expect(JSON.parse(await getOnNewConnection(port)).pid).toBe(left);
  });

  it('scaled to 0 the socket closes; scaled up again it serves', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const supervisor = await h.start([webProgram(port, 1)]);
    await waitFor('RUNNING', () => running(h));
    await supervisor.scale('web', 0);
    await expectRefusedAtOnce(port);
    await supervisor.scale('web', 1);
    expect(JSON.parse(await getOnNewConnection(port)).pid).toBe(supervisor.list()[0]!.pid);
  });

  it('FATAL (a worker that exits at once) closes the socket; start binds again; update removing the program frees the port', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const quitter = [process.execPath, '-e', "require('http').createServer().listen({ fd: 3 }, () => process.exit(1))"];
    const program = webProgram(port, 1, { command: quitter, startretries: 1, startsecsMs: 1000, prefork: preforkConfig(port) });
    const supervisor = await h.start([program]);
    await waitFor('FATAL', () => supervisor.list()[0]!.state === 'FATAL');
    await expectRefusedAtOnce(port);
    // Started again, it binds again: the socket is open (queued connects are accepted) while it retries.
    void supervisor.startProcesses(['web:*']);
    await waitFor('socket bound again', async () => (await tryConnect(port)) === 'connected');
    await waitFor('FATAL again', () => supervisor.list()[0]!.state === 'FATAL');
    await supervisor.update(h.config([]));
    await expectRefusedAtOnce(port);
  });

  it('update removing a running program frees its port', async () => {
    h = new EngineHarness();
    const port = await freePort();
    await h.start([webProgram(port, 1)]);
    await waitFor('RUNNING', () => running(h));
    await h.supervisors[0]!.update(h.config([]));
    await expectRefusedAtOnce(port);
  });

  it('a unix socket file is removed when the program stops and made again when it starts', async () => {
    h = new EngineHarness();
    const path = `${h.dir}/web.sock`;
    const bind = [{ kind: 'unix' as const, path, mode: 0o660, text: `unix:${path}` }];
    const supervisor = await h.start([webProgram(0, 1, { prefork: { ...preforkConfig(0, { readyWhenLog: 'worker ready' }), bind } })]);
    await waitFor('RUNNING', () => running(h));
    expect(existsSync(path)).toBe(true);
    await supervisor.stopProcesses(['web:*']);
    expect(existsSync(path)).toBe(false);
    await supervisor.startProcesses(['web:*']);
    expect(existsSync(path)).toBe(true);
  });
});

describe('prefork sockets: kept while workers come and go', () => {
  it('a crashed worker and its backoff keep the socket: connects in the gap are queued, not refused', async () => {
    h = new EngineHarness();
    const port = await freePort();
    // One worker, killed: between its death and its replacement no worker runs.
    const supervisor = await h.start([webProgram(port, 1, { startsecsMs: 0 })]);
    await waitFor('RUNNING', () => running(h));
    const first = supervisor.list()[0]!.pid!;
    process.kill(first, 'SIGKILL');
    expect(await tryConnect(port)).toBe('connected');
    const answer = JSON.parse(await getOnNewConnection(port));
    expect(answer.pid).not.toBe(first);
  });

  it('a rolling reload and a restart under load fail no request', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const app = webProgram(port, 2, { command: [], prefork: preforkConfig(port, { app: HELLO_APP }) });
    const supervisor = await h.start([app]);
    await waitFor('RUNNING', () => running(h));
    const load = startLoad(port, 8);
    await waitFor('load flowing', () => load.result.ok > 200);
    expect((await supervisor.reloadProcesses(['web'])).every((r) => r.ok)).toBe(true);
    const okAfterReload = load.result.ok;
    await waitFor('load flowing after the reload', () => load.result.ok > okAfterReload + 200);
    const final = await load.stop();
    expect(final.failed, final.errors.join('\n')).toBe(0);
    // A restart stops every worker, then starts them: the socket stays open, so connects queue meanwhile.
    const restarting = supervisor.restartProcesses(['web:*']);
    const outcomes: Outcome[] = [];
    let done = false;
    void restarting.finally(() => (done = true));
    while (!done) outcomes.push(await tryConnect(port));
    expect((await restarting).every((r) => r.ok)).toBe(true);
    expect(outcomes).not.toContain('refused');
  });
});
