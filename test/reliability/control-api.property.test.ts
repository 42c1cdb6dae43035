import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_STATUS } from '../../src/api/api-error.js';
import { countField } from '../../src/server/request-fields.js';
import { requestUrl } from '../../src/server/router.js';
import { matchPatterns, type Matchable } from '../../src/engine/patterns.js';
import { httpRequest } from '../helpers/control-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';
import { rawRequest, serialize, type RawRequest } from './http-generators.js';
import { assertProperty } from './fc-report.js';
import { formatCount, recordRow, size } from './profile.js';
import { exchange, type RawResponse } from './raw-http.js';

/**
 * Bad input, control side: generated requests, written as raw bytes to the
 * control socket of a real `drover --daemon` running four programs. Every
 * request must get an HTTP answer (bytes that are not HTTP get a 400 too;
 * only a connection that sends nothing is closed without one), never a 5xx,
 * every 4xx a JSON error with a code and a message; the daemon stays up and a
 * refused request leaves every program's pid and state as they were.
 * Requests that would legitimately act (stop, signal or scale a program that
 * exists, shut down) are turned into PUTs, which every route refuses with 405.
 */

const RUNS = size(300, 20_000);
/** Short form: programs checked after every 4xx; long form: every this many requests. */
const CHECK_EVERY = size(1, 100);
const CONFIG = [
  'programs:',
  '  alpha: { command: sleep 1000, numprocs: 2, startsecs: 0 }',
  '  beta: { command: sleep 1001, startsecs: 0 }',
  '  gamma: { command: sleep 1002, startsecs: 0, stopsignal: INT }',
  '  idle: { command: sleep 1003, autostart: false }',
  'groups:',
  '  grp: [alpha, beta]',
  '',
].join('\n');
const GROUPS = { grp: ['alpha', 'beta'] };
const PROGRAMS = ['alpha', 'beta', 'gamma', 'idle'];
const ERROR_CODES = Object.keys(HTTP_STATUS);

/** Requests that found bugs, replayed on every run before the generated ones. */
const request = (method: string, target: string, headers: [string, string][], body = '', framing: RawRequest['framing'] = 'exact'): [RawRequest] => [
  { method, target, version: 'HTTP/1.1', headers, body, framing, garbage: null },
];
const REGRESSIONS: [RawRequest][] = [
  // `new URL('//a:*', base)` threw: a 500.
  request('GET', '//nogroup:*', [['host', 'drover']]),
  // No Host: Node's own empty 400, not JSON.
  request('GET', '/v1/info', []),
  // CONNECT: the connection dropped without an answer.
  request('CONNECT', '/v1/info', [['host', 'drover']]),
  // A slow answer to a client that half-closed after its request was never sent.
  request('GET', '/v1/config/diff', [['host', 'drover']]),
  // Oversized headers and a body still being written: the answer was lost to a reset.
  request(
    'POST',
    '/v1/processes/start',
    [
      ['host', 'drover'],
      ['x-big', 'v'.repeat(27_000)],
    ],
    `{"patterns":["${'x'.repeat(70_000)}"]}`,
    'both',
  ),
  // An oversized body: the 413 was sent and the connection closed under the client.
  request('POST', '/v1/processes/stop', [['host', 'drover']], `{"patterns":["${'x'.repeat(70_000)}"]}`),
  // A HEAD that asks to close: its answer has no body (the test's reader once took it for a truncated one).
  request(
    'HEAD',
    '/v1/info',
    [
      ['content-type', 'application/json'],
      ['connection', 'close'],
    ],
    '{"a":1}',
  ),
];

let h: DaemonHarness;
let daemon = 0;
let items: Matchable[] = [];
let snapshot = '';
const tally = { requests: 0, answers: 0, ok: 0, refused: 0, silent: 0, streams: 0, neutralized: 0, checks: 0 };

async function programStates(): Promise<string> {
  const answer = await httpRequest(h.socket, 'GET', '/v1/processes');
  const list = answer.json as { name: string; state: string; pid: number | null }[];
  return list.map((p) => `${p.name}=${p.state}/${p.pid}`).join(' ');
}

beforeAll(async () => {
  h = new DaemonHarness();
  h.writeConfig(CONFIG);
  const started = await h.startDaemon();
  expect(started.code, started.stderr).toBe(0);
  daemon = started.pid!;
  snapshot = await waitFor('three programs RUNNING and idle STOPPED', async () => {
    const states = await programStates();
    return (states.match(/=RUNNING\/\d+/g) ?? []).length === 4 && /idle:idle=STOPPED/.test(states) ? states : null;
  });
  await h.rememberPrograms();
  const list = (await httpRequest(h.socket, 'GET', '/v1/processes')).json as { name: string; program: string; processName: string }[];
  items = list.map((p) => ({ name: p.name, programName: p.program, processName: p.processName }));
}, 60_000);
afterAll(async () => {
  await h?.cleanup();
}, 60_000);

/** What the server will read as the body, given how the request frames it ('long' and broken framings never reach a route). */
function bodySeen(req: RawRequest): string | null {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  if (req.framing === 'none') return '';
  if (req.framing === 'short') return body.subarray(0, Math.floor(body.length / 2)).toString('utf8');
  if (req.framing === 'exact' || req.framing === 'chunked') return body.toString('utf8');
  return null;
}

