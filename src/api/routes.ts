/**
 * The control API's constants, version 1. The routes themselves are in the
 * verb table (verbs.ts). Bodies are JSON; every answer is JSON except the
 * event stream, which is Server-Sent Events (`event: <kind>` + `data: <json>`
 * per event), and the metrics, which are Prometheus text. Errors: 4xx/5xx
 * with `{"error": {"code", "message", "details"?}}` (api-error.ts).
 */
export const API_PREFIX = '/v1';

/** Request bodies larger than this are refused with BODY_TOO_LARGE. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Lines `tail` answers at most, so one request cannot ask the supervisor for gigabytes. */
export const MAX_TAIL_LINES = 10_000;
