import { createConnection } from 'node:net';

/**
 * A raw HTTP exchange over a Unix socket for the control-API property test:
 * write bytes, half-close, read everything the server sends until it closes,
 * and split that into responses. No HTTP client library sits in between, so
 * what the supervisor really wrote is what gets checked.
 */

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Exchange {
  responses: RawResponse[];
  /** Bytes after the last whole response (a truncated answer). */
  leftover: Buffer;
  /** An event stream was opened; the client hung up on it. */
  stream: boolean;
  /** The server neither answered completely nor closed within the deadline. */
  hung: boolean;
  /** The client socket's error code, if any (EPIPE when the server closed while it was still writing). */
  error: string | null;
}

export function exchange(socketPath: string, bytes: Buffer, { head, timeoutMs }: { head: boolean; timeoutMs: number }): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = createConnection(socketPath);
    const chunks: Buffer[] = [];
    let stream = false;
    let hung = false;
    let error: string | null = null;
    const timer = setTimeout(() => {
      hung = true;
      socket.destroy();
    }, timeoutMs);
    // EPIPE/ECONNRESET when the server answers and closes before the whole
    // request is written (a 413, a parse error): what it sent is still read.
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (/content-type: text\/event-stream/i.test(Buffer.concat(chunks).toString('latin1'))) {
        stream = true;
        socket.destroy();
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const { responses, leftover } = parseResponses(Buffer.concat(chunks), head);
      resolve({ responses, leftover: stream ? Buffer.alloc(0) : leftover, stream, hung, error });
    });
    socket.on('connect', () => socket.end(bytes));
  });
}

/** Splits a byte stream into HTTP/1.x responses (1xx interim answers dropped). */
export function parseResponses(data: Buffer, head: boolean): { responses: RawResponse[]; leftover: Buffer } {
  const responses: RawResponse[] = [];
  let rest = data;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const lines = rest.subarray(0, end).toString('latin1').split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3}) /.exec(lines[0]!);
    if (!match) break;
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(match[1]);
    let after: Buffer = rest.subarray(end + 4);
    let body: Buffer = Buffer.alloc(0);
    // The answer to a HEAD has no body, except a refusal by the HTTP parser
    // (its own 400, which closes): the server could not know the method of a
    // request it could not read. A closing answer is the last thing sent, so
    // bytes after it can only be its body.
    const closing = /close/i.test(headers['connection'] ?? '');
    const headAnswer = head && responses.length === 0 && (!closing || after.length === 0);
    const noBody = status < 200 || status === 204 || status === 304 || headAnswer;
    if (!noBody && headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (after.length < length) break;
      body = after.subarray(0, length);
      after = after.subarray(length);
    } else if (!noBody && /chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const chunked = readChunked(after);
      if (!chunked) break;
      [body, after] = chunked;
    } else if (!noBody) {
      body = after;
      after = Buffer.alloc(0);
    }
    rest = after;
    if (status >= 200) responses.push({ status, headers, body });
  }
  return { responses, leftover: rest };
}

function readChunked(data: Buffer): [Buffer, Buffer] | null {
  const parts: Buffer[] = [];
  let rest = data;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    if (eol < 0) return null;
    const size = parseInt(rest.subarray(0, eol).toString('latin1'), 16);
    if (Number.isNaN(size)) return null;
    rest = rest.subarray(eol + 2);
    if (size === 0) return rest.length >= 2 ? [Buffer.concat(parts), rest.subarray(2)] : null;
    if (rest.length < size + 2) return null;
    parts.push(rest.subarray(0, size));
    rest = rest.subarray(size + 2);
  }
}
