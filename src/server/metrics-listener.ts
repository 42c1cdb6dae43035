import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TcpAddress } from '../config/runtime.js';
import type { SupervisorApi } from '../api/supervisor-api.js';
import { METRICS_CONTENT_TYPE, renderMetrics } from './prometheus.js';
import { METRICS_PATH } from './router.js';

/** Prometheus's default path, and the control API's. */
const PATHS = new Set(['/metrics', METRICS_PATH]);

/**
 * `supervisor.metrics`: a plain-HTTP TCP listener serving GET /metrics only,
 * so Prometheus can scrape without access to the control socket. Anyone who
 * reaches the address may read it (program names, states, CPU and memory),
 * and nothing it accepts changes anything. It follows the setting: started,
 * moved or closed by sync(), closed with the supervisor.
 */
export class MetricsListener {
  private server: Server | null = null;
  private address: TcpAddress | null = null;

  constructor(
    private readonly api: SupervisorApi,
    private readonly onError: (message: string) => void = () => {},
  ) {}

  /** Where it listens now, or null. */
  get listening(): { host: string; port: number } | null {
    const bound = this.server?.address();
    return bound && typeof bound === 'object' ? { host: bound.address, port: bound.port } : null;
  }

  /**
   * Listens on `address`, moves there from the old one, or stops for null;
   * resolves true when that changed anything (the same address again does
   * not). Rejects when the address cannot be bound, listening nowhere then.
   */
  async sync(address: TcpAddress | null): Promise<boolean> {
    if (address?.host === this.address?.host && address?.port === this.address?.port) return false;
    // The old listener goes first: moving from 127.0.0.1:9101 to :9101 needs the port free.
    await this.close();
    if (address === null) return true;
    const server = this.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: address.host, port: address.port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.address = address;
    return true;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.address = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // A scraper's kept-alive connection would hold close() open until it timed out.
      server.closeAllConnections();
    });
  }

  private createServer(): Server {
    const server = createServer((req, res) => void this.handle(req, res));
    // Whoever can reach the port can connect: bound how long and how many.
    server.headersTimeout = 10_000;
    server.requestTimeout = 10_000;
    server.keepAliveTimeout = 5_000;
    server.maxConnections = 64;
    server.on('clientError', (_error: Error, socket: Socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nmalformed HTTP request\n');
      else socket.destroy();
    });
    return server;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!PATHS.has(path)) return answer(res, 404, `not found: ${path.slice(0, 200)}; this listener serves only GET /metrics\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, `${path} takes GET only\n`, { allow: 'GET, HEAD' });
    // Nothing is read from a request: one with a body is a mistake, and the body is not kept waiting on the connection.
    if (hasBody(req)) return answer(res, 400, 'a metrics request takes no body\n');
    try {
      const text = await renderMetrics(this.api);
      res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    } catch (error) {
      this.onError(`metrics listener: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      answer(res, 500, 'internal error; see the supervisor log\n');
    }
  }
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function answer(res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), connection: 'close', ...headers });
  res.end(text);
}

/** The URL to scrape, for the supervisor's log: `http://127.0.0.1:9101/metrics`, `http://[::1]:9101/metrics`. */
export function metricsUrl(address: { host: string; port: number }): string {
  return `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}/metrics`;
}
