import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exchange, parseHead, type HttpHead } from '../../src/client/http-exchange.js';

/**
 * ctl's HTTP client against a raw unix-socket server that writes exactly the
 * bytes a test gives, split into as many writes as it likes: every framing
 * (Content-Length, chunked, up to the close) and the ways an answer breaks.
 */

let dir: string;
let socketPath: string;
let server: net.Server;
/** What the server received, per connection. */
let received: string[];

/** The server answers each connection with these pieces, one write each, a turn of the event loop apart; then ends it unless told not to. */
function serve(pieces: string[], { end = true } = {}): Promise<void> {
  server = net.createServer((socket) => {
    let text = '';
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (answered || !text.includes('\r\n\r\n')) return;
      answered = true;
      received.push(text);
      void (async () => {
        for (const piece of pieces) {
          socket.write(piece);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        if (end) socket.end();
      })();
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(socketPath, resolve));
}

interface Outcome {
  head: HttpHead | null;
  body: string;
  error: NodeJS.ErrnoException | null;
  /** How many times end() or error() was called: exactly once. */
  settles: number;
}

function ask(
  request = { method: 'GET', path: '/v1/processes', headers: { host: 'drover', connection: 'close' } as Record<string, string | number>, body: undefined as string | undefined },
): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { head: null, body: '', error: null, settles: 0 };
    const settle = () => {
      outcome.settles++;
      // Late second calls would show up in settles before the check below reads it.
      setTimeout(() => resolve(outcome), 30);
    };
    exchange(socketPath, request, {
      head: (head) => (outcome.head = head),
      data: (chunk) => (outcome.body += chunk.toString('utf8')),
      end: settle,
      error: (error) => {
        outcome.error = error;
        settle();
      },
    });
  });
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drover-http-'));
  socketPath = path.join(dir, 's.sock');
  received = [];
});
afterEach(async () => {
  await new Promise((resolve) => (server?.listening ? server.close(resolve) : resolve(undefined)));
  rmSync(dir, { recursive: true, force: true });
});

describe('exchange', () => {
  it('sends the request line, headers and body, and reads a Content-Length answer split anywhere', async () => {
    const body = JSON.stringify([{ name: 'ü', state: 'RUNNING' }]);
    const answer = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    await serve([answer.slice(0, 10), answer.slice(10, 40), answer.slice(40, answer.length - 3), answer.slice(-3)], { end: false });
    const outcome = await ask({ method: 'POST', path: '/v1/stop', headers: { host: 'drover', 'content-length': 2 }, body: '{}' });
    expect(received).toEqual(['POST /v1/stop HTTP/1.1\r\nhost: drover\r\ncontent-length: 2\r\n\r\n{}']);
    expect(outcome.head?.status).toBe(200);
    expect(outcome.head?.headers.get('content-type')).toBe('application/json');
    expect(outcome).toMatchObject({ body, error: null, settles: 1 });
  });

  it('reads a chunked answer delivered one byte at a time, with chunk extensions and a trailer', async () => {
    const answer = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n1a\r\n, a chunk of twenty-six by\r\n0\r\nX-Trailer: 1\r\n\r\n';
    await serve([...answer], { end: false });
    const outcome = await ask();
    expect(outcome).toMatchObject({ body: 'hello, a chunk of twenty-six by', error: null, settles: 1 });
  });

  it('reads an answer without framing up to the close of the connection (HTTP/1.0)', async () => {
    await serve(['HTTP/1.0 404 Not Found\r\nServer: Medusa/1.12\r\n\r\n<html>', 'not found</html>']);
    const outcome = await ask();
    expect(outcome.head?.status).toBe(404);
    expect(outcome.head?.headers.get('server')).toBe('Medusa/1.12');
    expect(outcome).toMatchObject({ body: '<html>not found</html>', error: null, settles: 1 });
  });

  it('ends an empty body at the head: Content-Length 0 and 204', async () => {
    await serve(['HTTP/1.1 204 No Content\r\n\r\n'], { end: false });
    expect(await ask()).toMatchObject({ body: '', error: null, settles: 1 });
  });

  it('says ECONNRESET when the connection closes mid-body, by length or by chunks', async () => {
    await serve(['HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"a":']);
    expect((await ask()).error).toMatchObject({ code: 'ECONNRESET', syscall: 'read' });
    await new Promise((resolve) => server.close(resolve));
    await serve(['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel']);
    const outcome = await ask();
    expect(outcome).toMatchObject({ body: 'hel', settles: 1 });
    expect(outcome.error).toMatchObject({ code: 'ECONNRESET' });
  });

  it('refuses what is not HTTP: a bad status line, a bad header, a bad chunk size, a bad length', async () => {
    for (const answer of [
      'SSH-2.0-OpenSSH\r\n\r\n',
      'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
    ]) {
      await serve([answer], { end: false });
      const outcome = await ask();
      expect(outcome.error, answer).toMatchObject({ code: 'BAD_HTTP' });
      expect(outcome.settles).toBe(1);
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('keeps the errno of a failed connect', async () => {
    const outcome = await ask();
    expect(outcome.error).toMatchObject({ code: 'ENOENT', syscall: 'connect' });
    expect(outcome.settles).toBe(1);
  });
});

describe('parseHead', () => {
  it('joins repeated headers and lower-cases names', () => {
    const head = parseHead('HTTP/1.1 200 OK\r\nX-A: 1\r\nx-a: 2\r\nContent-Type:text/plain');
    expect(head.status).toBe(200);
    expect([...head.headers]).toEqual([
      ['x-a', '1, 2'],
      ['content-type', 'text/plain'],
    ]);
  });
});
