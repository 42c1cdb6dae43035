/**
 * Errors every client of the control API sees, with stable codes. The socket
 * client and the in-process adapter throw the same codes, and `ctl` maps them
 * to exit codes, so a script behaves the same whichever side it runs on.
 */
export const API_ERRORS = {
  // The request itself is wrong.
  BAD_JSON: { status: 400 },
  BAD_REQUEST: { status: 400 },
  NOT_FOUND: { status: 404 },
  METHOD_NOT_ALLOWED: { status: 405 },
  BODY_TOO_LARGE: { status: 413 },
  // It names something that does not exist or cannot be done.
  NO_MATCH: { status: 404 },
  AMBIGUOUS_NAME: { status: 400 },
  UNKNOWN_PROGRAM: { status: 404 },
  BAD_SIGNAL: { status: 400 },
  BAD_SCALE: { status: 400 },
  CONFIG_INVALID: { status: 422 },
  // The supervisor's side.
  SHUTTING_DOWN: { status: 503 },
  /** `reexec` where it cannot hand over: a supervisor in the foreground, or programs that do not outlive it. */
  CANNOT_REEXEC: { status: 409 },
  INTERNAL: { status: 500 },
  // The client's side: nothing answered at the socket, or the answer made no sense.
  UNREACHABLE: { status: 503 },
  BAD_RESPONSE: { status: 502 },
  // supervisord, not drover, answers at the socket.
  SUPERVISORD_SOCKET: { status: 502 },
} as const satisfies Record<string, { status: number }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** Each code's HTTP status, from the table above. */
export const HTTP_STATUS = Object.fromEntries(Object.entries(API_ERRORS).map(([code, { status }]) => [code, status])) as Record<ApiErrorCode, number>;

/** The JSON body of every error answer. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: string[] };
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Extra lines, such as every config error with its file:line:col. */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details.length > 0 ? { details: this.details } : {}) } };
  }
}
