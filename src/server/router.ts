import type { IncomingMessage } from 'node:http';
import type { LogStream, SupervisorApi } from '../api/supervisor-api.js';
import { ApiError } from '../api/api-error.js';
import { calledAnswerOf, HTTP_VERBS, isCalledVerb, routeOf, type ArgsOf, type CalledVerb, type HttpRoute, type HttpVerb } from '../api/verbs.js';
import { readJsonBody } from './request-body.js';
import { readParams } from './route-params.js';
import { API_PREFIX, MAX_BODY_BYTES } from '../api/routes.js';

/** What a matched route needs to answer: the request, its query, and path captures. */
export interface RouteContext {
  req: IncomingMessage;
  query: URLSearchParams;
  params: string[];
  body: () => Promise<Record<string, unknown>>;
}

export interface JsonRoute {
  verb: JsonVerb;
  method: 'GET' | 'POST';
  path: RegExp;
  handle: (api: SupervisorApi, ctx: RouteContext) => Promise<unknown>;
}

/** The verbs answered with JSON; the event stream and the metrics have servers of their own (event-stream.ts, prometheus.ts). */
type JsonVerb = Exclude<HttpVerb, 'events' | 'metrics'>;

type Args = Record<string, unknown>;
const results = async (answer: Promise<unknown>) => ({ results: await answer });

type Call = (api: SupervisorApi, args: Args) => Promise<unknown>;

/** What each verb with a SupervisorApi method of its own calls, with its parameters already read and checked against the verb table. */
const CALLS: Record<Exclude<JsonVerb, CalledVerb>, Call> = {
  info: (api) => api.info(),
  status: (api, a) => api.status(a.pattern as string[]),
  start: (api, a) => results(api.start(a.patterns as string[])),
  stop: (api, a) => results(api.stop(a.patterns as string[])),
  restart: (api, a) => results(api.restart(a.patterns as string[])),
  reload: (api, a) => results(api.reload(a.patterns as string[])),
  signal: (api, a) => results(api.signal(a.signal as string, a.patterns as string[], { group: a.group as boolean })),
  scale: (api, a) => results(api.scale(a.program as string, a.count as string)),
  tail: async (api, a) => ({ lines: await api.tail(a.name as string, a.lines as number, a.stream as LogStream | undefined, a.skip as number | undefined) }),
  details: (api, a) => api.details(a.name as string),
  reread: (api) => api.reread(),
  update: (api, a) => api.update(a.programs as string[]),
  shutdown: (api) => results(api.shutdown()),
};

/** A verb the table marks `called`: `api.call`, its answer wrapped as the table says (`{"results": [...]}`, `{"lines": [...]}`, or as it is). */
function tableCall(verb: CalledVerb): Call {
  const answer = calledAnswerOf(verb);
  return async (api, args) => {
    const value = await api.call(verb, args as ArgsOf<CalledVerb>);
    return answer === 'results' ? { results: value } : answer === 'lines' ? { lines: value } : value;
  };
}

/** A route's path as a pattern: each `:name` captures one segment. */
function pathPattern(route: HttpRoute): { path: RegExp; names: string[] } {
  const names: string[] = [];
  const source = route.path.replace(/:([a-z]+)/g, (_, name: string) => (names.push(name), '([^/]+)'));
  return { path: new RegExp(`^${API_PREFIX}${source}$`), names };
}

function jsonRoute(verb: JsonVerb): JsonRoute {
  const route = routeOf(verb);
  const { path, names } = pathPattern(route);
  const call = isCalledVerb(verb) ? tableCall(verb) : CALLS[verb];
  return {
    verb,
    method: route.method,
    path,
    handle: async (api, ctx) => {
      // A POST's body is read (and must be JSON) even when the verb takes nothing from it.
      const body = route.method === 'POST' ? await ctx.body() : {};
      const args = readParams(route.params, { path: new Map(names.map((name, i) => [name, ctx.params[i]!])), query: ctx.query, body });
      return call(api, args);
    },
  };
}

const isJsonVerb = (verb: HttpVerb): verb is JsonVerb => verb !== 'events' && verb !== 'metrics';

/** Every JSON route of /v1, from the verb table. */
export const JSON_ROUTES: JsonRoute[] = HTTP_VERBS.filter(isJsonVerb).map(jsonRoute);

export const EVENTS_PATH = `${API_PREFIX}${routeOf('events').path}`;
export const METRICS_PATH = `${API_PREFIX}${routeOf('metrics').path}`;

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
