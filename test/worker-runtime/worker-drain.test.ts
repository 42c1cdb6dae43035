import { Agent, request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import { appFixture, FakeMaster, get, heartbeatAtLeast, ready, type Answer, type Bound } from './fake-master.js';

let master: FakeMaster;
afterEach(async () => {
  await master?.cleanup();
});

const SLOW = appFixture('slow.mjs');

/** A response big enough to sit mostly in the worker while the client pauses (the flush tests). */
const bytes = 32 * 1024 * 1024;

/**
 * GETs a big body and holds it paused while the worker is sent SIGTERM: the app
 * has ended the response, most of the body still waits in the worker. Hands
 * over the response once the worker says it is draining.
 */
function bigResponseHeldThroughDrain(tcp: Bound, worker: Awaited<ReturnType<typeof slowWorker>>['worker'], agent: Agent): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: tcp.port, path: `/?bytes=${bytes}`, agent }, (res) => {
      res.pause();
      void worker.waitForMessage('the draining message', (m) => m.t === 'draining').then(() => resolve(res), reject);
      worker.child.kill('SIGTERM');
    })
      .on('error', reject)
      .end();
  });
}

/** One ready worker of the slow app on a fresh TCP socket. */
async function slowWorker() {
  master = new FakeMaster();
  const tcp = master.bindTcp();
  const worker = master.startWorker(SLOW, [tcp]);
  await ready(worker);
  return { tcp, worker };
}

