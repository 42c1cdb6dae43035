/**
 * The HTTP routes of the control API, version 1. The server dispatches on this
 * table and the socket client builds its requests from it, so the two cannot
 * drift apart. Bodies are JSON; every answer is JSON except the event stream,
 * which is Server-Sent Events (`event: <kind>` + `data: <json>` per event),
 * and the metrics, which are Prometheus text.
 *
 *   GET  /v1/info                       → SupervisorInfo
 *   GET  /v1/processes?pattern=P…       → ProcessStatus[]
 *   POST /v1/processes/start            {patterns}          → {results: ActionResult[]}
 *   POST /v1/processes/stop             {patterns}          → {results}
 *   POST /v1/processes/restart          {patterns}          → {results}
 *   POST /v1/processes/reload           {patterns}          → {results}
 *   POST /v1/processes/signal           {signal, patterns, group?} → {results}  (group: true = the whole process group)
 *   POST /v1/programs/NAME/scale        {count: "N"|"+N"|"-N"} → {results}
 *   GET  /v1/processes/NAME/log?lines=N&stream=stdout|stderr → {lines: string[]}
 *   GET  /v1/processes/NAME/details    → ProcessDetails (command, cwd, env with secrets masked, pid tree, exits)
 *   GET  /v1/config/diff                → ConfigDiff      (reread)
 *   POST /v1/config/update              {programs?}         → ConfigDiff
 *   POST /v1/shutdown                   → {results}  (answered once every program is stopped)
 *   GET  /v1/events?logs=1&stats=1&process=P&tail=N&stream=S → text/event-stream
 *   GET  /v1/metrics                    → text/plain; version=0.0.4 (Prometheus, see prometheus.ts)
 *
 * Errors: 4xx/5xx with `{"error": {"code", "message", "details"?}}` (api-error.ts).
 */
export const API_PREFIX = '/v1';

/** Request bodies larger than this are refused with BODY_TOO_LARGE. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Lines `tail` answers at most, so one request cannot ask the supervisor for gigabytes. */
export const MAX_TAIL_LINES = 10_000;

export type ProcessAction = 'start' | 'stop' | 'restart' | 'reload';

export const PROCESS_ACTIONS: readonly ProcessAction[] = ['start', 'stop', 'restart', 'reload'];
