import { MAX_TAIL_LINES } from './routes.js';

/**
 * The control API's verbs, in one table. The server's router, the socket
 * client's requests, ctl's usage lines and help, and the table in
 * docs/control-api.md are all derived from it: adding a verb is a row here,
 * the engine, and LocalApi.
 */

/** How a parameter is read and checked (server/request-fields.ts holds the checks). */
export type ParamType =
  /** A non-empty string (at most 1,024 characters). */
  | 'string'
  /** A list of non-empty strings; in a query, the parameter repeated. */
  | 'string[]'
  /** JSON true or false; absent is false. */
  | 'boolean'
  /** In a query: `1` or `0` (`true`, `false`, or present without a value). */
  | 'flag'
  /** A signal name (`HUP`, `SIGHUP`) or number. */
  | 'signal'
  /** `N`, `+N` or `-N`, as a JSON number or string. */
  | 'count'
  /** A whole number from 0 to MAX_TAIL_LINES. */
  | 'lines'
  /** `stdout` or `stderr`. */
  | 'stream';

export interface VerbParam {
  name: string;
  in: 'path' | 'query' | 'body';
  type: ParamType;
  required: boolean;
  /** What an absent optional parameter means, when that is not "nothing". */
  default?: number;
}

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** Under API_PREFIX; `:name` is a path parameter. */
  path: string;
  params: readonly VerbParam[];
  /** What a successful answer holds, as docs/control-api.md tells it. */
  answer: string;
}

export interface VerbSpec {
  /** null for a ctl verb the supervisor has no route of its own for (ctl composes it from others). */
  http: HttpRoute | null;
  /** ctl's usage line (`drover ctl <usage>`); null when ctl has no such verb. */
  usage: string | null;
  /** The verb's lines under "ctl verbs:" in `drover --help`, already wrapped; empty when ctl has no such verb. */
  help: readonly string[];
}

const patterns: VerbParam = { name: 'patterns', in: 'body', type: 'string[]', required: true };
const results = (when: string): string => `\`{"results": [{name, ok, state, message}]}\` ${when}`;

