import { createServer, request, type ServerResponse, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionTracker } from '../../src/worker-runtime/connection-tracker.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function getOn(port: number, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

describe('ConnectionTracker per request', () => {
  it("adds one shared 'prefinish' listener to every response and no 'finish' or 'close' listener (no closure, no listener array per request)", async () => {
    const server = createServer();
    const tracker = new ConnectionTracker([server]);
    tracker.watch(server);
    const seen: { prefinish: unknown[]; finish: number; close: number }[] = [];
    server.on('request', (req, res: ServerResponse) => {
      const finishBefore = res.listenerCount('finish');
      tracker.track(req, res);
      seen.push({ prefinish: res.listeners('prefinish'), finish: res.listenerCount('finish') - finishBefore, close: res.listenerCount('close') });
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => {
      agent.destroy();
      server.closeAllConnections();
      server.close();
    });
    const port = (server.address() as AddressInfo).port;
    for (let i = 0; i < 3; i++) expect(await getOn(port, agent)).toBe(200);

    expect(seen).toHaveLength(3);
    for (const s of seen) {
      expect(s.prefinish).toHaveLength(1);
      expect(s.finish).toBe(0);
      expect(s.close).toBe(0);
    }
    expect(seen[1]!.prefinish[0]).toBe(seen[0]!.prefinish[0]);
    expect(seen[2]!.prefinish[0]).toBe(seen[0]!.prefinish[0]);
    expect(tracker.openConnections).toBe(1);
  });
});
