import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { appFixture, FakeMaster, heartbeatAtLeast, ready } from './fake-master.js';

let master: FakeMaster;
let client: Socket | undefined;
afterEach(async () => {
  client?.destroy();
  await master?.cleanup();
});

/** Everything the worker sends on one connection until it closes it. */
function sendRaw(port: number | undefined, text: string): { socket: Socket; received: Promise<string> } {
  if (port === undefined) throw new Error('a TCP socket was expected');
  const socket = connect({ host: '127.0.0.1', port });
  const received = new Promise<string>((resolve, reject) => {
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
  socket.write(text);
  return { socket, received };
}

describe('prefork worker runtime: drain with pipelined requests', () => {
  it('answers every request pipelined before the drain, only the last with Connection: close', async () => {
    master = new FakeMaster();
    const tcp = master.bindTcp();
    const worker = master.startWorker(appFixture('slow.mjs'), [tcp]);
    await ready(worker);

    const request = 'GET /?ms=2500 HTTP/1.1\r\nHost: x\r\n\r\n';
    const sent = sendRaw(tcp.port, request + request);
    client = sent.socket;
    await heartbeatAtLeast(worker, 2); // both requests reached the app
    worker.child.kill('SIGTERM');

    const received = await sent.received;
    const statuses = received.match(/^HTTP\/1\.1 \d+/gm) ?? [];
    const connections = [...received.matchAll(/^Connection: (.*)\r$/gim)].map((m) => m[1]?.toLowerCase());
    expect(statuses).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
    expect(connections).toEqual(['keep-alive', 'close']);
    expect(received.split(`slept 2500 in ${worker.child.pid}\n`).length - 1).toBe(2);
    expect(await worker.closed).toEqual({ code: 0, signal: null });
  });
});