export const VERBS = {
  info: {
    http: {
      method: 'GET',
      path: '/info',
      params: [],
      answer: '`{pid, version, configFile, socket, startedAt, hostname, statsIntervalMs, processes, eventClients, prefork}`',
    },
    usage: null,
    help: [],
  },
  status: {
    http: {
      method: 'GET',
      path: '/processes',
      params: [{ name: 'pattern', in: 'query', type: 'string[]', required: false }],
      answer: 'list of processes (the `ctl status --json` shape)',
    },
    usage: 'status [PATTERN...]',
    help: ['table of processes; exit 3 if any is stopped'],
  },
  start: {
    http: { method: 'POST', path: '/processes/start', params: [patterns], answer: results('once each is RUNNING or its first start attempt failed') },
    usage: 'start PATTERN...',
    help: ['start and wait; one line per process'],
  },
  stop: {
    http: { method: 'POST', path: '/processes/stop', params: [patterns], answer: results('once each is stopped') },
    usage: 'stop PATTERN...',
    help: ['stop and wait'],
  },
  restart: {
    http: { method: 'POST', path: '/processes/restart', params: [patterns], answer: results('once each is started again') },
    usage: 'restart PATTERN...',
    help: ['stop, then start'],
  },
  reload: {
    http: { method: 'POST', path: '/processes/reload', params: [patterns], answer: results('once done: a rolling replacement for prefork workers, reload_signal where set, a restart for the rest') },
    usage: 'reload PATTERN...',
    help: ['prefork: replace workers one by one; reload_signal:', 'send it to the main pid; others: restart'],
  },
  signal: {
    http: {
      method: 'POST',
      path: '/processes/signal',
      // group first: the server checks parameters in this order, and has always named a bad group first.
      params: [
        { name: 'group', in: 'body', type: 'boolean', required: false },
        { name: 'signal', in: 'body', type: 'signal', required: true },
        patterns,
      ],
      answer: results('(`group: true`: to the whole process group)'),
    },
    usage: 'signal [--group] SIG PATTERN...',
    help: ['send a signal (HUP, SIGUSR1, 15, …) to the main pid;', '--group: to its whole process group'],
  },
  scale: {
    http: {
      method: 'POST',
      path: '/programs/:program/scale',
      params: [
        { name: 'program', in: 'path', type: 'string', required: true },
        { name: 'count', in: 'body', type: 'count', required: true },
      ],
      answer: results('for the processes added or removed'),
    },
    usage: 'scale PROGRAM N|+N|-N',
    help: ['run N processes (or workers), or N more / fewer'],
  },
  tail: {
    http: {
      method: 'GET',
      path: '/processes/:name/log',
      params: [
        { name: 'name', in: 'path', type: 'string', required: true },
        { name: 'lines', in: 'query', type: 'lines', required: false, default: 100 },
        { name: 'stream', in: 'query', type: 'stream', required: false },
      ],
      answer: `\`{"lines": [...]}\` (NAME must match one process; at most ${MAX_TAIL_LINES.toLocaleString('en')} lines)`,
    },
    usage: 'tail [-f] [-n N] [--stderr] NAME',
    help: [
      'the last N lines (default 10) of a process\'s stdout',
      '(--stderr: its stderr); -f keeps printing new lines',
      'until Ctrl-C',
    ],
  },
  pid: {
    http: null,
    usage: 'pid [NAME...]',
    help: ['the supervisor\'s pid, or each named process\'s pid'],
  },
  details: {
    http: {
      method: 'GET',
      path: '/processes/:name/details',
      params: [{ name: 'name', in: 'path', type: 'string', required: true }],
      answer:
        '`{status, command, shell, cwd, user, environment, tree, exits}`: what the view\'s details pane shows; `environment` is the program\'s own settings with the values of secret-looking keys (`*PASSWORD*`, `*TOKEN*`, `*SECRET*`, `*_KEY`, …) and URL passwords masked; `tree` is the live process tree (pid, ppid, command line, own RSS); `exits` the last 10 exits (time, pid, code or signal, how long it ran, expected or not)',
    },
    usage: null,
    help: [],
  },
  reread: {
    http: { method: 'GET', path: '/config/diff', params: [], answer: '`{added, changed, removed, supervisorChanged}`: what `update` would do' },
    usage: 'reread',
    help: ['what changed in the config: added, changed, removed'],
  },
  update: {
    http: {
      method: 'POST',
      path: '/config/update',
      params: [{ name: 'programs', in: 'body', type: 'string[]', required: false }],
      answer: 'the diff it applied',
    },
    usage: 'update [PROGRAM...]',
    help: ['apply the config changes (only to PROGRAMs if given):', 'start added, stop removed, restart changed'],
  },
  shutdown: {
    http: { method: 'POST', path: '/shutdown', params: [], answer: results('once every program is stopped; then the supervisor exits') },
    usage: 'shutdown',
    help: ['stop every program and end the supervisor'],
  },
  events: {
    http: {
      method: 'GET',
      path: '/events',
      params: [
        { name: 'logs', in: 'query', type: 'flag', required: false },
        { name: 'stats', in: 'query', type: 'flag', required: false },
        { name: 'process', in: 'query', type: 'string', required: false },
        { name: 'tail', in: 'query', type: 'lines', required: false },
        { name: 'stream', in: 'query', type: 'stream', required: false },
      ],
      answer: 'Server-Sent Events, below',
    },
    usage: null,
    help: [],
  },
  metrics: {
    http: { method: 'GET', path: '/metrics', params: [], answer: 'Prometheus text format (see [metrics.md](metrics.md))' },
    usage: null,
    help: [],
  },
} as const satisfies Record<string, VerbSpec>;

export type Verb = keyof typeof VERBS;

/** The verbs the supervisor answers over HTTP, with their routes. */
export type HttpVerb = { [V in Verb]: (typeof VERBS)[V]['http'] extends null ? never : V }[Verb];

/** The verbs `drover ctl` takes, in the table's order. */
export type CtlVerb = { [V in Verb]: (typeof VERBS)[V]['usage'] extends null ? never : V }[Verb];

export const VERB_NAMES = Object.keys(VERBS) as Verb[];

export const CTL_VERBS = VERB_NAMES.filter((verb): verb is CtlVerb => VERBS[verb].usage !== null);

export const HTTP_VERBS = VERB_NAMES.filter((verb): verb is HttpVerb => VERBS[verb].http !== null);

export function routeOf(verb: HttpVerb): HttpRoute {
  return VERBS[verb].http;
}

export function usageOf(verb: CtlVerb): string {
  return VERBS[verb].usage;
}
