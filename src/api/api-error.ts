/**
 * Errors every client of the control API sees, with stable codes. The socket
 * client and the in-process adapter throw the same codes, and `ctl` maps them
 * to exit codes, so a script behaves the same whichever side it runs on.
 */
export type ApiErrorCode =
  // The request itself is wrong.
  | 'BAD_JSON'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'BODY_TOO_LARGE'
  // It names something that does not exist or cannot be done.
  | 'NO_MATCH'
  | 'AMBIGUOUS_NAME'
  | 'UNKNOWN_PROGRAM'
  | 'BAD_SIGNAL'
  | 'BAD_SCALE'
  | 'CONFIG_INVALID'
  // The supervisor's side.
  | 'SHUTTING_DOWN'
  | 'INTERNAL'
  // The client's side: nothing answered at the socket, or the answer made no sense.
  | 'UNREACHABLE'
  | 'BAD_RESPONSE'
  // supervisord, not drover, answers at the socket.
  | 'SUPERVISORD_SOCKET';

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  BAD_JSON: 400,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
  NO_MATCH: 404,
  AMBIGUOUS_NAME: 400,
  UNKNOWN_PROGRAM: 404,
  BAD_SIGNAL: 400,
  BAD_SCALE: 400,
  CONFIG_INVALID: 422,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
  UNREACHABLE: 503,
  BAD_RESPONSE: 502,
  SUPERVISORD_SOCKET: 502,
};

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
