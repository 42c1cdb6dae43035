import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CtlCommand } from '../../src/cli/ctl/command.js';
import { runCtl } from '../../src/cli/ctl/index.js';
import { runCommand } from '../../src/cli/ctl/run-command.js';
import { parseArgs } from '../../src/cli/parse-args.js';
import type { EngineEvent } from '../../src/api/supervisor-api.js';
import { SocketApi } from '../../src/client/socket-client.js';
import { processStatus, result } from '../helpers/ctl-fixtures.js';
import { FakeSupervisor, sseEvent } from '../helpers/fake-supervisor.js';
import { waitFor } from '../helpers/wait-for.js';

class Captured extends PassThrough {
  text = '';
  constructor() {
    super();
    this.setEncoding('utf8').on('data', (chunk: string) => (this.text += chunk));
  }
}

let fake: FakeSupervisor;
beforeEach(async () => {
  fake = await new FakeSupervisor().start();
});
afterEach(async () => {
  await fake.close();
});

/** Runs `drover ctl …` in-process against the fake supervisor. */
async function ctl(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Captured();
  const err = new Captured();
  const code = await runCtl(parseArgs(['ctl', '--socket', fake.socketPath, ...argv]), out, err, {});
  return { code, out: out.text, err: err.text };
}

describe('drover ctl (in-process, against a fake supervisor)', () => {
  it('status: a table, exit 0 when all run and 3 when not; --json is the array as answered', async () => {
    const running = [processStatus({ name: 'web:web_00' }), processStatus({ name: 'web:web_01', pid: 4243 })];
    fake.json('GET', '/v1/processes', running);
    const ok = await ctl('status');
    expect(ok.code).toBe(0);
    expect(ok.out.split('\n')[0]).toMatch(/^NAME\s+STATE\s+PID\s+UPTIME\s+CPU\s+RSS\s+RESTARTS\s+LAST-EXIT$/);
    expect(ok.out).toContain('web:web_01  RUNNING  4243  0:01:02  3.1%  12.3M         0  -\n');

    const mixed = [...running, processStatus({ name: 'w:w', state: 'EXITED', pid: null, exitCode: 1, description: 'exited with status 1' })];
    fake.json('GET', '/v1/processes', mixed);
    const notAll = await ctl('status', 'all');
    expect(notAll.code).toBe(3);
    expect(notAll.out).toMatch(/w:w\s+EXITED\s+-\s+-\s+[\d.%]+\s+[\d.M]+\s+0\s+1\s+exited with status 1\n$/);
    const json = await ctl('status', '--json');
    expect(json.code).toBe(3);
    expect(JSON.parse(json.out)).toEqual(mixed);

    fake.json('GET', '/v1/processes', []);
    expect(await ctl('status')).toEqual({ code: 0, out: 'no processes\n', err: '' });
  });

  it('actions: one line per process; a failed start exits 7, as supervisorctl', async () => {
    fake.json('POST', '/v1/processes/start', { results: [result('web:web_00'), result('x:x', false, 'FATAL', "can't find command 'x'")] });
    expect(await ctl('start', 'all')).toEqual({ code: 7, out: "web:web_00: started\nx:x: ERROR FATAL (can't find command 'x')\n", err: '' });
    fake.json('POST', '/v1/processes/stop', { results: [result('web:web_00', true, 'STOPPED')] });
    const json = await ctl('stop', 'web', '--json');
    expect([json.code, JSON.parse(json.out)]).toEqual([0, { results: [result('web:web_00', true, 'STOPPED')] }]);
    fake.json('POST', '/v1/programs/web/scale', { results: [] });
    expect((await ctl('scale', 'web', '-0')).out).toBe('web: no change\n');
    fake.json('POST', '/v1/shutdown', { results: [result('web:web_00', true, 'STOPPED')] });
    expect((await ctl('shutdown')).out).toBe('web:web_00: stopped\nsupervisor: shut down\n');
  });

  it('maps API errors to exit codes, printing every detail line', async () => {
    fake.error('POST', '/v1/processes/restart', 404, 'NO_MATCH', 'no process matches zz');
    expect(await ctl('restart', 'zz')).toEqual({ code: 1, out: '', err: 'drover: no process matches zz\n' });
    fake.error('POST', '/v1/config/update', 422, 'CONFIG_INVALID', 'programs.yaml has 2 errors', ['programs.yaml:3:5: a', 'programs.yaml:9:1: b']);
    expect(await ctl('update')).toEqual({ code: 1, out: '', err: 'drover: programs.yaml has 2 errors\nprograms.yaml:3:5: a\nprograms.yaml:9:1: b\n' });
    fake.error('POST', '/v1/processes/signal', 400, 'BAD_SIGNAL', 'unknown signal: FOO');
    expect((await ctl('signal', 'FOO', 'web')).code).toBe(1);
  });

  it('says which socket it tried and how it found it when nothing answers', async () => {
    const missing = path.join(fake.dir, 'gone.sock');
    const out = new Captured();
    const err = new Captured();
    expect(await runCtl(parseArgs(['ctl', 'status', '--socket', missing]), out, err, {})).toBe(4);
    expect(err.text).toBe(`drover: no supervisor answers at ${missing} (from --socket): connect ENOENT\n`);

    const config = path.join(fake.dir, 'programs.yaml');
    writeFileSync(config, 'supervisor:\n  socket: run/x.sock\nprograms: {}\n');
    const err2 = new Captured();
    expect(await runCtl(parseArgs(['ctl', 'pid', '-c', config]), out, err2, {})).toBe(4);
    expect(err2.text).toBe(`drover: no supervisor answers at ${path.join(fake.dir, 'run/x.sock')} (from config ${config}): connect ENOENT\n`);
  });

  it('pid: the supervisor, or each process; a stopped one fails with 7, except in pid all', async () => {
    fake.json('GET', '/v1/info', { pid: 77, version: '0', configFile: '', socket: '', startedAt: 0, processes: 0, eventClients: 0 });
    expect(await ctl('pid')).toEqual({ code: 0, out: '77\n', err: '' });
    // Each name asked on its own, so the answer keeps the order asked: the supervisor lists in its own order.
    const processes = { a: processStatus({ name: 'a:a', pid: 5 }), b: processStatus({ name: 'b:b', pid: null, state: 'STOPPED' }) };
    fake.on('GET', '/v1/processes', (request, res) => {
      const names = request.url.searchParams.getAll('pattern');
      const matched = names.includes('all') ? [processes.a, processes.b] : names.map((name) => processes[name as 'a' | 'b']);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(matched));
    });
    expect(await ctl('pid', 'a')).toEqual({ code: 0, out: '5\n', err: '' });
    expect(await ctl('pid', 'b')).toEqual({ code: 7, out: '', err: 'drover: b:b is not running (STOPPED)\n' });
    expect(await ctl('pid', 'b', 'a')).toEqual({ code: 7, out: 'b:b -\na:a 5\n', err: 'drover: b:b is not running (STOPPED)\n' });
    expect(await ctl('pid', 'all')).toEqual({ code: 0, out: 'a:a 5\nb:b -\n', err: 'drover: b:b is not running (STOPPED)\n' });
  });

  it('tail, reread and update print their answers', async () => {
    fake.json('GET', '/v1/processes', [processStatus({ name: 'web:web' })]);
    const backlog = [
      { kind: 'log', at: 1, process: 'web:web', stream: 'stdout', lines: ['one'] },
      { kind: 'log', at: 2, process: 'web:web', stream: 'stderr', lines: ['oops'] },
      { kind: 'log', at: 3, process: 'web:web', stream: 'stdout', lines: ['two'] },
    ];
    fake.sse('/v1/events', backlog);
    const tail = ctl('tail', '-n', '3', 'web');
    // Without -f the supervisor ends the stream after the backlog.
    await waitFor('the stream to open', () => fake.streams.length === 1);
    fake.streams[0]!.end();
    // One process, both streams: its stdout lines on stdout, its stderr lines on stderr.
    expect(await tail).toEqual({ code: 0, out: 'one\ntwo\n', err: 'oops\n' });
    expect(Object.fromEntries(fake.requests.at(-1)!.url.searchParams)).toEqual({ logs: '1', process: 'web', tail: '3', once: '1' });
    fake.json('GET', '/v1/config/diff', { added: [], changed: ['web'], removed: [], supervisorChanged: [] });
    expect((await ctl('reread')).out).toBe('web: changed\n');
    fake.json('POST', '/v1/config/update', { added: ['w'], changed: [], removed: [], supervisorChanged: [] });
    expect((await ctl('update', 'w')).out).toBe('w: added (started)\n');
    expect(fake.requests.at(-1)!.body).toEqual({ programs: ['w'] });
  });

  it('tail colours the name column on a terminal, unless NO_COLOR is set', async () => {
    fake.json('GET', '/v1/processes', [processStatus({ name: 'a:a' }), processStatus({ name: 'b:b' })]);
    const line: EngineEvent = { kind: 'log', at: 1, process: 'a:a', stream: 'stdout', lines: ['x'] };
    fake.sse('/v1/events', [line]);
    const run = async (env: NodeJS.ProcessEnv) => {
      const out = Object.assign(new Captured(), { isTTY: true });
      const running = runCtl(parseArgs(['ctl', '--socket', fake.socketPath, 'tail', '*']), out, new Captured(), env);
      await waitFor('the stream to open', () => fake.streams.length === 1);
      fake.streams.pop()!.end();
      expect(await running).toBe(0);
      return out.text;
    };
    expect(await run({})).toBe('\x1b[36ma:a | \x1b[0mx\n');
    expect(await run({ NO_COLOR: '1' })).toBe('a:a | x\n');
  });

  it('usage errors exit 2 with the usage of the verb, before any request', async () => {
    const bad = await ctl('scale', 'web', 'lots');
    expect(bad).toEqual({ code: 2, out: '', err: 'drover: scale needs a count N, +N or -N, got "lots"\nusage: drover ctl scale PROGRAM N|+N|-N [--json]\n' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('tail -f', () => {
  const log = (lines: string[], stream: 'stdout' | 'stderr' = 'stdout'): EngineEvent => ({ kind: 'log', at: 1, process: 'web:web_00', stream, lines });
  const follow: CtlCommand = { verb: 'tail', pattern: 'web', lines: 3, stream: 'stdout', since: null, follow: true };

  function io() {
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    let disposed = false;
    const out = new Captured();
    const err = new Captured();
    return { out, err, stop, disposed: () => disposed, untilStopped: () => ({ stopped, dispose: () => (disposed = true) }) };
  }

  it('prints the backlog and new lines of its stream until stopped, then exits 0', async () => {
    fake.json('GET', '/v1/processes', [processStatus()]).sse('/v1/events', [log(['old 1', 'old 2']), log(['err'], 'stderr'), { kind: 'state' }]);
    const streams = io();
    const running = runCommand(new SocketApi(fake.socketPath), follow, false, streams);
    await waitFor('the backlog', () => streams.out.text === 'old 1\nold 2\nerr\n');
    fake.streams[0]!.write(sseEvent(log(['new'])));
    await waitFor('the new line', () => streams.out.text.endsWith('new\n'));
    expect(Object.fromEntries(fake.requests.find((r) => r.url.pathname === '/v1/events')!.url.searchParams)).toEqual({ logs: '1', process: 'web', tail: '3', stream: 'stdout' });
    streams.stop();
    expect(await running).toBe(0);
    expect(streams.disposed()).toBe(true);
    expect(streams.out.text).toBe('old 1\nold 2\nerr\nnew\n');
  });

  it('prints one JSON object per line with --json', async () => {
    fake.json('GET', '/v1/processes', [processStatus()]).sse('/v1/events', [log(['a', 'b'])]);
    const streams = io();
    const running = runCommand(new SocketApi(fake.socketPath), follow, true, streams);
    await waitFor('the event', () => streams.out.text !== '');
    streams.stop();
    await running;
    expect(
      streams.out.text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      { time: '1970-01-01T00:00:00.001Z', process: 'web:web_00', stream: 'stdout', line: 'a' },
      { time: '1970-01-01T00:00:00.001Z', process: 'web:web_00', stream: 'stdout', line: 'b' },
    ]);
  });

  it('exits 4 with a message when the supervisor goes away', async () => {
    fake.json('GET', '/v1/processes', [processStatus()]).sse('/v1/events');
    const streams = io();
    const running = runCommand(new SocketApi(fake.socketPath), follow, false, streams);
    await waitFor('the stream to open', () => fake.streams.length === 1);
    fake.streams[0]!.end();
    expect(await running).toBe(4);
    expect(streams.err.text).toMatch(/^drover: stopped following web: the supervisor at .* ended the event stream/);
  });

  it('with --json, a warning is a JSON line and the supervisor going away an error line on stdout, exit 4 still', async () => {
    const warning: EngineEvent = { kind: 'supervisor', at: 2, level: 'warn', message: 'skipped 10 lines for a slow reader' };
    fake.json('GET', '/v1/processes', [processStatus()]).sse('/v1/events', [warning]);
    const streams = io();
    const running = runCommand(new SocketApi(fake.socketPath), follow, true, streams);
    await waitFor('the stream to open', () => fake.streams.length === 1);
    await waitFor('the warning', () => streams.out.text !== '');
    fake.streams[0]!.end();
    expect(await running).toBe(4);
    expect(streams.err.text).toBe('');
    const lines = streams.out.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { error?: { code: string; message: string } });
    expect(lines[0]).toEqual({ time: '1970-01-01T00:00:00.002Z', warning: 'skipped 10 lines for a slow reader' });
    expect(lines[1]!.error!.code).toBe('UNREACHABLE');
    expect(lines[1]!.error!.message).toMatch(/^stopped following web: the supervisor at .* ended the event stream/);
  });
});
