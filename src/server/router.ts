import type { IncomingMessage } from 'node:http';
import type { SupervisorApi } from '../api/supervisor-api.js';
import { ApiError } from '../api/api-error.js';
import { readJsonBody } from './request-body.js';
import { booleanField, countField, intParam, signalField, streamParam, stringList } from './request-fields.js';
import { API_PREFIX, MAX_BODY_BYTES, MAX_TAIL_LINES, PROCESS_ACTIONS } from '../api/routes.js';

/** What a matched route needs to answer: the request, its query, and path captures. */
export interface RouteContext {
  req: IncomingMessage;
  query: URLSearchParams;
  params: string[];
  body: () => Promise<Record<string, unknown>>;
}

export interface JsonRoute {
  method: 'GET' | 'POST';
  path: RegExp;
  handle: (api: SupervisorApi, ctx: RouteContext) => Promise<unknown>;
}

const p = (source: string) => new RegExp(`^${API_PREFIX}${source}$`);

/** Every JSON route of /v1 (the event stream is served by event-stream.ts, the metrics by prometheus.ts). */
export const JSON_ROUTES: JsonRoute[] = [
  { method: 'GET', path: p('/info'), handle: (api) => api.info() },
  { method: 'GET', path: p('/processes'), handle: (api, { query }) => api.status(query.getAll('pattern')) },
  ...PROCESS_ACTIONS.map(
    (action): JsonRoute => ({
      method: 'POST',
      path: p(`/processes/${action}`),
      handle: async (api, { body }) => ({ results: await api[action](stringList('patterns', (await body()).patterns, { required: true })) }),
    }),
  ),
  {
    method: 'POST',
    path: p('/processes/signal'),
    handle: async (api, { body }) => {
      const fields = await body();
      const group = booleanField('group', fields.group);
      return { results: await api.signal(signalField(fields.signal), stringList('patterns', fields.patterns, { required: true }), { group }) };
    },
  },
  {
    method: 'POST',
    path: p('/programs/([^/]+)/scale'),
    handle: async (api, { body, params }) => ({ results: await api.scale(params[0]!, countField((await body()).count)) }),
  },
  {
    method: 'GET',
    path: p('/processes/([^/]+)/log'),
    handle: async (api, { query, params }) => ({
      lines: await api.tail(params[0]!, intParam('lines', query.get('lines'), 100, 0, MAX_TAIL_LINES), streamParam(query.get('stream'))),
    }),
  },
  { method: 'GET', path: p('/processes/([^/]+)/details'), handle: (api, { params }) => api.details(params[0]!) },
  { method: 'GET', path: p('/config/diff'), handle: (api) => api.reread() },
  {
    method: 'POST',
    path: p('/config/update'),
    handle: async (api, { body }) => api.update(stringList('programs', (await body()).programs, { required: false })),
  },
  { method: 'POST', path: p('/shutdown'), handle: async (api, { body }) => (await body(), { results: await api.shutdown() }) },
];

export const EVENTS_PATH = `${API_PREFIX}/events`;
export const METRICS_PATH = `${API_PREFIX}/metrics`;

export type RouteMatch = { route: JsonRoute; params: string[] } | { events: true } | { metrics: true };

/** Finds the route for a request, or throws NOT_FOUND / METHOD_NOT_ALLOWED. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  if (pathname === EVENTS_PATH || pathname === METRICS_PATH) {
    if (method !== 'GET') throw methodNotAllowed(method, pathname, ['GET']);
    return pathname === EVENTS_PATH ? { events: true } : { metrics: true };
  }
  const allowed: string[] = [];
  for (const route of JSON_ROUTES) {
    const found = route.path.exec(pathname);
    if (!found) continue;
    if (route.method === method) return { route, params: found.slice(1).map(decodeParam) };
    allowed.push(route.method);
  }
  if (allowed.length > 0) throw methodNotAllowed(method, pathname, allowed);
  throw new ApiError('NOT_FOUND', `no such endpoint: ${method} ${pathname.slice(0, 200)} (see docs/control-api.md for the /v1 endpoints)`);
}

/**
 * The request target as a URL. An origin-form target is read as a path even
 * when it starts with `//`, which `new URL(target, base)` would take for a
 * host (and throw on `//a:*`); anything unreadable is the client's error.
 */
export function requestUrl(target: string): URL {
  try {
    return target.startsWith('/') ? new URL(`http://drover${target}`) : new URL(target, 'http://drover');
  } catch {
    throw new ApiError('BAD_REQUEST', `cannot read the request target: ${target.slice(0, 200)}`);
  }
}

function methodNotAllowed(method: string, pathname: string, allowed: string[]): ApiError {
  return new ApiError('METHOD_NOT_ALLOWED', `${pathname} does not take ${method}; use ${allowed.join(' or ')}`);
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ApiError('BAD_REQUEST', `bad percent-encoding in the path: ${raw.slice(0, 80)}`);
  }
}

export function bodyReader(req: IncomingMessage): () => Promise<Record<string, unknown>> {
  let body: Promise<Record<string, unknown>> | null = null;
  return () => (body ??= readJsonBody(req, MAX_BODY_BYTES));
}
