/** The shape of a row of the verb table (verbs.ts): what each verb declares about itself. */

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
  | 'stream'
  /** A whole number from 0 up: lines to skip, however many a log file holds. */
  | 'skip'
  /** A time as whole milliseconds since the epoch. */
  | 'time';

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

/** What a verb did to each process, as ctl prints it: `name: <done>`, or `name: ERROR STATE (why)`. */
export interface CtlResults {
  /** The word of a process the verb succeeded on (`started`). */
  done: string;
  /**
   * ctl's exit when some process failed, as supervisorctl's: `not-running` (7)
   * where the process is left not running (a failed start), `failed` (1) otherwise.
   */
  failure: 'not-running' | 'failed';
}

export interface CtlSpec {
  /** ctl's usage line (`drover ctl <usage>`). */
  usage: string;
  /** The verb's lines under "ctl verbs:" in `drover --help`, already wrapped. */
  help: readonly string[];
  /** supervisorctl has the verb too: a name that matches nothing is its generic failure (1) there, and a usage error (2) for drover's own verbs. */
  supervisorctl: boolean;
  /** For a verb answering action results: how ctl prints them and exits. */
  results?: CtlResults;
}

/**
 * What a verb reached through `SupervisorApi.call` answers: action results
 * (`{"results": [...]}` over HTTP), log lines (`{"lines": [...]}`), or a JSON
 * value as it is.
 */
export type CalledAnswer = 'results' | 'lines' | 'value';

export interface VerbSpec {
  /** null for a ctl verb the supervisor has no route of its own for (ctl composes it from others). */
  http: HttpRoute | null;
  /** null when ctl has no such verb. */
  ctl: CtlSpec | null;
  /**
   * Set: SupervisorApi reaches the verb through `call(verb, args)`, its
   * arguments the route's parameters by name; the router, the socket client,
   * ctl (its words onto the parameters in order, its answer printed by this
   * kind) and the test fake then need no code of their own. Absent: a method
   * of the verb's name, for answers ctl prints its own way.
   */
  called?: CalledAnswer;
}
