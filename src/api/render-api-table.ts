import { API_PREFIX } from './routes.js';
import { HTTP_VERBS, routeOf, type ParamType, type VerbParam } from './verbs.js';

/** How each type reads in the docs: a JSON value in a body, a placeholder in a query. */
const BODY_VALUE: Record<ParamType, string> = {
  string: '"…"',
  'string[]': '[...]',
  boolean: 'true',
  flag: '1',
  signal: '"HUP" or 1',
  count: '4 or "+1" or "-1"',
  lines: '100',
  stream: '"stdout"',
  skip: '0',
  time: '1700000000000',
};

const QUERY_VALUE: Record<ParamType, string> = {
  string: 'P',
  'string[]': 'P',
  boolean: 'true',
  flag: '1',
  signal: 'HUP',
  count: 'N',
  lines: 'N',
  stream: 'stdout\\|stderr',
  skip: 'K',
  time: 'MS',
};

/**
 * The endpoint table of docs/control-api.md, from the verb table.
 * test/api/control-api-docs.test.ts fails when the docs hold another one, and prints this.
 */
export function renderApiTable(): string {
  const rows = HTTP_VERBS.map((verb) => {
    const route = routeOf(verb);
    const path = route.path.replace(/:([a-z]+)/g, (_, name: string) => name.toUpperCase());
    return `| \`${route.method} ${API_PREFIX}${path}\` | ${describeParams(route.params)} | ${route.answer} |`;
  });
  return ['| method and path | body or query | answer |', '|---|---|---|', ...rows].join('\n') + '\n';
}

function describeParams(params: readonly VerbParam[]): string {
  const body = params.filter((p) => p.in === 'body').map((p) => `"${p.name}"${p.required ? '' : '?'}: ${BODY_VALUE[p.type]}`);
  const query = params.filter((p) => p.in === 'query');
  const parts: string[] = [];
  if (body.length > 0) parts.push(`\`{${body.join(', ')}}\``);
  if (query.length > 0) parts.push(`\`?${query.map((p) => `${p.name}=${QUERY_VALUE[p.type]}`).join('&')}\`${query.some((p) => p.type === 'string[]') ? ' (repeatable)' : ''}`);
  return parts.join(' ');
}
