import type { ServerResponse } from 'node:http';
import type { EngineEvent, EventOptions, SupervisorApi } from '../api/supervisor-api.js';
import { routeOf } from '../api/verbs.js';
import { readParams } from './route-params.js';

/** Past this much unsent output, log lines for a slow reader are skipped (and counted) instead of buffered. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** The stream's options, read from its query by the verb table's `events` row. */
export function eventOptions(query: URLSearchParams): EventOptions {
  return readParams(routeOf('events').params, { path: new Map(), query, body: {} });
}

/**
 * Serves GET /v1/events as Server-Sent Events: `event: <kind>` and
 * `data: <json>` per engine event. A reader that falls behind never makes
 * the supervisor buffer without bound: state changes are always sent (they
 * are small and the view needs every one), log lines are skipped while the
 * backlog is over the limit and a `supervisor` event says how many.
 */
export async function serveEvents(api: SupervisorApi, options: EventOptions, res: ServerResponse, track: (close: () => void) => () => void): Promise<void> {
  let skipped = 0;
  let started = false;
  const early: EngineEvent[] = [];
  const write = (event: EngineEvent) => {
    if (!started) {
      early.push(event);
      return;
    }
    // A stats sample is replaced by the next one anyway: drop it rather than queue it.
    if (event.kind === 'stats' && res.writableLength > MAX_BUFFERED_BYTES) return;
    if (event.kind === 'log' && res.writableLength > MAX_BUFFERED_BYTES) {
      skipped += event.lines.length;
      return;
    }
    if (skipped > 0) {
      const notice: EngineEvent = { kind: 'supervisor', at: Date.now(), level: 'warn', message: `${skipped} log line(s) skipped: this client read too slowly` };
      skipped = 0;
      res.write(frame(notice));
    }
    res.write(frame(event));
  };
  // Subscribing may throw (NO_MATCH for `process`); then the caller answers with the error.
  const subscription = await api.events(options, write);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  // An opening comment, so clients see the headers and first bytes at once.
  res.write(': drover event stream\n\n');
  started = true;
  for (const event of early.splice(0)) write(event);
  if (options.once === true) {
    subscription.close();
    res.end();
    return;
  }
  const untrack = track(() => {
    subscription.close();
    res.end();
  });
  const finish = () => {
    untrack();
    subscription.close();
  };
  // The response closes when the client hangs up (or the server ends the stream).
  res.on('close', finish);
  res.on('error', finish);
}

function frame(event: EngineEvent): string {
  return `event: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`;
}
