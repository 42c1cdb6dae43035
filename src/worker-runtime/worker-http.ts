import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { ConnectionTracker } from './connection-tracker.js';
import type { RequestListener } from './load-app.js';

/**
 * The worker's HTTP servers, one per inherited socket, all running the app's
 * listener. Counts requests, and once draining answers every request with
 * `Connection: close` (the header is set before the app runs).
 */
export class WorkerHttp {
  requests = 0;
  private draining = false;
  private readonly servers: Server[] = [];
  private readonly tracker = new ConnectionTracker(this.servers);

  /** `onRequest` runs after counting and before the app, with the new total. */
  constructor(
    private readonly listener: RequestListener,
    private readonly onRequest: (total: number) => void,
  ) {}

  /** Listens on every fd; rejects with the first listen error. */
  async listen(fds: readonly number[]): Promise<void> {
    await Promise.all(fds.map((fd) => this.listenOn(fd)));
  }

  private listenOn(fd: number): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    this.servers.push(server);
    this.tracker.watch(server);
    return new Promise((resolve, reject) => {
      const failed = (err: Error): void => reject(Object.assign(err, { fd }));
      server.once('error', failed);
      server.listen({ fd }, () => {
        server.off('error', failed);
        // Accept errors (EMFILE…) after listening are not fatal; Node retries.
        server.on('error', (err) => process.stderr.write(`drover worker: server on fd ${fd}: ${err.message}\n`));
        resolve();
      });
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests++;
    this.tracker.track(req, res);
    this.onRequest(this.requests);
    if (this.draining) res.setHeader('Connection', 'close');
    this.listener(req, res);
  }

  /**
   * Stops accepting (the fds close; the master's copies keep the sockets
   * listening, so new connections wait in the kernel for another worker) and
   * closes idle keep-alive connections. Resolves when every connection is gone.
   */
  drain(): Promise<void> {
    this.draining = true;
    // net.Server#close, not http.Server#close: the latter also runs Node's idle
    // sweep, which truncates responses still being flushed (see ConnectionTracker).
    const closed = this.servers.map((server) => new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve())));
    this.tracker.drain();
    return Promise.all(closed).then(() => undefined);
  }

  get openConnections(): number {
    return this.tracker.openConnections;
  }

  destroyAllConnections(): void {
    this.tracker.destroyAll();
    for (const server of this.servers) server.closeAllConnections();
  }
}
