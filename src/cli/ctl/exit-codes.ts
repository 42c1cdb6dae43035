import { ctlOf, resultsOf } from '../../api/verbs.js';
import type { CtlVerb } from './command.js';
import type { ActionVerb } from './format-results.js';

/**
 * Exit codes of `drover ctl`: supervisorctl's (the LSB init and status codes)
 * for the verbs both have, so scripts written for supervisorctl work
 * unchanged. docs/ctl.md has the table, test/cli/ctl-exit-codes.test.ts
 * checks every row of it.
 */
export const Exit = {
  OK: 0,
  /** supervisorctl's generic failure: an unknown name or signal, a stop that failed, an invalid config. */
  FAILED: 1,
  /** Bad usage; for the drover-only verbs (scale, reload) also a name that matches nothing. */
  USAGE: 2,
  /** `status` only: something listed is stopped (STOPPED, EXITED or FATAL), LSB "not running". */
  STATUS_STOPPED: 3,
  /** `status` only: a name that matches nothing, LSB "status unknown". */
  STATUS_UNKNOWN: 4,
  /** No supervisor answers at the socket (supervisorctl's `status` says 4 too). */
  UNREACHABLE: 4,
  /** A start that failed; a signal or `pid` for a process that does not run. LSB "program is not running". */
  NOT_RUNNING: 7,
} as const;

export type ExitCode = (typeof Exit)[keyof typeof Exit];

/** The request names something that is not there, or more than one thing where one is needed. */
const NAME_ERRORS = new Set(['NO_MATCH', 'AMBIGUOUS_NAME', 'UNKNOWN_PROGRAM']);

/**
 * The request itself was wrong: the caller's mistake, exit 2.
 * CONFIG_INVALID is not among them: the command was right, the file is not.
 */
const REQUEST_ERRORS = new Set(['BAD_JSON', 'BAD_REQUEST', 'NOT_FOUND', 'METHOD_NOT_ALLOWED', 'BODY_TOO_LARGE', 'BAD_SCALE']);

/** The exit code for an API error answering `verb`; codes this client does not know mean failure. */
export function exitCodeForError(code: string, verb: CtlVerb): ExitCode {
  // supervisord at the socket: no drover answers there, whatever the verb.
  if (code === 'UNREACHABLE' || code === 'SUPERVISORD_SOCKET') return Exit.UNREACHABLE;
  if (NAME_ERRORS.has(code)) {
    if (verb === 'status') return Exit.STATUS_UNKNOWN;
    // Verbs supervisorctl has too (the verb table says which): a name that matches nothing is its generic failure there.
    return ctlOf(verb).supervisorctl ? Exit.FAILED : Exit.USAGE;
  }
  // supervisorctl: `ERROR (bad signal name)`, its generic failure.
  if (code === 'BAD_SIGNAL') return Exit.FAILED;
  if (REQUEST_ERRORS.has(code)) return Exit.USAGE;
  return Exit.FAILED;
}

/**
 * When some process's action failed. supervisorctl says 7 when the process
 * ends up not running (a start that failed, a signal to a stopped process),
 * and 1 for the rest (a stop that failed); the verb table says which.
 */
export function exitCodeForFailedAction(verb: ActionVerb): ExitCode {
  return resultsOf(verb).failure === 'not-running' ? Exit.NOT_RUNNING : Exit.FAILED;
}
