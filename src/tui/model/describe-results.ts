import type { ActionResult } from '../../api/supervisor-api.js';

export type StatusTone = 'info' | 'pending' | 'ok' | 'error';

/** The status line: every action says what came of it. */
export interface StatusMessage {
  text: string;
  tone: StatusTone;
}

/** `restart web:web_00: ok`, `stop web:*: ok (4 processes)`, or what went wrong. */
export function describeResults(what: string, results: readonly ActionResult[]): StatusMessage {
  if (results.length === 0) return { text: `${what}: nothing to do`, tone: 'info' };
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) {
    return { text: results.length === 1 ? `${what}: ok` : `${what}: ok (${results.length} processes)`, tone: 'ok' };
  }
  const first = failed[0]!;
  if (results.length === 1) return { text: `${what}: ${first.message}`, tone: 'error' };
  const others = failed.length > 1 ? ` (and ${failed.length - 1} more)` : '';
  return { text: `${what}: ${failed.length} of ${results.length} failed: ${first.name}: ${first.message}${others}`, tone: 'error' };
}

/** An action that did not get an answer (a rejected call): its message, named by what was asked. */
export function describeFailure(what: string, error: unknown): StatusMessage {
  return { text: `${what}: ${error instanceof Error ? error.message : String(error)}`, tone: 'error' };
}
