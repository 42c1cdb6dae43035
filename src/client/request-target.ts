import { API_PREFIX } from '../api/routes.js';
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
    if (param.in === 'path') path = path.replace(`:${param.name}`, segment(String(value)));
    else if (param.in === 'body') body[param.name] = value;
    else if (Array.isArray(value)) for (const item of value) query.append(param.name, String(item));
    else query.set(param.name, value === true ? '1' : String(value));
  }
  const text = query.toString();
  return { method: route.method, route: text === '' ? path : `${path}?${text}`, body: hasBody ? body : undefined };
}

/** A name as one path segment; `:` stays readable (`/v1/processes/web:web_00/log`), as it may in a path. */
function segment(name: string): string {
  return encodeURIComponent(name).replaceAll('%3A', ':');
}
