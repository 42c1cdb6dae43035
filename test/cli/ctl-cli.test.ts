import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/api/supervisor-api.js';
import { CliHarness } from '../helpers/cli-harness.js';
import { processStatus } from '../helpers/ctl-fixtures.js';
import { FakeSupervisor, sseEvent } from '../helpers/fake-supervisor.js';
import { waitFor } from '../helpers/wait-for.js';

/** The built `drover ctl` as a user runs it, against a fake supervisor on a real socket. */
let h: CliHarness;
let fake: FakeSupervisor;
beforeEach(async () => {
  h = new CliHarness();
  fake = await new FakeSupervisor().start();
});
afterEach(async () => {
  await h.cleanup();
  await fake.close();
});

const env = { DROVER_SOCKET: '', XDG_RUNTIME_DIR: '' };
const log = (lines: string[]): EngineEvent => ({ kind: 'log', at: 1, process: 'web:web', stream: 'stdout', lines });

describe('drover ctl (built CLI)', () => {
  it('finds the socket through ./programs.yaml and exits 3 when something is not RUNNING', async () => {
    h.writeConfig(`supervisor:\n  socket: ${JSON.stringify(fake.socketPath)}\nprograms:\n  web:\n    command: sleep 1\n`);
    fake.json('GET', '/v1/processes', [processStatus({ name: 'web:web' }), processStatus({ name: 'job:job', state: 'STOPPED', pid: null, description: 'not started' })]);
    const result = await h.runToEnd(['ctl', 'status'], env);
    expect(result.code).toBe(3);
    expect(result.stdout.split('\n')).toHaveLength(3);
    expect(result.stdout).toMatch(/^job:job\s+STOPPED\s+-\s+-.*not started$/m);
  });

  it('exits 4 naming the per-user socket when there is no config and nothing answers', async () => {
    const result = await h.runToEnd(['ctl', 'status'], { ...env, XDG_RUNTIME_DIR: h.dir });
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      `drover: no supervisor answers at ${path.join(h.dir, 'drover/drover.sock')} (the per-user default; no config at ${path.join(h.dir, 'programs.yaml')}): connect ENOENT\n`,
    );
  });

  it('exits 2 for bad usage without contacting anything', async () => {
    const result = await h.runToEnd(['ctl', 'scale', 'web', '--socket', fake.socketPath]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^drover: scale needs a PROGRAM and a count\nusage: drover ctl scale/);
    expect(fake.requests).toHaveLength(0);
  });

  it('tail -f follows until Ctrl-C and exits 0', async () => {
    fake.json('GET', '/v1/processes', [processStatus({ name: 'web:web' })]).sse('/v1/events', [log(['backlog'])]);
    const cli = h.run(['ctl', 'tail', '-f', 'web', '--socket', fake.socketPath], env);
    await cli.waitForLine(/^backlog$/);
    fake.streams[0]!.write(sseEvent(log(['live'])));
    await cli.waitForLine(/^live$/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('tail -f exits 4 when the supervisor goes away', async () => {
    fake.json('GET', '/v1/processes', [processStatus({ name: 'web:web' })]).sse('/v1/events');
    const cli = h.run(['ctl', 'tail', '-f', 'web', '--socket', fake.socketPath], env);
    await waitFor('the event stream', () => fake.streams.length === 1);
    fake.streams[0]!.end();
    expect(await cli.exited).toBe(4);
    expect(cli.stderr).toMatch(/^drover: stopped following web: /);
  });
});
