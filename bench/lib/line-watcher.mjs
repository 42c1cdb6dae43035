/** Calls onLine(line, arrivalMs) for each line of a stream, timestamped when the chunk arrives. */
import { performance } from 'node:perf_hooks';

/**
 * @param {import('node:stream').Readable} stream
 * @param {(line: string, at: number) => void} onLine
 */
export function watchLines(stream, onLine) {
  let carry = '';
  stream.setEncoding('utf8');
  stream.on('data', (/** @type {string} */ chunk) => {
    const at = performance.now();
    const parts = (carry + chunk).split('\n');
    carry = parts.pop() ?? '';
    for (const line of parts) onLine(line, at);
  });
  stream.on('end', () => {
    if (carry) onLine(carry, performance.now());
    carry = '';
  });
}
