import type { ActionResult, LogStream } from './process-status.js';
import { MAX_TAIL_LINES } from './routes.js';
import { withThousandsCommas } from './units.js';

/**
 * The control API's verbs, in one table. The server's router, the socket
 * client's requests, ctl's parsing, printing, usage lines and help, and the
 * table in docs/control-api.md are all derived from it: adding a verb is a row
 * here (with `called`), the engine, and LocalApi.
 */

import type { CalledAnswer, CtlResults, CtlSpec, HttpRoute, ParamType, VerbParam, VerbSpec } from './verb-spec.js';

export type { CalledAnswer, CtlResults, CtlSpec, HttpRoute, ParamType, VerbParam, VerbSpec };

const patterns = { name: 'patterns', in: 'body', type: 'string[]', required: true } as const satisfies VerbParam;
const results = (when: string): string => `\`{"results": [{name, ok, state, message}]}\` ${when}`;

export const VERBS = {
  info: {
    http: {
      method: 'GET',
      path: '/info',
      params: [],
      answer:
        '`{pid, version, configFile, socket, startedAt, hostname, statsIntervalMs, processes, eventClients, prefork, programs}`; `programs` lists for each program its command, configured process count, bind addresses (prefork) and readiness probe',
    },
    ctl: null,
  },
  status: {
    http: {
      method: 'GET',
      path: '/processes',
      params: [{ name: 'pattern', in: 'query', type: 'string[]', required: false }],
      answer: 'list of processes (the `ctl status --json` shape)',
    },
    ctl: {
      usage: 'status [PATTERN...]',
      help: ['table of processes; exit 3 if any is stopped'],
      supervisorctl: true,
    },
  },
  start: {
    http: { method: 'POST', path: '/processes/start', params: [patterns], answer: results('once each is RUNNING or its first start attempt failed') },
    ctl: {
      usage: 'start PATTERN...',
      help: ['start and wait; one line per process'],
      supervisorctl: true,
      results: { done: 'started', failure: 'not-running' },
    },
  },
  stop: {
    http: { method: 'POST', path: '/processes/stop', params: [patterns], answer: results('once each is stopped') },
    ctl: {
      usage: 'stop PATTERN...',
      help: ['stop and wait'],
      supervisorctl: true,
      results: { done: 'stopped', failure: 'failed' },
    },
  },
  restart: {
    http: { method: 'POST', path: '/processes/restart', params: [patterns], answer: results('once each is started again') },
    ctl: {
      usage: 'restart PATTERN...',
      help: ['stop, then start'],
      supervisorctl: true,
      results: { done: 'restarted', failure: 'not-running' },
    },
  },
  reload: {
    http: {
      method: 'POST',
      path: '/processes/reload',
      params: [patterns],
      answer: results('once done: a rolling replacement for prefork workers, reload_signal where set, a restart for the rest'),
    },
    ctl: {
      usage: 'reload PATTERN...',
      help: ['prefork: replace workers one by one; reload_signal:', 'send it to the main pid; others: restart'],
      supervisorctl: false,
      results: { done: 'reloaded', failure: 'failed' },
    },
  },
  signal: {
    http: {
      method: 'POST',
      path: '/processes/signal',
      // group first: the server checks parameters in this order, and has always named a bad group first.
      params: [{ name: 'group', in: 'body', type: 'boolean', required: false }, { name: 'signal', in: 'body', type: 'signal', required: true }, patterns],
      answer: results('(`group: true`: to the whole process group)'),
    },
    ctl: {
      usage: 'signal [--group] SIG PATTERN...',
      help: ['send a signal (HUP, SIGUSR1, 15, …) to the main pid;', '--group: to its whole process group'],
      supervisorctl: true,
      results: { done: 'signalled', failure: 'not-running' },
    },
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
    ctl: {
      usage: 'scale PROGRAM N|+N|-N',
      help: ['run N processes (or workers), or N more / fewer'],
      supervisorctl: false,
      results: { done: 'started', failure: 'failed' },
    },
  },
  tail: {
    http: {
      method: 'GET',
      path: '/processes/:name/log',
      params: [
        { name: 'name', in: 'path', type: 'string', required: true },
        { name: 'lines', in: 'query', type: 'lines', required: false, default: 100 },
        { name: 'stream', in: 'query', type: 'stream', required: false },
        { name: 'skip', in: 'query', type: 'skip', required: false },
      ],
      answer: `\`{"lines": [...]}\` (NAME must match one process; at most ${withThousandsCommas(MAX_TAIL_LINES)} lines); with \`skip\`, older lines from its current log file for that stream: the N lines ending \`skip\` lines before its end, \`[]\` when there are none`,
    },
    ctl: {
      usage: 'tail [-f] [-n N] [--stdout|--stderr] [--since T] PATTERN',
      help: [
        'the last N lines (default 10) of each matched process,',
        'stdout and stderr in arrival order; several processes:',
        'each line after its name; --since 10m|2h|ISO time;',
        '--json: a line per log line; -f keeps printing new',
        'lines until Ctrl-C',
      ],
      supervisorctl: true,
    },
  },
  clear: {
    http: { method: 'POST', path: '/processes/clear', params: [patterns], answer: results('once their log files are empty; the processes keep running and writing to them') },
    ctl: {
      usage: 'clear PATTERN...',
      help: ['empty the log files of processes (stdout', 'and stderr); they keep running'],
      supervisorctl: true,
      results: { done: 'cleared', failure: 'failed' },
    },
    called: 'results',
  },
  pid: {
    http: null,
    ctl: {
      usage: 'pid [NAME...]',
      help: ["the supervisor's pid, or each named process's pid"],
      supervisorctl: true,
    },
  },
  details: {
    http: {
      method: 'GET',
      path: '/processes/:name/details',
      params: [{ name: 'name', in: 'path', type: 'string', required: true }],
      answer:
        "`{status, command, shell, cwd, user, environment, tree, exits}`: what the view's details pane shows; `environment` is the program's own settings with the values of secret-looking keys (`*PASSWORD*`, `*TOKEN*`, `*SECRET*`, `*_KEY`, …) and URL passwords masked; `tree` is the live process tree (pid, ppid, command line, own RSS); `exits` the last 10 exits (time, pid, code or signal, how long it ran, expected or not)",
    },
    ctl: null,
  },
  reread: {
    http: { method: 'GET', path: '/config/diff', params: [], answer: '`{added, changed, removed, supervisorChanged}`: what `update` would do' },
    ctl: {
      usage: 'reread',
      help: ['what changed in the config: added, changed, removed'],
      supervisorctl: true,
    },
  },
  update: {
    http: {
      method: 'POST',
      path: '/config/update',
      params: [{ name: 'programs', in: 'body', type: 'string[]', required: false }],
      answer: 'the diff it applied',
    },
    ctl: {
      usage: 'update [PROGRAM...]',
      help: ['apply the config changes (only to PROGRAMs if given):', 'start added, stop removed, restart changed'],
      supervisorctl: true,
    },
  },
  shutdown: {
    http: { method: 'POST', path: '/shutdown', params: [], answer: results('once every program is stopped; then the supervisor exits') },
    ctl: {
      usage: 'shutdown',
      help: ['stop every program and end the supervisor'],
      supervisorctl: true,
      results: { done: 'stopped', failure: 'failed' },
    },
  },
  reexec: {
    http: {
      method: 'POST',
      path: '/reexec',
      params: [],
      answer:
        '`{pid}`, the pid of the supervisor handing over, once a fresh `drover --daemon` (the version installed now) is on its way; the programs run on, and the new supervisor adopts them (supervisor.keep_programs)',
    },
    ctl: {
      usage: 'reexec',
      help: ['hand over to a fresh drover (the version', 'installed now); programs run on; waits for it'],
      supervisorctl: false,
    },
    called: 'value',
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
        { name: 'since', in: 'query', type: 'time', required: false },
        { name: 'once', in: 'query', type: 'flag', required: false },
      ],
      answer: 'Server-Sent Events, below',
    },
    ctl: null,
  },
  metrics: {
    http: { method: 'GET', path: '/metrics', params: [], answer: 'Prometheus text format (see [metrics.md](metrics.md))' },
    ctl: null,
  },
} as const satisfies Record<string, VerbSpec>;