/** True when the request, as the server will read it, would really stop, start, signal or scale something. */
function wouldAct(req: RawRequest): boolean {
  if (req.garbage || req.method !== 'POST') return false;
  let pathname: string;
  try {
    pathname = requestUrl(req.target).pathname;
  } catch {
    return false;
  }
  const text = bodySeen(req)?.trim();
  if (text === undefined) return false;
  let fields: unknown = {};
  try {
    if (text !== '') fields = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return false;
  const { patterns, count } = fields as { patterns?: unknown; count?: unknown };
  if (pathname === '/v1/shutdown') return true;
  if (/^\/v1\/processes\/(start|stop|restart|reload|signal)$/.test(pathname)) {
    return Array.isArray(patterns) && patterns.every((p) => typeof p === 'string') && matchPatterns(patterns, items, GROUPS).ok;
  }
  const scale = /^\/v1\/programs\/([^/]+)\/scale$/.exec(pathname);
  if (scale) {
    let program: string;
    try {
      program = decodeURIComponent(scale[1]!);
    } catch {
      return false;
    }
    try {
      countField(count);
    } catch {
      return false;
    }
    return PROGRAMS.includes(program);
  }
  return false;
}

function checkAnswer(res: RawResponse, head: boolean): void {
  const what = `${res.status} ${res.body.toString('utf8').slice(0, 300)}`;
  expect(res.status, what).toBeGreaterThanOrEqual(200);
  expect(res.status, what).toBeLessThan(500);
  const type = res.headers['content-type'] ?? '';
  if (res.status >= 400) {
    expect(type, what).toMatch(/^application\/json/);
    if (head) return;
    const json = JSON.parse(res.body.toString('utf8')) as { error?: { code?: unknown; message?: unknown } };
    expect(ERROR_CODES, what).toContain(json.error?.code);
    expect(typeof json.error?.message === 'string' && json.error.message.trim() !== '', what).toBe(true);
  } else if (/^application\/json/.test(type) && !head) {
    expect(() => JSON.parse(res.body.toString('utf8')), what).not.toThrow();
  }
}

async function checkRequest(generated: RawRequest): Promise<void> {
  let req = generated;
  if (wouldAct(req)) {
    req = { ...req, method: 'PUT' };
    tally.neutralized++;
  }
  const bytes = serialize(req);
  const head = req.method === 'HEAD' && !req.garbage;
  const result = await exchange(h.socket, bytes, { head, timeoutMs: 20_000 });
  tally.requests++;
  const shown = JSON.stringify(bytes.subarray(0, 400).toString('latin1'));
  expect(result.hung, `no answer and no close within 20 s to ${shown}`).toBe(false);
  expect(result.leftover.toString('latin1'), `a truncated answer to ${shown}`).toBe('');
  if (result.stream) tally.streams++;
  else if (bytes.length === 0) expect(result.responses, 'nothing sent, nothing answered').toEqual([]);
  else expect(result.responses.length, `no answer (client ${result.error ?? 'no error'}) to ${shown}`).toBeGreaterThan(0);
  if (result.responses.length === 0 && !result.stream) tally.silent++;
  let refused = false;
  for (const [i, res] of result.responses.entries()) {
    checkAnswer(res, head && i === 0);
    tally.answers++;
    if (res.status >= 400) {
      tally.refused++;
      refused = true;
    } else tally.ok++;
  }
  expect(isAlive(daemon), `the daemon died after ${shown}`).toBe(true);
  if ((refused && CHECK_EVERY === 1) || tally.requests % CHECK_EVERY === 0) {
    tally.checks++;
    expect(await programStates(), `programs disturbed by ${shown}`).toBe(snapshot);
  }
}

describe('bad input: generated requests to the control API of a running daemon', () => {
  it(
    'every request gets a JSON 2xx/4xx answer, never a 5xx; the daemon and its programs are undisturbed',
    async () => {
      await assertProperty(fc.asyncProperty(rawRequest, checkRequest), { numRuns: RUNS, examples: REGRESSIONS });
      expect(await programStates()).toBe(snapshot);
      expect(isAlive(daemon)).toBe(true);
      // A 500 would also have been logged with its stack by the daemon.
      const log = readFileSync(path.join(h.dir, 'logs', 'drover.log'), 'utf8');
      expect(log.split('\n').filter((line) => line.includes('control API:'))).toEqual([]);
      recordRow({
        id: 'input-api',
        scenario:
          'generated raw requests to the control socket of a running daemon (fast-check): odd methods, globbed and percent-encoded paths, lying content-length, broken chunking, wrong JSON, binary',
        injected: `${formatCount(tally.requests)} requests`,
        outcome: `${formatCount(tally.answers)} answers: ${formatCount(tally.refused)} JSON 4xx, ${formatCount(tally.ok)} 2xx (${formatCount(tally.streams)} event streams), 0 5xx; ${formatCount(tally.silent)} empty connections closed unanswered; ${formatCount(tally.neutralized)} requests that would act sent as PUT; programs unchanged at ${formatCount(tally.checks)} checks`,
        lost: '—',
        crashes: '0',
      });
    },
    size(60_000, 200_000),
  );
});
