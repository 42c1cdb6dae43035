import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
}

type Handler = (request: RecordedRequest, res: http.ServerResponse) => void;

/**
 * A real HTTP server on a Unix socket in a temp folder, answering canned
 * JSON and event streams: the far side for testing the socket client and ctl
 * without the supervisor. `close()` ends every connection and removes the folder.
 */
export class FakeSupervisor {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'drover-fake-'));
  readonly socketPath = path.join(this.dir, 'drover.sock');
  readonly requests: RecordedRequest[] = [];
  /** Open event streams, newest last, for the test to write to or end. */
  readonly streams: http.ServerResponse[] = [];
  private readonly routes = new Map<string, Handler>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  start(): Promise<this> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.socketPath, () => resolve(this));
    });
  }

  on(method: string, pathname: string, handler: Handler): this {
    this.routes.set(`${method} ${pathname}`, handler);
    return this;
  }

  json(method: string, pathname: string, body: unknown, status = 200): this {
    return this.on(method, pathname, (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  }

  error(method: string, pathname: string, status: number, code: string, message: string, details?: string[]): this {
    return this.json(method, pathname, { error: { code, message, ...(details ? { details } : {}) } }, status);
  }

  /** An event stream that first sends `events`, then stays open in `streams`. */
  sse(pathname: string, events: { kind: string }[] = []): this {
    return this.on('GET', pathname, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': hello\n\n');
      for (const event of events) res.write(sseEvent(event));
      this.streams.push(res);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://drover');
      const request: RecordedRequest = { method: req.method ?? '', url, headers: req.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
      this.requests.push(request);
      const handler = this.routes.get(`${request.method} ${url.pathname}`);
      if (handler) handler(request, res);
      else res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${url.pathname}` } }));
    });
  }
}

export function sseEvent(event: { kind: string }): string {
  return `event: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A socket file nothing listens on (its server was killed), so connecting is refused. */
export function staleSocket(file: string): void {
  const script = `require('node:net').createServer().listen(${JSON.stringify(file)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script]);
}
