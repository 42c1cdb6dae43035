import { routeOf, type HttpVerb } from '../api/verbs.js';

/** One request of a verb, built from the verb table: what SocketApi sends. */
export interface RequestTarget {
  method: 'GET' | 'POST';
  /** Under API_PREFIX, with its query. */
  route: string;
  /** undefined: no body at all (a verb whose route reads nothing from it). */
  body: Record<string, unknown> | undefined;
}

/**
 * Places each argument where the verb table says: a path segment, a query
 * parameter (a list repeats it, a true flag is `1`), or a body field. Absent
 * arguments and false booleans are left out, which the server reads the same.
 */
export function requestTarget(verb: HttpVerb, args: Record<string, unknown> = {}): RequestTarget {
  const route = routeOf(verb);
  const query = new URLSearchParams();
  const hasBody = route.params.some((param) => param.in === 'body');
  const body: Record<string, unknown> = {};
  let path = route.path;
  for (const param of route.params) {
    const value = args[param.name];
    if (value === undefined || value === false) continue;
    if (param.in === 'path') path = path.replace(`:${param.name}`, segment(word(value)));
    else if (param.in === 'body') body[param.name] = value;
    else if (Array.isArray(value)) for (const item of value as unknown[]) query.append(param.name, word(item));
    else query.set(param.name, value === true ? '1' : word(value));
  }
  const text = query.toString();
  return { method: route.method, route: text === '' ? path : `${path}?${text}`, body: hasBody ? body : undefined };
}

/** A path or query value: the table's parameters are strings, numbers and booleans, never objects. */
function word(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TypeError(`a ${typeof value} cannot go in a path or a query`);
}

/** A name as one path segment; `:` stays readable (`/v1/processes/web:web_00/log`), as it may in a path. */
function segment(name: string): string {
  return encodeURIComponent(name).replaceAll('%3A', ':');
}