export type Verb = keyof typeof VERBS;

/** The verbs the supervisor answers over HTTP, with their routes. */
export type HttpVerb = { [V in Verb]: (typeof VERBS)[V]['http'] extends null ? never : V }[Verb];

/** The verbs `drover ctl` takes, in the table's order. */
export type CtlVerb = { [V in Verb]: (typeof VERBS)[V]['ctl'] extends null ? never : V }[Verb];

/** The verbs SupervisorApi reaches through `call(verb, args)`. */
export type CalledVerb = { [V in HttpVerb]: (typeof VERBS)[V] extends { called: CalledAnswer } ? V : never }[HttpVerb];

/** The ctl verbs whose SupervisorApi answer is action results (one `name: done` line per process). */
export type ResultsVerb = { [V in CtlVerb]: (typeof VERBS)[V]['ctl'] extends { results: CtlResults } ? V : never }[CtlVerb];

type CalledResultsCtlVerb = { [V in CalledVerb & CtlVerb]: (typeof VERBS)[V] extends { called: 'results' } ? V : never }[CalledVerb & CtlVerb];

/** true when every ctl verb `called` for results says how ctl prints them (`ctl.results`); a row without it fails to compile. */
export const RESULTS_VERBS_SAY_HOW_THEY_PRINT: [Exclude<CalledResultsCtlVerb, ResultsVerb>] extends [never] ? true : never = true;