describe('prefork worker runtime: graceful drain', () => {
  it('on SIGTERM finishes in-flight requests with Connection: close, exits 0, and new connections wait in the kernel', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const first = master.startWorker(SLOW, [tcp]);
    await ready(first);

    // An idle keep-alive connection: closed at once when the drain starts.
    const idleAgent = master.agent();
    expect((await get(tcp, '/?ms=0', idleAgent)).headers.connection).toBe('keep-alive');
    await waitFor('an idle pooled socket', () => Object.keys(idleAgent.freeSockets).length === 1);

    const agent = master.agent();
    const headFirst = get(tcp, '/?ms=2500&head=1', agent); // status and headers sent before the drain
    const inFlight = [get(tcp, '/?ms=2500', agent), get(tcp, '/?ms=2500', agent)];
    await heartbeatAtLeast(first, 4);

    first.child.kill('SIGTERM');
    await first.waitForMessage('the draining message', (m) => m.t === 'draining');
    expect(first.messages.filter((m) => m.t === 'draining')).toEqual([{ t: 'draining', reason: 'signal' }]);
    await waitFor('the idle keep-alive connection closed by the worker', () => Object.keys(idleAgent.freeSockets).length === 0);

    const answers: Answer[] = await Promise.all([headFirst, ...inFlight]);
    for (const answer of answers) expect(answer).toMatchObject({ status: 200, body: `slept 2500 in ${first.child.pid}\n` });
    expect(answers[0]!.headers.connection).toBe('keep-alive');
    expect(answers[1]!.headers.connection).toBe('close');
    expect(answers[2]!.headers.connection).toBe('close');
    expect(await first.closed).toEqual({ code: 0, signal: null });
    expect(first.stderr()).not.toContain('graceful timeout');

    // No worker now, but the master's fd keeps the socket listening: the
    // connection is accepted by the kernel and waits for the next worker.
    let socket: Socket | undefined;
    const queued = new Promise<Answer>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: tcp.port, path: '/?ms=0', agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('socket', (s) => (socket = s));
      req.on('error', reject).end();
    });
    await waitFor('a TCP connection with no worker running', () => socket && !socket.connecting && socket.remoteAddress);
    const second = master.startWorker(SLOW, [tcp]);
    expect(await queued).toMatchObject({ status: 200, body: `slept 0 in ${second.child.pid}\n` });
  });

  it('does not cut a finished response that is still being flushed to a slow client', async () => {
    const { tcp, worker } = await slowWorker();
    const res = await bigResponseHeldThroughDrain(tcp, worker, master.agent());
    const received = new Promise<{ length: number; connection: string | undefined }>((resolve, reject) => {
      let length = 0;
      res.on('data', (chunk: Buffer) => (length += chunk.length));
      res.on('end', () => resolve({ length, connection: res.headers.connection }));
      res.on('error', reject);
      res.resume();
    });
    expect(await received).toEqual({ length: bytes, connection: 'keep-alive' });
    expect(await worker.closed).toEqual({ code: 0, signal: null });
  });

  it('counts the idle grace from when a slowly flushed response has left, so the next request on that connection is still answered', async () => {
    const { tcp, worker } = await slowWorker();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const res = await bigResponseHeldThroughDrain(tcp, worker, agent);
    const socket = res.socket;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // longer than the grace
    const socketAfterPause = await new Promise<Socket>((resolve, reject) => {
      res.on('end', () => setTimeout(() => resolve(socket), 400)); // a client pausing between requests, well within the grace
      res.on('error', reject);
      res.resume();
    });
    try {
      expect(socketAfterPause.destroyed).toBe(false);
      const next = await new Promise<{ reused: boolean; answer: Answer }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: tcp.port, path: '/?ms=0', agent }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ reused: req.reusedSocket, answer: { status: res.statusCode ?? 0, headers: res.headers, body } }));
        });
        req.on('error', reject).end();
      });
      expect(next.reused).toBe(true);
      expect(next.answer).toMatchObject({ status: 200, body: `slept 0 in ${worker.child.pid}\n`, headers: { connection: 'close' } });
      expect(await worker.closed).toEqual({ code: 0, signal: null });
    } finally {
      agent.destroy();
    }
  });

  it('cuts remaining connections and exits 0 at the graceful timeout', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const worker = master.startWorker(SLOW, [tcp], { DROVER_GRACEFUL_TIMEOUT_MS: '300' });
    await ready(worker);
    // Settled as a value at once: the rejection comes before the test awaits it.
    const stuck = get(tcp, '/?ms=60000', master.agent()).then(
      () => 'answered',
      (err: Error) => err.message,
    );
    await heartbeatAtLeast(worker, 1);
    worker.child.kill('SIGTERM');
    expect(await worker.closed).toEqual({ code: 0, signal: null });
    expect(await stuck).toMatch(/socket hang up|ECONNRESET/);
    expect(worker.stderr()).toContain('drover worker: graceful timeout (300ms) reached; closing 1 open connection');
    expect(worker.messages).toContainEqual({ t: 'draining', reason: 'signal' });
  });

  it('exits at once on a second SIGTERM while draining', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const worker = master.startWorker(SLOW, [tcp], { DROVER_GRACEFUL_TIMEOUT_MS: '60000' });
    await ready(worker);
    void get(tcp, '/?ms=60000', master.agent()).catch(() => {}); // cut by the forced exit
    await heartbeatAtLeast(worker, 1);
    worker.child.kill('SIGTERM');
    await worker.waitForMessage('the draining message', (m) => m.t === 'draining');
    expect(worker.exited()).toBe(false);
    worker.child.kill('SIGTERM');
    expect(await worker.closed).toEqual({ code: 0, signal: null });
    expect(worker.stderr()).toContain('drover worker: SIGTERM while draining: exiting now');
  });

  it('drains after DROVER_MAX_REQUESTS requests, the last one answered with Connection: close', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const worker = master.startWorker(appFixture('hello.mjs'), [tcp], { DROVER_MAX_REQUESTS: '3' });
    await ready(worker);
    const agent = master.agent();
    const answers: Answer[] = [];
    for (let i = 0; i < 3; i++) answers.push(await get(tcp, '/', agent));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.headers.connection)).toEqual(['keep-alive', 'keep-alive', 'close']);
    expect(await worker.closed).toEqual({ code: 0, signal: null });
    expect(worker.messages.filter((m) => m.t !== 'hb')).toEqual([
      { t: 'ready', pid: worker.child.pid },
      { t: 'draining', reason: 'max_requests' },
    ]);
  });

  it('drains and exits 0 when the master is gone (EPIPE on the notify pipe)', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const worker = master.startWorker(SLOW, [tcp]);
    await ready(worker);
    const inFlight = get(tcp, '/?ms=1000', master.agent());
    await heartbeatAtLeast(worker, 1);
    worker.notifyPipe.destroy();
    expect(await inFlight).toMatchObject({ status: 200, headers: { connection: 'close' } });
    expect(await worker.closed).toEqual({ code: 0, signal: null });
    expect(worker.stderr()).toContain('drover worker: the master is gone (notify pipe closed): draining and exiting');
  });

  it('exits 0 at once on SIGTERM with nothing in flight', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const worker = master.startWorker(appFixture('hello.mjs'), [tcp]);
    await ready(worker);
    worker.child.kill('SIGINT');
    expect(await worker.closed).toEqual({ code: 0, signal: null });
    expect(worker.messages).toContainEqual({ t: 'draining', reason: 'signal' });
  });
});
