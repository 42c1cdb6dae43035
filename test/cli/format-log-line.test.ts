import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/api/supervisor-api.js';
import { makeLogPrinter } from '../../src/cli/ctl/format-log-line.js';

const log = (process: string, stream: 'stdout' | 'stderr', ...lines: string[]): Extract<EngineEvent, { kind: 'log' }> => ({ kind: 'log', at: 0, process, stream, lines });
const NAMES = ['web:web', 'worker:worker_0', 'worker:worker_1'];

describe('makeLogPrinter', () => {
  it('prefixes each line with its process name padded to a column, | for stdout and ! for stderr', () => {
    const print = makeLogPrinter(NAMES, { json: false, colour: false, bothStreams: true });
    expect(print(log('web:web', 'stdout', 'a', 'b'))).toEqual({ out: 'web:web         | a\nweb:web         | b\n', err: '' });
    expect(print(log('worker:worker_1', 'stderr', 'oops'))).toEqual({ out: 'worker:worker_1 ! oops\n', err: '' });
  });

  it('colours each process its own way on a terminal, a later one too', () => {
    const print = makeLogPrinter(NAMES, { json: false, colour: true, bothStreams: true });
    const first = print(log('web:web', 'stdout', 'a')).out;
    const second = print(log('worker:worker_0', 'stdout', 'a')).out;
    expect(first).toBe('\x1b[36mweb:web         | \x1b[0ma\n');
    expect(second).toBe('\x1b[33mworker:worker_0 | \x1b[0ma\n');
    expect(print(log('worker:worker_9', 'stdout', 'a')).out).toMatch(/^\x1b\[35mworker:worker_9 \| \x1b\[0ma\n$/);
  });

  it("one process: bare lines; stderr's to stderr only when both streams are shown", () => {
    expect(makeLogPrinter(['web:web'], { json: false, colour: true, bothStreams: true })(log('web:web', 'stderr', 'e'))).toEqual({ out: '', err: 'e\n' });
    expect(makeLogPrinter(['web:web'], { json: false, colour: true, bothStreams: false })(log('web:web', 'stderr', 'e'))).toEqual({ out: 'e\n', err: '' });
  });
});
