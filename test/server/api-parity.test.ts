import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/api/supervisor-api.js';
import { ApiError } from '../../src/api/api-error.js';
import { API_IMPLEMENTATIONS, ControlHarness } from '../helpers/control-harness.js';
import { fixture, makeProgram } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * The same script against both SupervisorApi implementations: what `ctl`
 * sees over the socket is what the embedded view sees in-process.
 */

let h: ControlHarness;
afterEach(async () => {
  await h?.cleanup();
});

async function errorOf(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe.each(API_IMPLEMENTATIONS)('SupervisorApi %s', (_name, apiOf) => {
  it('lists, restarts by pattern, and reports errors with the same codes', async () => {
    h = new ControlHarness();
    await h.serve([makeProgram('web', ['sleep', '1000'], { numprocs: 2 }), makeProgram('worker', ['sleep', '1001'])]);
    const api = apiOf(h);
    await waitFor('RUNNING', async () => (await api.status()).every((p) => p.state === 'RUNNING'));
    const before = await api.status();
    expect(before.map((p) => p.name)).toEqual(['web:web_00', 'web:web_01', 'worker:worker']);

    const results = await api.restart(['web:*']);
    expect(results.map((r) => [r.name, r.ok, r.state])).toEqual([
      ['web:web_00', true, 'RUNNING'],
      ['web:web_01', true, 'RUNNING'],
    ]);
    const after = await api.status();
    expect(after[2]!.pid).toBe(before[2]!.pid);
    expect(after[0]!.pid).not.toBe(before[0]!.pid);

    expect((await errorOf(api.stop(['ghost']))).code).toBe('NO_MATCH');
    expect((await errorOf(api.signal('BOGUS', ['web']))).code).toBe('BAD_SIGNAL');
    expect((await errorOf(api.scale('ghost', '2'))).code).toBe('UNKNOWN_PROGRAM');
    expect((await errorOf(api.tail('web', 5))).code).toBe('AMBIGUOUS_NAME');
    expect((await api.info()).pid).toBe(process.pid);
  });

  it('streams events: the tail first, then new lines, then closes cleanly', async () => {
    h = new ControlHarness();
    await h.serve([makeProgram('chat', fixture('chatty.mjs', 10))]);
    const api = apiOf(h);
    await waitFor('output', async () => (await api.tail('chat', 20)).length >= 10);
    const lastBefore = Number((await api.tail('chat', 1))[0]!.slice('line '.length));
    const events: EngineEvent[] = [];
    const asked = Date.now();
    const sub = await api.events({ logs: true, process: 'chat', tail: 3, stream: 'stdout' }, (e) => events.push(e));
    await waitFor('20 lines', () => events.flatMap((e) => (e.kind === 'log' ? e.lines : [])).length >= 20);
    // The backlog (maybe several events, one per arrival) came first, with the time its lines arrived, before we asked;
    // it starts at most 3 lines before the last line seen, and nothing is missing or twice after it.
    expect(events[0]!.at).toBeLessThan(asked);
    const numbers = events.flatMap((e) => (e.kind === 'log' ? e.lines : [])).map((line) => Number(line.slice('line '.length)));
    expect(numbers[0]).toBeGreaterThanOrEqual(lastBefore - 2);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    await waitFor('one event client', async () => (await api.info()).eventClients === 1);
    sub.close();
    expect(await sub.ended).toBeNull();
    await waitFor('no event clients', async () => (await api.info()).eventClients === 0);
  });
});
