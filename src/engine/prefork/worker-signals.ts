import type { Readable } from 'node:stream';
import { followLines } from '../output-lines.js';

/**
 * What prefork workers tell the master. The built-in runtime writes JSON lines
 * on its notify pipe: {"t":"ready"}, {"t":"hb","requests":N},
 * {"t":"draining","reason":…}. A command worker is ready when a line of its
 * output matches `ready_when.log`.
 */

export interface NotifyHandlers {
  ready(): void;
  heartbeat(): void;
}

/** Lines longer than this are not messages of ours; they are dropped, not buffered. */
const MAX_LINE = 4096;

export function watchNotifyPipe(pipe: Readable, handlers: NotifyHandlers): void {
  let partial = '';
  pipe.setEncoding('utf8');
  pipe.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    if (partial.length > MAX_LINE) partial = '';
    for (const line of lines) {
      let message: { t?: unknown };
      try {
        message = JSON.parse(line) as { t?: unknown };
      } catch {
        continue;
      }
      if (message.t === 'ready') handlers.ready();
      // Any message proves the worker's event loop turns.
      handlers.heartbeat();
    }
  });
  pipe.on('error', () => {});
}

/** Calls `onReady` once, at the first line of either stream that matches. */
export function watchReadyLine(streams: Readable[], pattern: RegExp, onReady: () => void): void {
  const stop = followLines(streams, (lines) => {
    if (!lines.some((line) => pattern.test(line))) return;
    stop();
    onReady();
  });
}
