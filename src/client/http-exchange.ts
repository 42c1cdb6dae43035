import net from 'node:net';

/**
 * One HTTP/1.1 request and its answer over a unix socket, with node:net only.
 * node:http and the dozen modules it brings (its parser, agent, incoming and
 * outgoing messages) were a tenth of a fresh `ctl status`; a ctl run sends one
 * request with `connection: close` and reads one answer, which needs far less.
 * The body arrives as the server frames it: Content-Length, chunked, or (no
 * framing) up to the close of the connection.
 */

export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string | number>;
  body?: string;
}

/** The status line and headers of an answer; header names in lower case. */
export interface HttpHead {
  status: number;
  headers: Map<string, string>;
}

export interface ExchangeListener {
  head(head: HttpHead): void;
  data(chunk: Buffer): void;
  /** The whole body arrived. */
  end(): void;
  /** The connection failed, or closed before the answer was complete, or the answer is not HTTP; errno errors keep code and syscall. */
  error(error: Error): void;
}

/** A head larger than this is no answer of drover's (nor of supervisord's). */
const MAX_HEAD_BYTES = 64 * 1024;

const protocolError = (message: string) => Object.assign(new Error(message), { code: 'BAD_HTTP' });

/**
 * Sends `request` on a fresh connection to `socketPath`; exactly one of the
 * listener's end() or error() follows, once. The returned function cuts the
 * connection (no callback after it).
 */
export function exchange(socketPath: string, request: HttpRequest, listener: ExchangeListener): () => void {
  const socket = net.connect(socketPath);
  const body = new BodyReader(listener);
  let head: Buffer | null = Buffer.alloc(0);
  let settled = false;
  const settle = (error: Error | null) => {
    if (settled) return;
    settled = true;
    socket.destroy();
    if (error) listener.error(error);
    else listener.end();
  };
  body.finished = () => settle(null);
  socket.on('data', (chunk: Buffer) => {
    if (settled) return;
    try {
      if (head === null) return void body.push(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) throw protocolError(`an answer head over ${MAX_HEAD_BYTES} bytes`);
        return;
      }
      const parsed = parseHead(head.toString('latin1', 0, end));
      const rest = head.subarray(end + 4);
      head = null;
      body.start(parsed, request.method);
      listener.head(parsed);
      if (!settled && rest.length > 0) body.push(rest);
    } catch (error) {
      settle(error as Error);
    }
  });
  socket.once('end', () => {
    if (head === null && body.endsAtClose()) settle(null);
    else settle(Object.assign(new Error('the connection closed mid-answer'), { code: 'ECONNRESET', syscall: 'read' }));
  });
  socket.once('error', (error) => settle(error));
  socket.once('close', () => settle(Object.assign(new Error('the connection closed mid-answer'), { code: 'ECONNRESET', syscall: 'read' })));
  socket.write(requestText(request));
  return () => {
    settled = true;
    socket.destroy();
  };
}

function requestText({ method, path, headers, body }: HttpRequest): string {
  let text = `${method} ${path} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(headers)) text += `${name}: ${value}\r\n`;
  return `${text}\r\n${body ?? ''}`;
}

/** `HTTP/1.1 200 OK` and the header lines; repeated headers joined with `, ` as node:http does. */
export function parseHead(text: string): HttpHead {
  const lines = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? '');
  if (!status) throw protocolError(`not an HTTP answer: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw protocolError(`a malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return { status: Number(status[1]), headers };
}

/** Hands the body on as it arrives, by the framing the head announced. */
class BodyReader {
  finished: () => void = () => {};
  private mode: 'length' | 'chunked' | 'close' = 'close';
  private remaining = 0;
  /** Chunked: bytes of a chunk-size line or trailer not complete yet. */
  private pending: Buffer = Buffer.alloc(0);
  /** Chunked: the CRLF after a chunk's data is still to skip. */
  private afterData = false;

  constructor(private readonly listener: ExchangeListener) {}

  start({ status, headers }: HttpHead, method: string): void {
    const encoding = headers.get('transfer-encoding');
    const length = headers.get('content-length');
    if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) {
      this.mode = 'length';
    } else if (encoding !== undefined && /(?:^|,)\s*chunked\s*$/i.test(encoding)) {
      this.mode = 'chunked';
    } else if (length !== undefined) {
      if (!/^\d+$/.test(length)) throw protocolError(`a content-length that is not a number: ${JSON.stringify(length)}`);
      this.mode = 'length';
      this.remaining = Number(length);
    }
    // The head's own arrival ends a body that is empty by its framing.
    if (this.mode === 'length' && this.remaining === 0) queueMicrotask(() => this.finished());
  }

  endsAtClose(): boolean {
    return this.mode === 'close';
  }

  push(chunk: Buffer): void {
    if (this.mode === 'close') return this.listener.data(chunk);
    if (this.mode === 'length') {
      const part = chunk.subarray(0, this.remaining);
      this.remaining -= part.length;
      if (part.length > 0) this.listener.data(part);
      if (this.remaining === 0) this.finished();
      return;
    }
    this.pushChunked(chunk);
  }

  private pushChunked(input: Buffer): void {
    let chunk = this.pending.length > 0 ? Buffer.concat([this.pending, input]) : input;
    this.pending = Buffer.alloc(0);
    while (chunk.length > 0) {
      if (this.remaining > 0) {
        const part = chunk.subarray(0, this.remaining);
        this.remaining -= part.length;
        chunk = chunk.subarray(part.length);
        this.listener.data(part);
        if (this.remaining === 0) this.afterData = true;
        continue;
      }
      const eol = chunk.indexOf('\r\n');
      if (eol < 0) {
        if (chunk.length > MAX_HEAD_BYTES) throw protocolError('a chunk-size line without an end');
        this.pending = chunk;
        return;
      }
      const line = chunk.toString('latin1', 0, eol);
      chunk = chunk.subarray(eol + 2);
      if (this.afterData) {
        if (line !== '') throw protocolError('chunk data longer than its size');
        this.afterData = false;
        continue;
      }
      const size = /^([0-9a-fA-F]+)(?:;.*)?$/.exec(line.trim());
      if (!size) throw protocolError(`a chunk size that is not hexadecimal: ${JSON.stringify(line.slice(0, 40))}`);
      this.remaining = parseInt(size[1]!, 16);
      // The last chunk: the trailer that may follow is of no use to a one-request client.
      if (this.remaining === 0) return this.finished();
    }
  }
}
