import type { ApiErrorCode } from '../../api/api-error.js';

/**
 * Codes of the errors ctl finds before any answer, beside the API's own
 * (api/api-error.ts; UNREACHABLE is among those). docs/ctl.md lists them.
 */
export const CTL_ERROR_CODES = {
  /** The command line is wrong: an unknown verb or option, a missing argument. Exit 2. */
  USAGE: 'USAGE',
  /** The socket cannot be worked out (the config exists but cannot be read). Exit 2. */
  SOCKET_UNKNOWN: 'SOCKET_UNKNOWN',
} as const;

export type CtlErrorCode = ApiErrorCode | keyof typeof CTL_ERROR_CODES;

/** One failure of a ctl command, the same data whether printed for a person or as JSON. */
export interface CtlError {
  code: CtlErrorCode;
  message: string;
  /** Extra lines, such as every config error with its file:line:col. */
  details?: readonly string[];
}

/**
 * With --json, one line `{"error":{"code","message"[,"details"]}}` on stdout and
 * nothing on stderr, so a script reads every outcome from one stream; else
 * `drover: message`, the detail lines and any usage on stderr.
 */
export function writeCtlError(error: CtlError, json: boolean, io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream }, usage = ''): void {
  if (json) {
    const details = error.details !== undefined && error.details.length > 0 ? { details: error.details } : {};
    io.out.write(`${JSON.stringify({ error: { code: error.code, message: error.message, ...details } })}\n`);
    return;
  }
  io.err.write([`drover: ${error.message}`, ...(error.details ?? [])].map((line) => `${line}\n`).join('') + usage);
}
