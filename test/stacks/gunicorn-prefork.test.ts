import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { freePort } from '../helpers/free-port.js';
import { describePreforkStack, STACK_WORKERS } from '../helpers/prefork-stack-checks.js';
import { requestOnNewConnection, writePreforkProgram } from '../helpers/prefork-stack.js';
import { requireServer } from '../helpers/stack-servers.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * gunicorn (sync workers) serving a WSGI app as a drover prefork program: the
 * command the docs and examples/prefork.yaml give, run as written by a real
 * drover daemon against a real gunicorn, then the checks every prefork stack
 * passes. The fixture is a module named `app` exposing `app`, so the example's
 * `app:app` needs no change.
 */

const WSGI_DIR = fileURLToPath(new URL('../fixtures/stacks/wsgi/', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/prefork.yaml', import.meta.url));

describe('the documented gunicorn prefork command', () => {
  let h: DaemonHarness;
  beforeEach(() => {
    h = new DaemonHarness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('serves HTTP with the command examples/prefork.yaml documents', async () => {
    requireServer('gunicorn');
    const example = parse(readFileSync(EXAMPLE, 'utf8')) as { programs: { gunicorn: { command: string } } };
    const command = example.programs.gunicorn.command;
    expect(command).toMatch(/\bgunicorn\b.*\bapp:app$/);

    const port = await freePort();
    writePreforkProgram(h, { name: 'web', port, workers: 2, command, directory: WSGI_DIR, readyLog: 'Booting worker', extra: ['    startretries: 1'] });
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const status = async () => JSON.parse((await h.runToEnd(['ctl', 'status', '--json'])).stdout) as { name: string; state: string; pid: number }[];
    const settled = await waitFor(
      'both workers RUNNING or one FATAL',
      async () => {
        const list = await status();
        await h.rememberPrograms();
        const done = list.length === 2 && list.every((p) => p.state === 'RUNNING');
        return done || list.some((p) => p.state === 'FATAL') ? list : null;
      },
      40_000,
    );
    expect(
      settled.map((p) => p.state),
      readFileSync(`${h.dir}/programs.yaml`, 'utf8'),
    ).toEqual(['RUNNING', 'RUNNING']);

    const answer = await requestOnNewConnection(port);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/^hello from \d+\n$/);
  });
});

describePreforkStack({
  title: 'gunicorn (sync workers)',
  servers: [['gunicorn', ['--version']]],
  configure: (h, port) => {
    writePreforkProgram(h, { name: 'web', port, workers: STACK_WORKERS, command: 'gunicorn -w 1 app:app', directory: WSGI_DIR, readyLog: 'Booting worker' });
    return 'web';
  },
  // Sync workers answer one request per connection and finish it on SIGTERM: a reload fails none.
  keepAlive: false,
});
