import { StringDecoder } from 'node:string_decoder';

/** One Server-Sent Event: its `event:` name ('message' when absent) and its `data:` lines joined by '\n'. */
export interface SseMessage {
  event: string;
  data: string;
  id: string | null;
}

/**
 * An incremental Server-Sent Events parser (the WHATWG event-stream format):
 * feed it chunks as they arrive, split anywhere — inside a line, inside a
 * CRLF, inside a multi-byte UTF-8 character — and it returns the events that
 * chunk completed. Pure: no I/O, so it is tested by splitting at every byte.
 */
export class SseParser {
  private readonly decoder = new StringDecoder('utf8');
  /** Text after the last line break seen. */
  private partial = '';
  /** The previous chunk ended in CR: an LF starting the next one belongs to it. */
  private skipLf = false;
  private atStart = true;
  private event = '';
  private data: string[] = [];
  private id: string | null = null;

  push(chunk: Buffer | string): SseMessage[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (this.skipLf && text.length > 0) {
      if (text[0] === '\n') text = text.slice(1);
      this.skipLf = false;
    }
    if (this.atStart && text.length > 0) {
      // A byte-order mark may open the stream and is not part of the first field name.
      if (text[0] === '\uFEFF') text = text.slice(1);
      this.atStart = false;
    }
    const out: SseMessage[] = [];
    const buffer = this.partial + text;
    let start = 0;
    for (;;) {
      const lf = buffer.indexOf('\n', start);
      const cr = buffer.indexOf('\r', start);
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (end === -1) break;
      this.line(buffer.slice(start, end), out);
      if (buffer[end] === '\r') {
        if (end + 1 === buffer.length) {
          // The LF of this CRLF may be the first character of the next chunk.
          this.skipLf = true;
          start = end + 1;
          break;
        }
        start = buffer[end + 1] === '\n' ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
    }
    this.partial = buffer.slice(start);
    return out;
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    if (line.startsWith(':')) return; // a comment, e.g. a keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.event = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
      default:
        // `retry` and unknown fields mean nothing to this client.
        break;
    }
  }

  private dispatch(out: SseMessage[]): void {
    // An event with no data line is not dispatched (as browsers do); the name is reset either way.
    if (this.data.length > 0) out.push({ event: this.event === '' ? 'message' : this.event, data: this.data.join('\n'), id: this.id });
    this.event = '';
    this.data = [];
  }
}
