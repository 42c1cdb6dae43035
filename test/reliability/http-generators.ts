import fc from 'fast-check';

/**
 * fast-check generators of raw HTTP/1.1 requests for the control-API property
 * test. Requests are bytes, not `http.request` calls, so they can be wrong in
 * every way a client (or a stray `nc`) can be: odd methods, paths with globs,
 * dot segments and bad percent-encoding, content-length that lies, broken
 * chunking, bodies of the wrong JSON shape, or no HTTP at all.
 */

export type Framing = 'exact' | 'none' | 'short' | 'long' | 'chunked' | 'bad-chunked' | 'both';

export interface RawRequest {
  method: string;
  target: string;
  version: string;
  headers: [string, string][];
  body: string | Buffer;
  framing: Framing;
  /** When set, these bytes are sent instead of a request. */
  garbage: Buffer | null;
}

/** Names the daemon's programs and processes answer to, plus ones that match nothing. */
export const REAL_NAMES = ['alpha', 'beta', 'gamma', 'idle', 'grp', 'alpha:alpha_00', 'alpha:*', 'beta:beta', 'all', '*'];
const OTHER_NAMES = [
  'nope',
  'zz*',
  'q?x',
  '[xyz]q',
  'alpha:nope',
  'nogroup:*',
  '[',
  '[a-',
  '*[',
  'a[b',
  ']',
  '\\',
  '..',
  '.',
  'ü',
  '日本',
  '😀',
  '',
  ' ',
  'a b',
  '%',
  '%zz',
  '%2F',
  '%C3%BC',
  '%00',
  'a/b',
];
const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...REAL_NAMES, ...OTHER_NAMES) },
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.integer({ min: 1, max: 3 }).map((k) => 'x'.repeat(k * 3000)),
);

const ROUTES = [
  '/v1/info',
  '/v1/processes',
  '/v1/processes/start',
  '/v1/processes/stop',
  '/v1/processes/restart',
  '/v1/processes/reload',
  '/v1/processes/signal',
  '/v1/programs/{}/scale',
  '/v1/processes/{}/log',
  '/v1/processes/{}/details',
  '/v1/shutdown',
  '/v1/events',
  '/v1/metrics',
  '/',
  '/v1',
  '/v1/',
  '/v2/info',
  '/v1/processes/',
  '//v1/info',
  '/v1/../v1/info',
  '/v1/./info',
  '/v1/%69nfo',
  '/V1/INFO',
  '*',
  'http://drover/v1/info',
  '/v1/processes/start/extra',
  '/v1/programs//scale',
];
/** These spawn the config loader (a child process): kept rare so the long run stays short. */
const SLOW_ROUTES = ['/v1/config/diff', '/v1/config/update'];

const segment = fc.oneof(name, fc.constantFrom('..', '.', '', '%2e%2e', '*', '?x', '[a]'));
const target = fc
  .tuple(
    fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...ROUTES) }, fc.constantFrom(...SLOW_ROUTES)),
    name,
    fc.array(segment, { maxLength: 2 }),
    fc.array(
      fc.tuple(
        fc.constantFrom('pattern', 'lines', 'stream', 'logs', 'stats', 'process', 'tail', 'x', ''),
        fc.oneof(name, fc.constantFrom('1', '0', '-1', '1.5', '99999999', 'stdout', 'stderr', 'true')),
      ),
      { maxLength: 4 },
    ),
    fc.nat(9),
  )
  .map(([route, param, extra, query, fragment]) => {
    const pathPart = route.replace('{}', param) + extra.map((s) => `/${s}`).join('');
    const queryPart = query.length === 0 ? '' : `?${query.map(([k, v]) => (fragment < 5 ? `${k}=${encodeURIComponent(v)}` : `${k}=${v}`)).join('&')}`;
    return pathPart + queryPart + (fragment === 9 ? '#frag' : '');
  });

const method = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('GET', 'POST') },
  fc.constantFrom('PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'get', 'post', 'FOO', 'G ET', 'PRI', ''),
  fc.string({ maxLength: 8 }),
);

/** Values for the fields routes read: right and wrong types. */
const fieldValue = fc.oneof(
  fc.array(name, { maxLength: 4 }),
  name,
  fc.constantFrom('HUP', 'SIGTERM', 'BOGUS', 0, 9, -1, 1.5, 1e308, '3', '+2', '-1', '1e3', '9999999', true, null, [], {}, [1, 2]),
  fc.jsonValue({ maxDepth: 3 }),
);
const objectBody = fc
  .record({ patterns: fieldValue, signal: fieldValue, count: fieldValue, programs: fieldValue, extra: fieldValue }, { requiredKeys: [] })
  .map((o) => JSON.stringify(o));

