import { describe, expect, it } from 'vitest';
import { SseParser, type SseMessage } from '../../src/client/sse-parser.js';

function parseAll(chunks: (Buffer | string)[]): SseMessage[] {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

/** Every way of cutting `bytes` into two chunks, and into one chunk per byte. */
function everySplit(bytes: Buffer): Buffer[][] {
  const splits: Buffer[][] = [];
  for (let at = 0; at <= bytes.length; at++) splits.push([bytes.subarray(0, at), bytes.subarray(at)]);
  splits.push([...bytes].map((b) => Buffer.from([b])));
  return splits;
}

const msg = (event: string, data: string, id: string | null = null): SseMessage => ({ event, data, id });

describe('SseParser', () => {
  it('parses events with a name and JSON data', () => {
    const stream = 'event: state\ndata: {"kind":"state"}\n\nevent: log\ndata: {"kind":"log","lines":["a"]}\n\n';
    expect(parseAll([stream])).toEqual([msg('state', '{"kind":"state"}'), msg('log', '{"kind":"log","lines":["a"]}')]);
  });

  it('gives the same events however the bytes are split, CRLF and multi-byte characters included', () => {
    const text =
      '\uFEFF: hello\r\n\r\nevent: log\r\ndata: {"lines":["héllo ✓ 😀"]}\r\n\r\n' +
      'event:state\rdata:{"a":1}\r\rdata: line one\ndata: line two\nid: 7\n\n: keep-alive\n\nevent: log\ndata: {"tail":true}\n\n';
    const expected = [msg('log', '{"lines":["héllo ✓ 😀"]}'), msg('state', '{"a":1}'), msg('message', 'line one\nline two', '7'), msg('log', '{"tail":true}', '7')];
    expect(parseAll([text])).toEqual(expected);
    for (const chunks of everySplit(Buffer.from(text, 'utf8'))) {
      expect(parseAll(chunks)).toEqual(expected);
    }
  });

  it('splits into three chunks at every pair of positions', () => {
    const bytes = Buffer.from('event: a\r\ndata: é\r\n\r\ndata: 2\n\n', 'utf8');
    const expected = [msg('a', 'é'), msg('message', '2')];
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) {
        expect(parseAll([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)])).toEqual(expected);
      }
    }
  });

  it('ignores comments, unknown fields and events without data; keeps an event until its blank line', () => {
    const parser = new SseParser();
    expect(parser.push(': comment\nretry: 100\nfoo: bar\nevent: lonely\n\n')).toEqual([]);
    expect(parser.push('event: late\ndata: x')).toEqual([]);
    expect(parser.push('\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([msg('late', 'x')]);
  });

  it('takes a field without a colon as an empty value and strips only one space after the colon', () => {
    expect(parseAll(['data\ndata:  two spaces\n\n'])).toEqual([msg('message', '\n two spaces')]);
  });

  it('accepts string chunks as well as buffers', () => {
    expect(parseAll(['event: x\nda', 'ta: 1\n', '\n'])).toEqual([msg('x', '1')]);
  });
});
