import type { Readable } from 'node:stream';
import { LineSplitter } from '../logs/line-splitter.js';

/** Lines checked by readiness and log probes are cut here: a pattern needs no more, and a huge line must not stall the supervisor. */
const MAX_LINE_BYTES = 4096;

/**
 * Calls `onLines` with each batch of complete lines a child writes on any of
 * `streams`, beside the log capture, until the returned function is called.
 * Used by what reads output for a purpose (a prefork worker's ready line,
 * log probes): only while it listens is output split into strings.
 */
export function followLines(streams: Readable[], onLines: (lines: string[]) => void): () => void {
  const listeners = streams.map((stream) => {
    const splitter = new LineSplitter(MAX_LINE_BYTES);
    const onData = (chunk: Buffer | string) => {
      const lines = splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      if (lines.length > 0) onLines(lines);
    };
    stream.on('data', onData);
    return { stream, onData };
  });
  return () => {
    for (const { stream, onData } of listeners) stream.off('data', onData);
  };
}
