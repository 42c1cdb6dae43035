import { isIPv4, isIPv6 } from 'node:net';
import { didYouMean } from '../text/did-you-mean.js';
import { BIND_FORMS, expectedGot, missingOption, unknownOption } from './messages.js';
import { OCTAL_MODE_SHAPE, nestedIssue, parseFileMode, type Checked, type NestedIssue } from './option-values.js';
import { fail, succeed, type Result } from './result.js';
import type { BindAddress, TcpAddress } from './types.js';
import { INTERPOLATED, closedMapping, oneOrList, orInterpolated, text } from './value-shapes.js';

/** Default mode of a unix socket the master creates: the owner and its group may connect. */
export const DEFAULT_SOCKET_MODE = 0o660;

const MAPPING_KEYS = ['unix', 'mode'];

// RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens.
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

// host:port, [v6]:port, :port or *:port, for editors; parseBindText judges the host.
const TCP_PATTERN = '(?:\\[[0-9A-Fa-f:.]+\\]|[^\\s:\\[\\]]*):\\d{1,5}';

/** What parseBind reads, for editors. */
export const BIND_SHAPE = oneOrList(
  {
    anyOf: [
      {
        type: 'string',
        pattern: `^\\s*(?:${TCP_PATTERN}|[uU][nN][iI][xX]:.+|[fF][dD]://\\d+)\\s*$`,
        examples: ['127.0.0.1:8000', ':8000', '[::1]:8000', 'unix:/run/app.sock', 'fd://3'],
      },
      INTERPOLATED,
      closedMapping({ unix: text('a unix socket path'), mode: OCTAL_MODE_SHAPE }, ['unix']),
    ],
  },
  1,
);

/** What parseListenAddress reads, for editors. */
export const LISTEN_ADDRESS_SHAPE = orInterpolated({ type: 'string', pattern: `^\\s*${TCP_PATTERN}\\s*$` });

const LISTEN_EXPECTED = 'host:port, [::1]:port or :port (every interface) with a port from 1 to 65535';

/**
 * A TCP address drover itself listens on (`supervisor.metrics`), written as
 * a `bind` entry is: `:port` and `*:port` mean every interface.
 */
export function parseListenAddress(value: unknown): Result<TcpAddress> {
  const parsed = typeof value === 'string' ? parseBindText(value) : null;
  if (parsed?.ok && parsed.value.kind === 'tcp') return succeed(parsed.value);
  const port = /^\s*(\d+)\s*$/.exec(String(value))?.[1];
  return fail(`${expectedGot(LISTEN_EXPECTED, value)}${port === undefined ? '' : `; for port ${port} on every interface write ":${port}"`}`);
}

/**
 * `bind:` — one address or a list of them. Each entry is a string
 * (`host:port`, `[::1]:port`, `:port`, `*:port`, `unix:PATH`, `fd://N`) or a
 * mapping `{ unix: PATH, mode: 0660 }`. Unix paths stay as written; normalize
 * resolves them against the config folder. Every bad entry is reported, each
 * at its own position.
 */
export function parseBind(value: unknown): Checked<BindAddress[]> {
  if (value === undefined || value === null) {
    return { ok: false, issues: [nestedIssue([], expectedGot(`${BIND_FORMS}, or a list of them`, value))] };
  }
  if (Array.isArray(value) && value.length === 0) {
    return { ok: false, issues: [nestedIssue([], `${expectedGot(`${BIND_FORMS}, or a list of them`, value)} with no items`)] };
  }
  const list = Array.isArray(value);
  const entries: unknown[] = list ? value : [value];
  const addresses: BindAddress[] = [];
  const issues: NestedIssue[] = [];
  entries.forEach((entry, index) => {
    const parsed = parseBindEntry(entry);
    if (parsed.ok) addresses.push(parsed.value);
    // A single entry written without a list is reported at the option itself.
    else issues.push(...parsed.issues.map((i) => ({ ...i, path: list ? [index, ...i.path] : i.path })));
  });
  return issues.length === 0 ? succeed(addresses) : { ok: false, issues };
}

function parseBindEntry(entry: unknown): Checked<BindAddress> {
  if (typeof entry === 'string') {
    const parsed = parseBindText(entry);
    return parsed.ok ? parsed : { ok: false, issues: [nestedIssue([], parsed.message)] };
  }
  if (typeof entry === 'number' && Number.isInteger(entry) && entry > 0 && entry <= 65535) {
    return { ok: false, issues: [nestedIssue([], `${expectedGot(BIND_FORMS, entry)}; for port ${entry} on every interface write ":${entry}"`)] };
  }
  if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) return parseBindMapping(entry as Record<string, unknown>);
  return { ok: false, issues: [nestedIssue([], expectedGot(`${BIND_FORMS}, or a mapping { unix: PATH, mode: 0660 }`, entry))] };
}

