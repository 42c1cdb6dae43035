import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface SocketState {
  /** Responses started and not yet flushed to the kernel. */
  pending: number;
  /** Requests seen on this connection. */
  served: number;
  /** When the connection last had nothing in flight (ms). */
  idleSince: number;
}

/**
 * While draining, a keep-alive connection is closed only after it has been
 * idle this long. Closing an idle connection the moment the drain starts
 * races with the client sending its next request on it (the request is lost:
 * ECONNRESET); a client that is actively sending gets its next answer with
 * `Connection: close` well within this time and closes the connection itself.
 */
const DRAIN_IDLE_GRACE_MS = 1000;

/**
 * Every open connection of the worker's servers, with its requests in flight.
 *
 * Why not http.Server#closeIdleConnections (which Node 20's server.close() also
 * runs)? It counts a response as done once `res.end()` was called, not once its
 * bytes have left the process, so draining cut a large response to a slow client
 * short. Here a connection is idle only when every response on it has emitted
 * 'finish' (written to the kernel), it has served at least one request (a fresh
 * connection's first request may be on its way: it is answered with
 * `Connection: close` instead), and Node's parser is between messages.
 */
export class ConnectionTracker {
  private readonly sockets = new Map<Socket, SocketState>();
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private sweepQueued = false;

  constructor(private readonly servers: readonly Server[]) {}

  watch(server: Server): void {
    server.on('connection', (socket: Socket) => {
      this.sockets.set(socket, { pending: 0, served: 0, idleSince: Date.now() });
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Called for every request before the app sees it. */
  track(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    let state = this.sockets.get(socket);
    if (!state) {
      state = { pending: 0, served: 0, idleSince: Date.now() };
      this.sockets.set(socket, state);
    }
    state.pending++;
    state.served++;
    this.inFlight.add(res);
    let done = false;
    const finished = (): void => {
      if (done) return;
      done = true;
      this.inFlight.delete(res);
      state.pending--;
      state.idleSince = Date.now();
      if (this.draining) this.queueSweep();
    };
    res.once('finish', finished);
    res.once('close', finished);
  }

  /** From now on responses close their connection; connections idle for the grace period are closed. */
  drain(): void {
    this.draining = true;
    for (const res of this.inFlight) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    this.sweep();
    setInterval(() => this.sweep(), DRAIN_IDLE_GRACE_MS / 4).unref();
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  destroyAll(): void {
    for (const socket of this.sockets.keys()) socket.destroy();
  }

  private queueSweep(): void {
    if (this.sweepQueued) return;
    this.sweepQueued = true;
    setImmediate(() => {
      this.sweepQueued = false;
      this.sweep();
    });
  }

  private sweep(): void {
    const parserIdle = parserIdleSockets(this.servers);
    const now = Date.now();
    for (const [socket, state] of this.sockets) {
      if (state.pending > 0 || now - state.idleSince < DRAIN_IDLE_GRACE_MS || socket.writableLength > 0) continue;
      if (parserIdle && !parserIdle.has(socket)) continue;
      socket.destroy();
    }
  }
}

interface ConnectionsList {
  idle(): { socket?: Socket }[];
}

/**
 * Sockets whose HTTP parser is between messages, from Node's internal
 * connections list (the one closeIdleConnections uses). Undefined when this
 * Node version does not have it: then only our own bookkeeping decides.
 */
function parserIdleSockets(servers: readonly Server[]): Set<Socket> | undefined {
  const idle = new Set<Socket>();
  for (const server of servers) {
    const key = Object.getOwnPropertySymbols(server).find((s) => s.description === 'http.server.connections');
    const list = key === undefined ? undefined : (server as unknown as Record<symbol, ConnectionsList | undefined>)[key];
    if (!list || typeof list.idle !== 'function') return undefined;
    for (const parser of list.idle()) if (parser?.socket) idle.add(parser.socket);
  }
  return idle;
}
