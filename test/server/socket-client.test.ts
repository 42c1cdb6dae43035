import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/api/supervisor-api.js';
import { ApiError } from '../../src/api/api-error.js';
import { SocketApi } from '../../src/client/socket-client.js';
import { processStatus, result } from '../helpers/ctl-fixtures.js';
import { FakeSupervisor, sseEvent, staleSocket } from '../helpers/fake-supervisor.js';
import { waitFor } from '../helpers/wait-for.js';

let fake: FakeSupervisor;
let api: SocketApi;
const cleanups: (() => unknown)[] = [];
beforeEach(async () => {
  fake = await new FakeSupervisor().start();
  cleanups.push(() => fake.close());
  api = new SocketApi(fake.socketPath);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const logEvent = (lines: string[]): EngineEvent => ({ kind: 'log', at: 1, process: 'web:web_00', stream: 'stdout', lines });

describe('SocketApi requests', () => {
  it('GETs info and the process list, patterns as repeated query parameters', async () => {
    const info = { pid: 1, version: '0.1.0', configFile: '/x', socket: fake.socketPath, startedAt: 2, processes: 1, eventClients: 0 };
    fake.json('GET', '/v1/info', info).json('GET', '/v1/processes', [processStatus()]);
    expect(await api.info()).toEqual(info);
    expect(await api.status(['web:*', 'all'])).toEqual([processStatus()]);
    expect(await api.status()).toEqual([processStatus()]);
    const [first, second, third] = fake.requests;
    expect(first!.headers.host).toBe('drover');
    expect(second!.url.searchParams.getAll('pattern')).toEqual(['web:*', 'all']);
    expect(third!.url.search).toBe('');
  });

  it('POSTs actions with their JSON bodies and returns the results', async () => {
    const results = [result('web:web_00')];
    for (const action of ['start', 'stop', 'restart', 'reload', 'signal']) fake.json('POST', `/v1/processes/${action}`, { results });
    fake.json('POST', '/v1/programs/my%20app/scale', { results }).json('POST', '/v1/shutdown', { results });
    expect(await api.start(['web'])).toEqual(results);
    expect(await api.stop(['a', 'b'])).toEqual(results);
    expect(await api.restart(['all'])).toEqual(results);
    expect(await api.reload(['web:*'])).toEqual(results);
    expect(await api.signal('HUP', ['web'])).toEqual(results);
    expect(await api.signal('USR2', ['web'], { group: true })).toEqual(results);
    expect(await api.scale('my app', '-1')).toEqual(results);
    expect(await api.shutdown()).toEqual(results);
    expect(fake.requests.map((r) => [r.method, r.url.pathname, r.body])).toEqual([
      ['POST', '/v1/processes/start', { patterns: ['web'] }],
      ['POST', '/v1/processes/stop', { patterns: ['a', 'b'] }],
      ['POST', '/v1/processes/restart', { patterns: ['all'] }],
      ['POST', '/v1/processes/reload', { patterns: ['web:*'] }],
      ['POST', '/v1/processes/signal', { signal: 'HUP', patterns: ['web'] }],
      ['POST', '/v1/processes/signal', { signal: 'USR2', patterns: ['web'], group: true }],
      ['POST', '/v1/programs/my%20app/scale', { count: '-1' }],
      ['POST', '/v1/shutdown', undefined],
    ]);
    expect(fake.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('reads logs, reread and update', async () => {
    const diff = { added: ['w'], changed: [], removed: ['old'], supervisorChanged: [] };
    fake.json('GET', '/v1/processes/web:web_00/log', { lines: ['a', 'b'] });
    fake.json('GET', '/v1/config/diff', diff).json('POST', '/v1/config/update', diff);
    expect(await api.tail('web:web_00', 5, 'stderr')).toEqual(['a', 'b']);
    expect(await api.tail('web:web_00', 7)).toEqual(['a', 'b']);
    expect(await api.reread()).toEqual(diff);
    expect(await api.update()).toEqual(diff);
    expect(await api.update(['w'])).toEqual(diff);
    const [tail, tailDefault, , update, updateSome] = fake.requests;
    expect(Object.fromEntries(tail!.url.searchParams)).toEqual({ lines: '5', stream: 'stderr' });
    expect(Object.fromEntries(tailDefault!.url.searchParams)).toEqual({ lines: '7' });
    expect(update!.body).toEqual({});
    expect(updateSome!.body).toEqual({ programs: ['w'] });
  });
});

describe('SocketApi errors', () => {
  it('throws the error the supervisor answers, with its details', async () => {
    fake.error('GET', '/v1/processes', 404, 'NO_MATCH', 'no process matches nosuch');
    fake.error('POST', '/v1/config/update', 422, 'CONFIG_INVALID', 'the config has 2 errors', ['a.yaml:1:1: x', 'a.yaml:2:1: y']);
    const noMatch = await apiError(api.status(['nosuch']));
    expect([noMatch.code, noMatch.message, noMatch.details]).toEqual(['NO_MATCH', 'no process matches nosuch', []]);
    const invalid = await apiError(api.update());
    expect([invalid.code, invalid.details]).toEqual(['CONFIG_INVALID', ['a.yaml:1:1: x', 'a.yaml:2:1: y']]);
  });

  it('says BAD_RESPONSE for answers that are not the API', async () => {
    fake.on('GET', '/v1/info', (_req, res) => res.writeHead(200).end('<html>hello</html>'));
    fake.on('GET', '/v1/processes', (_req, res) => res.writeHead(500).end('oops'));
    fake.json('POST', '/v1/processes/start', { nothing: true });
    expect((await apiError(api.info())).code).toBe('BAD_RESPONSE');
    const noBody = await apiError(api.status());
    expect([noBody.code, noBody.message]).toEqual(['BAD_RESPONSE', 'the supervisor answered HTTP 500 without an error body: oops']);
    expect((await apiError(api.start(['a']))).code).toBe('BAD_RESPONSE');
  });

  it('says UNREACHABLE, naming the path, when no socket exists', async () => {
    const missing = path.join(fake.dir, 'missing.sock');
    const error = await apiError(new SocketApi(missing).info());
    expect([error.code, error.message, error.cause]).toEqual(['UNREACHABLE', `no supervisor answers at ${missing} (connect ENOENT)`, 'connect ENOENT']);
  });

  it('says UNREACHABLE when nothing listens on the socket file or it is not a socket', async () => {
    const stale = path.join(fake.dir, 'stale.sock');
    staleSocket(stale);
    expect((await apiError(new SocketApi(stale).info())).message).toBe(`no supervisor answers at ${stale} (connect ECONNREFUSED)`);
    const plain = path.join(fake.dir, 'plain-file');
    writeFileSync(plain, '');
    expect((await apiError(new SocketApi(plain).status())).code).toBe('UNREACHABLE');
  });

  it('says UNREACHABLE when the supervisor hangs up mid-answer', async () => {
    fake.on('GET', '/v1/info', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"pid":');
      res.socket!.destroy();
    });
    expect((await apiError(api.info())).code).toBe('UNREACHABLE');
  });
});

describe('SocketApi.events', () => {
  it('asks for the options given, resolves once the stream is open, and delivers each event', async () => {
    fake.sse('/v1/events', [logEvent(['first'])]);
    const received: EngineEvent[] = [];
    const subscription = await api.events({ logs: true, process: 'web:*', tail: 20, stream: 'stdout' }, (e) => received.push(e));
    expect(Object.fromEntries(fake.requests[0]!.url.searchParams)).toEqual({ logs: '1', process: 'web:*', tail: '20', stream: 'stdout' });
    await waitFor('the backlog event', () => received.length === 1);
    // Split mid-event, as TCP may: the client must join the pieces.
    const text = sseEvent(logEvent(['second', 'third']));
    fake.streams[0]!.write(text.slice(0, 10));
    fake.streams[0]!.write(text.slice(10));
    await waitFor('the live event', () => received.length === 2);
    expect(received).toEqual([logEvent(['first']), logEvent(['second', 'third'])]);
    subscription.close();
    expect(await subscription.ended).toBeNull();
  });

  it('sends no query without options', async () => {
    fake.sse('/v1/events');
    const subscription = await api.events({}, () => {});
    expect(fake.requests[0]!.url.search).toBe('');
    subscription.close();
    await subscription.ended;
  });

  it('ends with an error when the supervisor ends the stream', async () => {
    fake.sse('/v1/events');
    const subscription = await api.events({}, () => {});
    fake.streams[0]!.end();
    const ended = await subscription.ended;
    expect(ended).toBeInstanceOf(ApiError);
    expect((ended as ApiError).code).toBe('UNREACHABLE');
  });

  it('ends with an error when the supervisor goes away', async () => {
    fake.sse('/v1/events');
    const subscription = await api.events({}, () => {});
    fake.streams[0]!.socket!.destroy();
    expect(await subscription.ended).toBeInstanceOf(Error);
  });

  it('ends with BAD_RESPONSE on an event that is not JSON', async () => {
    fake.sse('/v1/events');
    const subscription = await api.events({}, () => {});
    fake.streams[0]!.write('event: log\ndata: {not json\n\n');
    expect(((await subscription.ended) as ApiError).code).toBe('BAD_RESPONSE');
  });

  it('rejects with the error answer, or BAD_RESPONSE when the answer is not a stream', async () => {
    fake.error('GET', '/v1/events', 404, 'NO_MATCH', 'no process matches zz');
    expect((await apiError(api.events({ process: 'zz' }, () => {}))).code).toBe('NO_MATCH');
    fake.json('GET', '/v1/events', { hello: 1 });
    expect((await apiError(api.events({}, () => {}))).code).toBe('BAD_RESPONSE');
    expect((await apiError(new SocketApi(path.join(fake.dir, 'none.sock')).events({}, () => {}))).code).toBe('UNREACHABLE');
  });
});
