import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from '../api/api-error.js';
import { MAX_BODY_BYTES } from '../api/routes.js';

/**
 * Answers for requests the HTTP parser refuses before any route sees them.
 * Node's own answers to these are an empty 400 or a dropped connection; a
 * client of the control API gets the same JSON error body as everywhere else,
 * saying what was wrong, and then the connection closes.
 */

/** Node's parser error codes that deserve their own wording; the rest use the parser's reason. */
const REASONS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'the request headers are too large',
  HPE_INVALID_EOF_STATE: 'the connection ended in the middle of the request',
  HPE_INVALID_METHOD: 'not an HTTP method',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'both content-length and transfer-encoding given',
};

/** Sockets already answered and lingering: Node reports each later chunk as another parse error. */
const answered = new WeakSet<Duplex>();

/** A request the parser could not read: 400 (431 for oversized headers) with the reason. */
export function answerMalformed(error: Error & { code?: string; reason?: string }, socket: Duplex): void {
  if (answered.has(socket)) return;
  const reason = REASONS[error.code ?? ''] ?? (error.reason || error.message || 'unreadable');
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  refuse(socket, status, new ApiError('BAD_REQUEST', `malformed HTTP request: ${reason}${error.code ? ` (${error.code})` : ''}`));
}

/** CONNECT asks for a tunnel, which the control API does not offer: 405, not a silently closed connection. */
export function refuseConnect(socket: Duplex): void {
  refuse(socket, '405 Method Not Allowed', new ApiError('METHOD_NOT_ALLOWED', 'CONNECT is not supported: the control API is plain HTTP requests under /v1'));
}

/** Writes the answer and closes, reading what the client still sends meanwhile (see linger). */
function refuse(socket: Duplex, status: string, error: ApiError): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(rawAnswer(status, error));
  linger(socket);
}

/** How long, and how many bytes, a refused client may go on sending before the connection is cut. */
const LINGER_MS = 2_000;
const DISCARD_BYTES = 16 * MAX_BODY_BYTES;

/**
 * After a refusal, reads and drops what the client is still sending instead
 * of closing at once: closing a socket with unread data resets it, and a
 * client still writing its request then fails with EPIPE before it reads the
 * answer. Bounded in time and bytes, so a client cannot hold it open.
 */
function linger(socket: Duplex): void {
  answered.add(socket);
  let discarded = 0;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_BYTES) socket.destroy();
  });
  socket.once('end', () => socket.destroy());
  socket.once('close', () => clearTimeout(timer));
  socket.resume();
}

/**
 * The rest of a refused oversized body is read and dropped, up to a bound,
 * so the connection stays usable and the client reads its 413 (see linger);
 * past the bound the connection is cut.
 */
export function discardBody(req: IncomingMessage): void {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_BYTES) req.socket.destroy();
  });
  req.resume();
}

function rawAnswer(status: string, error: ApiError): string {
  const body = `${JSON.stringify(error.toBody())}\n`;
  return `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}