const body: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 8, arbitrary: objectBody },
  fc.constant(''),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.integer({ min: 1, max: 30_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1, max: 30_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.constantFrom(2_000, 70_000).map((n) => JSON.stringify({ patterns: ['zz'.padEnd(n, 'x')] })),
  fc.constantFrom('{', '{"patterns":}', "{'patterns':['x']}", 'nul', '{"patterns":["zz"]', '{"a":1}}', '\u0000', '\uFEFF{}', '{"patterns":["zz"]} trailing'),
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
  '\u00ff',
);
const extraHeader = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['expect', '100-continue'],
    ['connection', 'close'],
    ['connection', 'upgrade'],
    ['upgrade', 'websocket'],
    ['accept', 'text/event-stream'],
    ['x-forwarded-for', '1.2.3.4'],
    ['content-encoding', 'gzip'],
    ['host', 'evil.example'],
  ),
  fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 })),
  fc.integer({ min: 1, max: 3 }).map((k): [string, string] => ['x-big', 'v'.repeat(k * 9000)]),
);

/** Each route with its own method, so the request reaches the handler and only its fields are wrong. */
const WELL_FORMED: [string, string][] = [
  ['GET', '/v1/info'],
  ['GET', '/v1/processes'],
  ['POST', '/v1/processes/start'],
  ['POST', '/v1/processes/stop'],
  ['POST', '/v1/processes/restart'],
  ['POST', '/v1/processes/reload'],
  ['POST', '/v1/processes/signal'],
  ['POST', '/v1/programs/{}/scale'],
  ['GET', '/v1/processes/{}/log'],
  ['GET', '/v1/processes/{}/details'],
  ['GET', '/v1/events'],
  ['GET', '/v1/metrics'],
  ['POST', '/v1/shutdown'],
];
const query = fc.array(
  fc.tuple(
    fc.constantFrom('pattern', 'lines', 'stream', 'logs', 'stats', 'process', 'tail'),
    fc.oneof(name, fc.constantFrom('1', '0', '5', '10000', '10001', 'stdout', 'stderr', 'true')),
  ),
  { maxLength: 3 },
);
const wellFormed: fc.Arbitrary<RawRequest> = fc.tuple(fc.constantFrom(...WELL_FORMED), name, query, objectBody).map(([[verb, route], param, params, json]) => ({
  method: verb,
  target: route.replace('{}', encodeURIComponent(param)) + (params.length > 0 ? `?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''),
  version: 'HTTP/1.1',
  headers: [
    ['host', 'drover'],
    ['content-type', 'application/json'],
  ],
  body: verb === 'POST' ? json : '',
  framing: 'exact',
  garbage: null,
}));

export const rawRequest: fc.Arbitrary<RawRequest> = fc.oneof(
  { weight: 10, arbitrary: wellFormed },
  {
    weight: 20,
    arbitrary: fc.record({
      method,
      target,
      version: fc.oneof({ weight: 10, arbitrary: fc.constant('HTTP/1.1') }, fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 ', 'http/1.1', 'HTTP/9.9', '')),
      headers: fc
        .tuple(fc.boolean(), contentType, fc.array(extraHeader, { maxLength: 3 }))
        .map(([host, type, extra]) => [...(host ? [['host', 'drover'] as [string, string]] : []), ...(type ? [['content-type', type] as [string, string]] : []), ...extra]),
      body,
      framing: fc.oneof({ weight: 10, arbitrary: fc.constant<Framing>('exact') }, fc.constantFrom<Framing>('none', 'short', 'long', 'chunked', 'bad-chunked', 'both')),
      garbage: fc.constant(null),
    }),
  },
  fc
    .oneof(
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      fc.string({ maxLength: 80 }).map((s) => Buffer.from(s)),
      fc.constantFrom(
        Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
        Buffer.from('\x16\x03\x01\x00\xa5\x01\x00\x00', 'latin1'),
        Buffer.from('GET /v1/info HTTP/1.1\r\nhost: x\r\n'),
      ),
    )
    .map((garbage): RawRequest => ({ method: '', target: '', version: '', headers: [], body: '', framing: 'none', garbage })),
);

/** The bytes on the wire. */
export function serialize(req: RawRequest): Buffer {
  if (req.garbage) return req.garbage;
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const framing: string[] = [];
  let payload = body;
  switch (req.framing) {
    case 'exact':
      framing.push(`content-length: ${body.length}`);
      break;
    case 'short':
      framing.push(`content-length: ${Math.floor(body.length / 2)}`);
      break;
    case 'long':
      framing.push(`content-length: ${body.length + 10}`);
      break;
    case 'chunked':
    case 'bad-chunked':
      framing.push('transfer-encoding: chunked');
      payload = Buffer.concat([Buffer.from(`${req.framing === 'chunked' ? body.length.toString(16) : 'zz'}\r\n`), body, Buffer.from(body.length > 0 ? '\r\n0\r\n\r\n' : '\r\n')]);
      break;
    case 'both':
      framing.push(`content-length: ${body.length}`, 'transfer-encoding: chunked');
      break;
    case 'none':
      break;
  }
  const head = [`${req.method} ${req.target} ${req.version}`, ...req.headers.map(([k, v]) => `${k}: ${v}`), ...framing, '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'utf8'), payload]);
}
