import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface SocketState {
  /** Responses started and not yet all handed to the socket. */
  pending: number;
  /** When the connection last had nothing in flight (ms). */
  idleSince: number;
  /** The newest response not yet handed to the socket: a drain asks it to close the connection. */
  newest: ServerResponse | null;
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
 * short. Here a connection is idle only when every response on it has been
 * handed to the socket ('prefinish') and the socket has written all of it to
 * the kernel (`writableLength` 0), it has served at least one request (a fresh
 * connection's first request may be on its way: it is answered with
 * `Connection: close` instead), and Node's parser is between messages.
 *
 * Every request passes through track(), so it allocates nothing of its own: the
 * state is per connection, and the listener is one function shared by every
 * response (it finds the connection through `res.req.socket`). It listens to
 * 'prefinish', not 'finish': Node's server already has a 'finish' listener on
 * every response, so a second one turns the listeners into an array, and every
 * emit copies that array (~250 bytes of garbage a request in all); 'prefinish'
 * has no other listener.
 */
export class ConnectionTracker {
  private readonly sockets = new Map<Socket, SocketState>();
  private draining = false;
  private sweepQueued = false;
  private readonly onResponseWritten = responseWrittenListener(this);

  constructor(private readonly servers: readonly Server[]) {}

  watch(server: Server): void {
    server.on('connection', (socket: Socket) => {
      this.sockets.set(socket, newSocketState());
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Called for every request before the app sees it. */
  track(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    let state = this.sockets.get(socket);
    if (!state) {
      state = newSocketState();
      this.sockets.set(socket, state);
    }
    state.pending++;
    state.newest = res;
    res.on('prefinish', this.onResponseWritten);
  }

  /** A response's last bytes were handed to its socket ('prefinish'); the socket may still be flushing them. */
  responseWritten(res: ServerResponse): void {
    // A connection that closed meanwhile has no state left to update.
    const state = this.sockets.get(res.req.socket);
    if (!state) return;
    state.pending--;
    if (state.newest === res) state.newest = null;
    state.idleSince = Date.now();
    if (this.draining) this.queueSweep();
  }

  /** From now on responses close their connection; connections idle for the grace period are closed. */
  drain(): void {
    this.draining = true;
    // Earlier pipelined responses on a connection keep it open: the newest one closes it after they are written.
    for (const state of this.sockets.values()) {
      if (state.newest && !state.newest.headersSent) state.newest.setHeader('Connection', 'close');
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
      if (socket.writableLength > 0) {
        // Still flushing: the grace counts from when the client can have had the whole answer.
        state.idleSince = now;
        continue;
      }
      if (state.pending > 0 || now - state.idleSince < DRAIN_IDLE_GRACE_MS) continue;
      if (parserIdle && !parserIdle.has(socket)) continue;
      socket.destroy();
    }
  }
}

function newSocketState(): SocketState {
  return { pending: 0, idleSince: Date.now(), newest: null };
}

/** One listener for every response's 'prefinish' (`this` is the response), instead of a closure per request. */
function responseWrittenListener(tracker: ConnectionTracker): (this: ServerResponse) => void {
  return function onResponseWritten(this: ServerResponse) {
    tracker.responseWritten(this);
  };
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
