import { statSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlHarness } from '../helpers/control-harness.js';
import { fixture, makeProgram } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

let h: ControlHarness;
const open: IncomingMessage[] = [];
afterEach(async () => {
  for (const res of open.splice(0)) res.destroy();
  await h?.cleanup();
});

interface Sse {
  /** As the stream sends them: the fields this file reads, checked by its assertions. */
  events: { kind: string; at: number; process: { name: string; state: string }; stream?: string; from?: string; lines: string[]; message: string }[];
  res: IncomingMessage;
}

/** Opens GET /v1/events?query and collects parsed events (a minimal SSE reader). */
function subscribe(query: string, options: { paused?: boolean } = {}): Promise<Sse> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: h.socket, path: `/v1/events${query}` }, (res) => {
      open.push(res);
      const sse: Sse = { events: [], res };
      let buffer = '';
      const onData = (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (data) sse.events.push(JSON.parse(data.slice(6)));
        }
      };
      if (options.paused) res.pause();
      res.on('data', onData);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/event-stream/);
      resolve(sse);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /v1/events', () => {
  it('streams state changes, and no log lines unless asked', async () => {
    h = new ControlHarness();
    await h.serve([makeProgram('chat', fixture('chatty.mjs', 20)), makeProgram('idle', ['sleep', '1000'])]);
    await waitFor('RUNNING', () => h.supervisor.list().every((p) => p.state === 'RUNNING'));
    const sse = await subscribe('');
    await h.http('POST', '/v1/processes/restart', { patterns: ['idle'] });
    await waitFor('idle back to RUNNING in the stream', () =>
      sse.events.some((e) => e.kind === 'state' && e.process.name === 'idle:idle' && e.from === 'STARTING' && e.process.state === 'RUNNING'),
    );
    const states = sse.events.filter((e) => e.kind === 'state').map((e) => e.process.state);
    expect(states).toEqual(['STOPPING', 'STOPPED', 'STARTING', 'RUNNING']);
    expect(sse.events.some((e) => e.kind === 'log')).toBe(false);
  });

  it('follows one process: its last lines first, then new ones, with no gap and nothing twice', async () => {
    h = new ControlHarness();
    await h.serve([makeProgram('chat', fixture('chatty.mjs', 5)), makeProgram('other', fixture('chatty.mjs', 5))]);
    await waitFor('some output', async () => (await h.http('GET', '/v1/processes/chat:chat/log?lines=50')).json.lines.length >= 20);
    const lastBefore = Number(((await h.http('GET', '/v1/processes/chat:chat/log?lines=1')).json.lines as string[])[0]!.slice('line '.length));
    const asked = Date.now();
    const sse = await subscribe('?logs=1&process=chat&tail=5&stream=stdout');
    await waitFor('60 lines followed', () => sse.events.flatMap((e) => (e.kind === 'log' ? e.lines : [])).length >= 60);
    const logs = sse.events.filter((e) => e.kind === 'log');
    expect(new Set(logs.map((e) => e.process))).toEqual(new Set(['chat:chat']));
    const numbers = logs
      .flatMap((e) => e.lines)
      .filter((l) => l.startsWith('line '))
      .map((l) => Number(l.slice(5)));
    // The backlog (maybe several events, one per arrival) came first, stamped with when its lines arrived, before we asked;
    // it starts at most 5 lines before the last line seen.
    expect(logs[0]!.at).toBeLessThan(asked);
    expect(numbers[0]).toBeGreaterThanOrEqual(lastBefore - 4);
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBe(numbers[i - 1]! + 1);
  });

  it('counts its clients and forgets one that hangs up', async () => {
    h = new ControlHarness();
    await h.serve([makeProgram('idle', ['sleep', '1000'])]);
    const a = await subscribe('');
    await subscribe('?logs=1');
    await waitFor('two clients', async () => (await h.http('GET', '/v1/info')).json.eventClients === 2);
    a.res.destroy();
    await waitFor('one client', async () => (await h.http('GET', '/v1/info')).json.eventClients === 1);
  });

  it('skips log lines for a reader that stops reading, instead of buffering them, and says so', async () => {
    h = new ControlHarness();
    await h.serve([makeProgram('flood', fixture('flood-lines.mjs', 60_000, 200), { autorestart: false })]);
    const sse = await subscribe('?logs=1', { paused: true });
    // ~20 MB of lines go by while the client reads nothing.
    await waitFor('20 MB written', () => lineCount(h) >= 100_000, 60_000);
    sse.res.resume();
    await waitFor(
      'a notice that lines were skipped',
      () => sse.events.some((e) => e.kind === 'supervisor' && /log line\(s\) skipped: this client read too slowly/.test(e.message)),
      60_000,
    );
    await h.http('POST', '/v1/processes/stop', { patterns: ['flood'] });
  });
});

/** Lines the flood has written, from its log file's size (200-byte lines). */
function lineCount(harness: ControlHarness): number {
  try {
    return statSync(`${harness.dir}/logs/flood.out.log`).size / 200;
  } catch {
    return 0;
  }
}