/** What a parameter of each type holds once read and checked. */
type ParamValue<T extends ParamType> = T extends 'string[]'
  ? string[]
  : T extends 'boolean' | 'flag'
    ? boolean
    : T extends 'lines' | 'skip' | 'time'
      ? number
      : T extends 'stream'
        ? LogStream
        : string;

type ParamOf<V extends CalledVerb> = (typeof VERBS)[V]['http']['params'][number];

/** A called verb's arguments: its route's parameters by name, the optional ones optional. */
export type ArgsOf<V extends CalledVerb> = {
  [P in ParamOf<V> as P['required'] extends true ? P['name'] : never]: ParamValue<P['type']>;
} & {
  [P in ParamOf<V> as P['required'] extends true ? never : P['name']]?: ParamValue<P['type']>;
};

/** A called verb's answer, as SupervisorApi returns it (without the HTTP answer's wrapping object). */
export type AnswerOf<V extends CalledVerb> = { results: ActionResult[]; lines: string[]; value: unknown }[(typeof VERBS)[V] extends { called: infer A extends CalledAnswer }
  ? A
  : never];

export const VERB_NAMES = Object.keys(VERBS) as Verb[];

export const CTL_VERBS = VERB_NAMES.filter((verb): verb is CtlVerb => VERBS[verb].ctl !== null);

export const HTTP_VERBS = VERB_NAMES.filter((verb): verb is HttpVerb => VERBS[verb].http !== null);

export function routeOf(verb: HttpVerb): HttpRoute {
  return VERBS[verb].http;
}

export function usageOf(verb: CtlVerb): string {
  return VERBS[verb].ctl.usage;
}

export function ctlOf(verb: CtlVerb): CtlSpec {
  return VERBS[verb].ctl;
}

/** How ctl prints a results verb's lines and exits when one failed. */
export function resultsOf(verb: ResultsVerb): CtlResults {
  return VERBS[verb].ctl.results;
}

/** How `call` answers for `verb`, or undefined when SupervisorApi has a method of the verb's name. */
export function calledAnswerOf(verb: Verb): CalledAnswer | undefined {
  const spec: VerbSpec = VERBS[verb];
  return spec.called;
}

export function isCalledVerb(verb: Verb): verb is CalledVerb {
  return calledAnswerOf(verb) !== undefined;
}
