import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { SupervisorApi } from '../api/supervisor-api.js';
import { ApiError, HTTP_STATUS } from '../api/api-error.js';
import { eventOptions, serveEvents } from './event-stream.js';
import { METRICS_CONTENT_TYPE, renderMetrics } from './prometheus.js';
import { answerMalformed, discardBody, refuseConnect } from './protocol-errors.js';
import { bodyReader, matchRoute, requestUrl } from './router.js';

/**
 * The control API over HTTP/1.1 on a Unix socket. It translates requests to
 * SupervisorApi calls and answers JSON; it holds no state of its own beyond
 * the open connections. Nothing a client sends can take the supervisor down:
 * every failure becomes a JSON error answer.
 */
export class ControlServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly streams = new Set<() => void>();

  constructor(
    private readonly api: SupervisorApi,
    private readonly onError: (message: string) => void = () => {},
  ) {
    // No Host check: a Unix socket has no virtual hosts, and Node's refusal
    // of a request without one is an empty 400 rather than a JSON error.
    this.server = createServer({ requireHostHeader: false }, (req, res) => void this.handle(req, res));
    // Long-running actions (stopping a slow program) can take minutes; the
    // client decides how long to wait, not an HTTP timeout.
    this.server.requestTimeout = 0;
    // A client that half-closes after its request (`printf … | nc -N -U`)
    // still gets the answer; by default Node closes the connection at the
    // client's FIN and a slow answer (a stop, a config diff) is lost.
    // (A long-standing but undocumented property of http.Server.)
    (this.server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
    this.server.headersTimeout = 30_000;
    this.server.keepAliveTimeout = 5_000;
    // Bounds the file descriptors clients can hold open; far above real use.
    this.server.maxConnections = 1024;
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (error: Error & { code?: string; reason?: string }, socket: Socket) => answerMalformed(error, socket));
    this.server.on('connect', (_req: IncomingMessage, socket: Duplex) => refuseConnect(socket));
  }

  /** Listens on `socketPath`, which the caller has made safe (socket-guard.ts). */
  listen(socketPath: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ path: socketPath, readableAll: false, writableAll: false }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** Ends event streams and idle connections; in-flight answers are finished first. */
  close(): Promise<void> {
    for (const end of [...this.streams]) end();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  get connections(): number {
    return this.sockets.size;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = requestUrl(req.url ?? '/');
      const found = matchRoute(req.method ?? 'GET', url.pathname);
      if ('events' in found) {
        await serveEvents(this.api, eventOptions(url.searchParams), res, (end) => this.trackStream(req.socket, end));
        return;
      }
      if ('metrics' in found) {
        sendMetrics(res, await renderMetrics(this.api));
        return;
      }
      const result = await found.route.handle(this.api, { req, query: url.searchParams, params: found.params, body: bodyReader(req) });
      send(res, 200, result);
    } catch (error) {
      if (error instanceof ApiError) {
        send(res, HTTP_STATUS[error.code], error.toBody());
        if (error.code === 'BODY_TOO_LARGE') discardBody(req);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      this.onError(`control API: ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? message) : message}`);
      send(res, 500, new ApiError('INTERNAL', `internal error: ${message}`).toBody());
    }
  }

  private track(end: () => void): () => void {
    this.streams.add(end);
    return () => this.streams.delete(end);
  }

  /** An event stream also ends at the client's FIN: a stream reader has nothing more to send (half-open is for other answers). */
  private trackStream(socket: Socket, end: () => void): () => void {
    const untrack = this.track(end);
    if (socket.readableEnded) setImmediate(end);
    else socket.once('end', end);
    return () => {
      socket.off('end', end);
      untrack();
    };
  }
}

function sendMetrics(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