/** `{ unix: PATH, mode: 0660 }`: a unix socket with an explicit file mode. */
function parseBindMapping(entry: Record<string, unknown>): Checked<BindAddress> {
  const issues: NestedIssue[] = [];
  for (const key of Object.keys(entry)) {
    if (MAPPING_KEYS.includes(key)) continue;
    const candidate = didYouMean(key, MAPPING_KEYS);
    const message = candidate === undefined ? `unknown option "${key}": a bind mapping takes unix: PATH and mode:` : unknownOption(key, candidate);
    issues.push(nestedIssue([key], message, 'key'));
  }
  const { unix, mode } = entry;
  if (unix === undefined) {
    // `{ path: x.sock }` is one mistake, already explained by the unknown key.
    if (issues.length === 0) issues.push(nestedIssue(['unix'], missingOption('a unix socket path')));
  } else if (typeof unix !== 'string' || unix.trim() === '') {
    issues.push(nestedIssue(['unix'], expectedGot('a unix socket path', unix)));
  }
  const parsedMode = mode === undefined ? succeed(DEFAULT_SOCKET_MODE) : parseFileMode(mode);
  if (!parsedMode.ok) issues.push(nestedIssue(['mode'], parsedMode.message));
  if (issues.length > 0 || !parsedMode.ok || typeof unix !== 'string') return { ok: false, issues };
  const file = unix.trim();
  return succeed({ kind: 'unix', path: file, mode: parsedMode.value, text: `unix:${file}` });
}

/** One address written as text. `text` keeps the entry as written, for messages. */
export function parseBindText(written: string): Result<BindAddress> {
  const text = written.trim();
  if (/^unix:/i.test(text)) {
    // gunicorn also accepts unix://PATH.
    const file = text.slice('unix:'.length).replace(/^\/\/(?=.)/, '');
    if (file.trim() === '') return fail(expectedGot('a socket path after unix:, such as unix:/run/app.sock', written));
    return succeed({ kind: 'unix', path: file, mode: DEFAULT_SOCKET_MODE, text: written });
  }
  if (/^fd:/i.test(text)) {
    const match = /^fd:\/\/(\d+)$/i.exec(text);
    const fd = match === null ? NaN : Number(match[1]);
    if (!(fd >= 3) || !Number.isSafeInteger(fd)) {
      return fail(expectedGot('fd://N with N ≥ 3 (systemd passes sockets from fd 3 on; 0, 1 and 2 are stdin, stdout and stderr)', written));
    }
    return succeed({ kind: 'fd', fd, text: written });
  }
  if (text.startsWith('[')) {
    const match = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
    if (match === null || !isIPv6(match[1]!)) return fail(expectedGot(BIND_FORMS, written));
    const port = parsePort(match[2]);
    if (port === undefined) return fail(expectedGot('[IPv6]:port with a port from 1 to 65535, such as [::1]:8000', written));
    return succeed({ kind: 'tcp', host: match[1]!, port, family: 6, text: written });
  }
  const colon = text.lastIndexOf(':');
  if (colon === -1) {
    const hint = /^\d+$/.test(text) ? `; for port ${text} on every interface write ":${text}"` : '';
    return fail(`${expectedGot(BIND_FORMS, written)}${hint}`);
  }
  const hostText = text.slice(0, colon);
  if (hostText.includes(':')) {
    // `::1:8000` or a bare `::1`: an IPv6 address needs brackets to tell it from the port.
    const ipv6 = isIPv6(hostText) || isIPv6(text);
    return fail(expectedGot(ipv6 ? 'an IPv6 address in brackets and a port, such as [::1]:8000' : BIND_FORMS, written));
  }
  const host = hostText === '' || hostText === '*' ? '0.0.0.0' : hostText;
  // Digits and dots only must be an IPv4 address: 999.0.0.1 is no host name.
  const validHost = isIPv4(host) || (!/^[\d.]+$/.test(host) && HOSTNAME.test(host));
  if (!validHost) return fail(expectedGot(BIND_FORMS, written));
  const port = parsePort(text.slice(colon + 1));
  if (port === undefined) return fail(expectedGot('host:port with a port from 1 to 65535', written));
  return succeed({ kind: 'tcp', host, port, family: 4, text: written });
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}
