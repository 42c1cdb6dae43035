import { describe, expect, it } from 'vitest';
import { describeExports, describeValue } from '../../src/worker-runtime/describe-value.js';
import { findListener } from '../../src/worker-runtime/load-app.js';
import { encodeWorkerMessage, parseWorkerMessage, type WorkerMessage } from '../../src/worker-runtime/protocol.js';

const listener = (): void => {};

describe('findListener', () => {
  it('takes the default export, else "handler", else a transpiled exports.default', () => {
    const other = (): void => {};
    expect(findListener({ default: listener, handler: other })).toBe(listener);
    expect(findListener({ default: { a: 1 }, handler: other })).toBe(other);
    expect(findListener({ default: { __esModule: true, default: listener } })).toBe(listener);
    expect(findListener({ default: { default: listener } })).toBeUndefined(); // only with __esModule
    expect(findListener({ default: class App {} })).toBeUndefined();
    expect(findListener({})).toBeUndefined();
  });
});

describe('describeExports', () => {
  it('says what was exported instead of a listener', () => {
    expect(describeExports({ default: { a: 1, b: 2 } })).toBe('default export is an object with keys a, b');
    expect(describeExports({ handler: 'x', port: 3000 })).toBe('"handler" is a string ("x"); named exports port');
    expect(describeExports({})).toBe('no exports at all');
    expect(describeExports({ default: class Server {} })).toBe('default export is class Server (a class cannot be called as a request listener)');
    expect(describeValue(Promise.resolve(listener))).toContain('a Promise');
    expect(describeValue(new Map())).toBe('a Map instance with no keys');
    expect(describeValue(Object.fromEntries('abcdefghij'.split('').map((k) => [k, 1])))).toBe('an object with keys a, b, c, d, e, f, g, h, … (2 more)');
  });
});

describe('notify-pipe protocol', () => {
  it('encodes one JSON line per message and parses it back', () => {
    const messages: WorkerMessage[] = [
      { t: 'ready', pid: 42 },
      { t: 'hb', requests: 7 },
      { t: 'draining', reason: 'signal' },
      { t: 'draining', reason: 'max_requests' },
    ];
    expect(messages.map(encodeWorkerMessage).join('')).toBe(
      '{"t":"ready","pid":42}\n{"t":"hb","requests":7}\n{"t":"draining","reason":"signal"}\n{"t":"draining","reason":"max_requests"}\n',
    );
    for (const m of messages) expect(parseWorkerMessage(encodeWorkerMessage(m).trimEnd())).toEqual(m);
    for (const bad of ['', 'ready', '{"t":"hb"}', '{"t":"draining","reason":"bored"}', 'null']) expect(parseWorkerMessage(bad)).toBeUndefined();
  });
});
