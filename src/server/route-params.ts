import type { VerbParam } from '../api/verbs.js';
import { MAX_TAIL_LINES } from '../api/routes.js';
import { booleanField, countField, flagParam, intParam, signalField, streamParam, stringList } from './request-fields.js';

/** Where a route's parameters come from: the path's captures, the query, and the JSON body. */
export interface ParamSources {
  path: ReadonlyMap<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/**
 * Reads and checks a route's parameters, in the verb table's order, by their
 * declared type; absent optional ones are left out (unless they have a default).
 */
export function readParams(params: readonly VerbParam[], sources: ParamSources): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const param of params) {
    const value = param.in === 'body' ? bodyParam(param, sources.body[param.name]) : param.in === 'query' ? queryParam(param, sources.query) : sources.path.get(param.name);
    if (value !== undefined) values[param.name] = value;
  }
  return values;
}

function bodyParam(param: VerbParam, value: unknown): unknown {
  switch (param.type) {
    case 'string[]':
      return stringList(param.name, value, { required: param.required });
    case 'signal':
      return signalField(value);
    case 'boolean':
      return booleanField(param.name, value);
    case 'count':
      return countField(value);
    default:
      throw new Error(`the verb table gives body parameter ${param.name} the type ${param.type}, which only a query carries`);
  }
}

function queryParam(param: VerbParam, query: URLSearchParams): unknown {
  const raw = query.get(param.name);
  switch (param.type) {
    case 'string[]':
      return query.getAll(param.name);
    case 'string':
      // `process=` means no filter, as if it were absent.
      return raw === null || raw === '' ? undefined : raw;
    case 'flag':
      return flagParam(param.name, raw);
    case 'lines':
      return raw === null && param.default === undefined ? undefined : intParam(param.name, raw, param.default ?? 0, 0, MAX_TAIL_LINES);
    case 'stream':
      return streamParam(raw);
    case 'skip':
    case 'time':
      return raw === null ? undefined : intParam(param.name, raw, 0, 0, Number.MAX_SAFE_INTEGER);
    default:
      throw new Error(`the verb table gives query parameter ${param.name} the type ${param.type}, which only a body carries`);
  }
}
