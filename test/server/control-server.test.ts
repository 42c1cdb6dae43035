import { afterEach, describe, expect, it } from 'vitest';
import { ControlHarness } from '../helpers/control-harness.js';
import { fixture, makeProgram } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

let h: ControlHarness;
afterEach(async () => {
  await h?.cleanup();
});

const sleeper = (name: string, numprocs = 1) => makeProgram(name, ['sleep', '1000'], { numprocs });

async function serveWebAndWorker() {
  h = new ControlHarness();
  await h.serve([sleeper('web', 2), sleeper('worker')]);
  await waitFor('all RUNNING', () => h.supervisor.list().every((p) => p.state === 'RUNNING'));
}

describe('control API: reading', () => {
  it('lists every process with the keys scripts rely on', async () => {
    await serveWebAndWorker();
    const answer = await h.http('GET', '/v1/processes');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/application\/json/);
    expect(answer.json.map((p: { name: string }) => p.name)).toEqual(['web:web_00', 'web:web_01', 'worker:worker']);
    const first = answer.json[0];
    for (const key of ['name', 'program', 'group', 'state', 'pid', 'restarts', 'exitCode', 'uptimeMs', 'cpuPercent', 'rssBytes']) expect(first).toHaveProperty(key);
    expect(first.state).toBe('RUNNING');
    expect(first.pid).toBe(h.pids()['web:web_00']);
    expect(first.uptimeMs).toBeGreaterThanOrEqual(0);
  });

  it('filters by patterns, including globs and PROGRAM:*', async () => {
    await serveWebAndWorker();
    const byGlob = await h.http('GET', `/v1/processes?pattern=${encodeURIComponent('web:*_01')}`);
    expect(byGlob.json.map((p: { name: string }) => p.name)).toEqual(['web:web_01']);
    const two = await h.http('GET', '/v1/processes?pattern=worker&pattern=web:*');
    expect(two.json).toHaveLength(3);
  });

  it('answers info with the supervisor pid', async () => {
    await serveWebAndWorker();
    const info = await h.http('GET', '/v1/info');
    expect(info.json).toMatchObject({ pid: process.pid, processes: 3, eventClients: 0, socket: h.socket });
  });
});

