import { afterEach, describe, expect, it } from 'vitest';
import { appFixture, FakeMaster, get, heartbeatAtLeast, ready } from './fake-master.js';

let master: FakeMaster;
afterEach(async () => {
  await master?.cleanup();
});

describe('prefork worker runtime: serving', () => {
  it('reports ready once listening and answers on the inherited socket, keep-alive included', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const worker = master.startWorker(appFixture('hello.mjs'), [tcp]);
    const message = await ready(worker);
    expect(message).toEqual({ t: 'ready', pid: worker.child.pid });
    const agent = master.agent();
    for (let i = 0; i < 3; i++) {
      const answer = await get(tcp, '/', agent);
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(`hello from ${worker.child.pid}\n`);
      expect(answer.headers.connection).toBe('keep-alive');
    }
    expect(worker.exited()).toBe(false);
  });

  it('sends heartbeats that carry the number of requests so far', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const worker = master.startWorker(appFixture('hello.mjs'), [tcp]);
    await ready(worker);
    await worker.waitForMessage('a heartbeat before any request', (m) => m.t === 'hb' && m.requests === 0);
    const agent = master.agent();
    for (let i = 0; i < 5; i++) await get(tcp, '/', agent);
    await get(tcp, '/', false);
    const beat = await heartbeatAtLeast(worker, 6);
    expect(beat).toEqual({ t: 'hb', requests: 6 });
    expect(worker.messages.filter((m) => m.t === 'ready')).toHaveLength(1);
    expect(worker.messages.every((m) => m.t === 'ready' || m.t === 'hb')).toBe(true);
  });

  it('listens on every inherited socket, Unix-domain ones included (LISTEN_FDS=2)', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const unix = master.bindUnix();
    const worker = master.startWorker(appFixture('hello.mjs'), [tcp, unix]);
    await ready(worker);
    expect((await get(tcp, '/', false)).body).toBe(`hello from ${worker.child.pid}\n`);
    expect((await get(unix, '/', false)).body).toBe(`hello from ${worker.child.pid}\n`);
    await heartbeatAtLeast(worker, 2);
  });

  it('uses the "handler" export, an Express-shaped app and a CommonJS module', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const cases: [string, string, string][] = [
      ['handler-export.mjs', '/x?y=1', 'handler GET /x?y=1\n'],
      ['express-like.mjs', '/ping', 'pong\n'],
      ['cjs-handler.cjs', '/', 'cjs\n'],
    ];
    for (const [app, urlPath, body] of cases) {
      const worker = master.startWorker(appFixture(app), [tcp]);
      await ready(worker);
      expect(await get(tcp, urlPath, false)).toMatchObject({ status: 200, body });
      worker.child.kill('SIGTERM');
      expect(await worker.closed).toEqual({ code: 0, signal: null });
    }
  });

  it('exits 1 with the error on stderr when the app throws (no attempt to keep going)', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const worker = master.startWorker(appFixture('throws-in-handler.mjs'), [tcp]);
    await ready(worker);
    expect((await get(tcp, '/', false)).body).toBe('ok\n');
    await expect(get(tcp, '/boom', false)).rejects.toThrow();
    expect(await worker.closed).toEqual({ code: 1, signal: null });
    expect(worker.stderr()).toContain('kaboom in handler');
  });
});

describe('prefork worker runtime: bad apps and bad starts', () => {
  const badApps: [string, number, RegExp][] = [
    [
      'no-listener.mjs',
      78,
      /^drover worker: \.\/test\/fixtures\/apps\/no-listener\.mjs exports no request listener \(expected a default export or "handler" that is a function; found: default export is an object with keys a, b\)$/m,
    ],
    ['throws-on-load.mjs', 78, /^drover worker: \.\/test\/fixtures\/apps\/throws-on-load\.mjs failed to load: Error: database URL missing$/m],
    ['missing.mjs', 78, /^drover worker: \.\/test\/fixtures\/apps\/missing\.mjs cannot be loaded: no such file \(\/.*missing\.mjs\)$/m],
  ];
  for (const [app, code, message] of badApps) {
    it(`${app}: exits ${code} before ready, naming the file`, async () => {
      master = new FakeMaster();
      const worker = master.startWorker(appFixture(app), [master.bindTcp()]);
      expect(await worker.closed).toEqual({ code, signal: null });
      expect(worker.stderr()).toMatch(message);
      expect(worker.messages).toEqual([]);
    });
  }

  it('exits 64 when LISTEN_FDS is missing or does not match open sockets', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const missing = master.startWorker(appFixture('hello.mjs'), [tcp], { LISTEN_FDS: '' });
    expect(await missing.closed).toEqual({ code: 64, signal: null });
    expect(missing.stderr()).toContain('drover worker: LISTEN_FDS is not set');
    const tooMany = master.startWorker(appFixture('hello.mjs'), [tcp], { LISTEN_FDS: '3', DROVER_NOTIFY_FD: '9' });
    expect(await tooMany.closed).toEqual({ code: 64, signal: null });
    expect(tooMany.stderr()).toMatch(/LISTEN_FDS=3 but fd \d is not an open socket/);
  });
});
