/** Exit codes of `drover ctl` (SPEC section 1). */
export const Exit = {
  OK: 0,
  /** An action failed, the config is invalid, or the supervisor failed. */
  FAILED: 1,
  /** Bad usage or a name that matches nothing. */
  USAGE: 2,
  /** `status` only: something listed is not RUNNING (LSB). */
  NOT_RUNNING: 3,
  /** No supervisor answers at the socket. */
  UNREACHABLE: 4,
} as const;

export type ExitCode = (typeof Exit)[keyof typeof Exit];

/**
 * The request was wrong or named nothing: the caller's mistake, exit 2.
 * CONFIG_INVALID is not among them: the command was right, the file is not.
 */
const USAGE_CODES = new Set([
  'BAD_JSON',
  'BAD_REQUEST',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'BODY_TOO_LARGE',
  'NO_MATCH',
  'AMBIGUOUS_NAME',
  'UNKNOWN_PROGRAM',
  'BAD_SIGNAL',
  'BAD_SCALE',
]);

/** The exit code for an API error code; codes this client does not know mean failure. */
export function exitCodeForError(code: string): ExitCode {
  if (code === 'UNREACHABLE') return Exit.UNREACHABLE;
  if (USAGE_CODES.has(code)) return Exit.USAGE;
  return Exit.FAILED;
}