describe('control API: bad requests change nothing', () => {
  const cases: [string, string, string, unknown, number, string][] = [
    ['bad JSON', 'POST', '/v1/processes/stop', '{"patterns": [web', 400, 'BAD_JSON'],
    ['a body that is not an object', 'POST', '/v1/processes/stop', '["web"]', 400, 'BAD_REQUEST'],
    ['unknown route', 'GET', '/v1/nope', undefined, 404, 'NOT_FOUND'],
    ['unversioned route', 'GET', '/processes', undefined, 404, 'NOT_FOUND'],
    ['wrong method', 'DELETE', '/v1/processes', undefined, 405, 'METHOD_NOT_ALLOWED'],
    ['GET on an action', 'GET', '/v1/processes/stop', undefined, 405, 'METHOD_NOT_ALLOWED'],
    ['oversized body', 'POST', '/v1/processes/stop', JSON.stringify({ patterns: ['web'], pad: 'x'.repeat(100_000) }), 413, 'BODY_TOO_LARGE'],
    ['a pattern matching nothing', 'POST', '/v1/processes/stop', { patterns: ['web', 'ghost'] }, 404, 'NO_MATCH'],
    ['no patterns', 'POST', '/v1/processes/restart', { patterns: [] }, 400, 'BAD_REQUEST'],
    ['patterns not a list', 'POST', '/v1/processes/stop', { patterns: 'web' }, 400, 'BAD_REQUEST'],
    ['an unknown signal', 'POST', '/v1/processes/signal', { signal: 'SIGBOGUS', patterns: ['web'] }, 400, 'BAD_SIGNAL'],
    ['a bad scale count', 'POST', '/v1/programs/web/scale', { count: 'lots' }, 400, 'BAD_SCALE'],
    ['scaling an unknown program', 'POST', '/v1/programs/ghost/scale', { count: 2 }, 404, 'UNKNOWN_PROGRAM'],
    ['tail of an ambiguous name', 'GET', '/v1/processes/web/log', undefined, 400, 'AMBIGUOUS_NAME'],
    ['tail with a bad line count', 'GET', '/v1/processes/worker/log?lines=-5', undefined, 400, 'BAD_REQUEST'],
    ['tail of a bad stream', 'GET', '/v1/processes/worker/log?stream=stdin', undefined, 400, 'BAD_REQUEST'],
    ['events for an unknown process', 'GET', '/v1/events?process=ghost', undefined, 404, 'NO_MATCH'],
    ['update of an unknown program', 'POST', '/v1/config/update', { programs: ['ghost'] }, 404, 'UNKNOWN_PROGRAM'],
  ];

  it.each(cases)('%s → %i %s', async (_what, method, path, body, status, code) => {
    await serveWebAndWorker();
    const before = h.pids();
    const answer = await h.http(method, path, body);
    expect(answer.status).toBe(status);
    expect(answer.json.error.code).toBe(code);
    expect(answer.json.error.message).toEqual(expect.any(String));
    // Nothing changed, and the server still answers.
    expect(h.pids()).toEqual(before);
    expect((await h.http('GET', '/v1/processes')).status).toBe(200);
  });

  it('names the pattern that matched nothing', async () => {
    await serveWebAndWorker();
    const answer = await h.http('POST', '/v1/processes/restart', { patterns: ['ghost*'] });
    expect(answer.json.error.message).toContain("'ghost*'");
  });

  it('survives garbage that is not HTTP at all', async () => {
    await serveWebAndWorker();
    const { connect } = await import('node:net');
    const reply = await new Promise<string>((resolve) => {
      const conn = connect(h.socket, () => conn.write('\x00\x01 not http at all\r\n\r\n'));
      let text = '';
      conn.on('data', (d: Buffer) => (text += d.toString()));
      conn.on('close', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await h.http('GET', '/v1/info')).status).toBe(200);
  });
});

describe('control API: actions', () => {
  it("restarts 'web:*' and nothing else", async () => {
    await serveWebAndWorker();
    const before = h.pids();
    const answer = await h.http('POST', '/v1/processes/restart', { patterns: ['web:*'] });
    expect(answer.status).toBe(200);
    expect(answer.json.results.map((r: { name: string; ok: boolean }) => [r.name, r.ok])).toEqual([
      ['web:web_00', true],
      ['web:web_01', true],
    ]);
    const after = h.pids();
    expect(after['web:web_00']).not.toBe(before['web:web_00']);
    expect(after['web:web_01']).not.toBe(before['web:web_01']);
    expect(after['worker:worker']).toBe(before['worker:worker']);
  });

  it('stops and starts by pattern', async () => {
    await serveWebAndWorker();
    const stopped = await h.http('POST', '/v1/processes/stop', { patterns: ['worker'] });
    expect(stopped.json.results).toEqual([expect.objectContaining({ name: 'worker:worker', ok: true, state: 'STOPPED' })]);
    expect(h.pids()['worker:worker']).toBeNull();
    const started = await h.http('POST', '/v1/processes/start', { patterns: ['worker'] });
    expect(started.json.results[0]).toMatchObject({ ok: true, state: 'RUNNING' });
  });

  it('sends a signal by name or number', async () => {
    h = new ControlHarness();
    await h.serve([makeProgram('chat', fixture('chatty.mjs', 10_000))]);
    // Signal only once its handlers are installed (it says 'ready'), or USR1 would kill it.
    await waitFor('ready', async () => (await h.http('GET', '/v1/processes/chat/log?lines=10')).json.lines.includes('ready'));
    const byName = await h.http('POST', '/v1/processes/signal', { signal: 'USR1', patterns: ['chat'] });
    expect(byName.json.results[0]).toMatchObject({ ok: true, message: 'sent SIGUSR1' });
    const byNumber = await h.http('POST', '/v1/processes/signal', { signal: 12, patterns: ['chat'] });
    expect(byNumber.json.results[0]).toMatchObject({ ok: true, message: 'sent SIGUSR2' });
    await waitFor('both signals seen', async () => {
      const lines = (await h.http('GET', '/v1/processes/chat/log?lines=10')).json.lines as string[];
      return lines.includes('got SIGUSR1') && lines.includes('got SIGUSR2');
    });
  });

  it('scales a program up and down', async () => {
    await serveWebAndWorker();
    const up = await h.http('POST', '/v1/programs/web/scale', { count: '+1' });
    expect(up.json.results).toEqual([expect.objectContaining({ name: 'web:web_02', ok: true })]);
    const down = await h.http('POST', `/v1/programs/web/scale`, { count: 1 });
    expect(down.json.results.map((r: { name: string }) => r.name)).toEqual(['web:web_01', 'web:web_02']);
    expect(Object.keys(h.pids())).toEqual(['web:web_00', 'worker:worker']);
  });

  it('shows the diff on reread and applies only it on update; untouched programs keep their pids', async () => {
    await serveWebAndWorker();
    const before = h.pids();
    h.nextConfig = { ok: true, warnings: [], config: h.configWith([sleeper('web', 2), makeProgram('worker', ['sleep', '999']), sleeper('extra')]) };
    const diff = await h.http('GET', '/v1/config/diff');
    expect(diff.json).toEqual({ added: ['extra'], changed: ['worker'], removed: [], supervisorChanged: [] });
    expect(h.pids()).toEqual(before); // reread changes nothing
    const applied = await h.http('POST', '/v1/config/update', {});
    expect(applied.json).toMatchObject({ added: ['extra'], changed: ['worker'], removed: [] });
    const after = h.pids();
    expect(after['web:web_00']).toBe(before['web:web_00']);
    expect(after['web:web_01']).toBe(before['web:web_01']);
    expect(after['worker:worker']).not.toBe(before['worker:worker']);
    await waitFor('extra started', () => h.pids()['extra:extra']);
  });

  it('refuses an invalid config with every error, changing nothing', async () => {
    await serveWebAndWorker();
    const before = h.pids();
    h.nextConfig = { ok: false, errors: [{ file: '/x/programs.yaml', line: 3, column: 5, path: 'programs.web.numprocs', message: 'expected a whole number' }] };
    const answer = await h.http('POST', '/v1/config/update', {});
    expect(answer.status).toBe(422);
    expect(answer.json.error.code).toBe('CONFIG_INVALID');
    expect(answer.json.error.details).toEqual(['/x/programs.yaml:3:5: programs.web.numprocs: expected a whole number']);
    expect(h.pids()).toEqual(before);
  });

  it('shuts down: answers once every program is stopped', async () => {
    await serveWebAndWorker();
    const pids = Object.values(h.pids()) as number[];
    const answer = await h.http('POST', '/v1/shutdown');
    expect(answer.status).toBe(200);
    expect(answer.json.results.every((r: { ok: boolean; state: string }) => r.ok && r.state === 'STOPPED')).toBe(true);
    expect(h.shutdownCalls).toBe(1);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    const again = await h.http('POST', '/v1/shutdown');
    expect(again.json.error.code).toBe('SHUTTING_DOWN');
    const start = await h.http('POST', '/v1/processes/start', { patterns: ['web'] });
    expect(start.json.error.code).toBe('SHUTTING_DOWN');
  });
});
