import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { freePort } from '../helpers/free-port.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * The gunicorn command the docs and examples/prefork.yaml give for the prefork
 * core, run as written by a real drover daemon against a real gunicorn. The
 * fixture is a module named `app` exposing `app`, so the example's `app:app`
 * needs no change.
 */

const WSGI_DIR = fileURLToPath(new URL('../fixtures/stacks/wsgi/', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/prefork.yaml', import.meta.url));

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

/** One GET on a new connection; resolves with the status and body. */
function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('timeout', function (this: { destroy(err: Error): void }) {
        this.destroy(new Error('no answer within 10 s'));
      })
      .on('error', reject)
      .end();
  });
}

describe('gunicorn on the prefork core', () => {
  it('serves HTTP with the command examples/prefork.yaml documents', async () => {
    const installed = spawnSync('gunicorn', ['--version'], { encoding: 'utf8' });
    expect(installed.status, 'gunicorn is not installed (.ci/run installs Debian\'s gunicorn package)').toBe(0);
    const example = parse(readFileSync(EXAMPLE, 'utf8')) as { programs: { gunicorn: { command: string } } };
    const command = example.programs.gunicorn.command;
    expect(command).toMatch(/\bgunicorn\b.*\bapp:app$/);

    const port = await freePort();
    h.writeConfig(
      [
        'programs:',
        '  web:',
        '    type: prefork',
        `    bind: 127.0.0.1:${port}`,
        '    workers: 2',
        `    command: ${command}`,
        `    directory: ${WSGI_DIR}`,
        '    environment: { PYTHONDONTWRITEBYTECODE: "1" }',
        '    ready_when: { log: "Booting worker" }',
        '    startretries: 1',
        '',
      ].join('\n'),
    );
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const status = async () => JSON.parse((await h.runToEnd(['ctl', 'status', '--json'])).stdout) as { name: string; state: string; pid: number }[];
    const settled = await waitFor('both workers RUNNING or one FATAL', async () => {
      const list = await status();
      await h.rememberPrograms();
      const done = list.length === 2 && list.every((p) => p.state === 'RUNNING');
      return done || list.some((p) => p.state === 'FATAL') ? list : null;
    }, 40_000);
    expect(settled.map((p) => p.state), readFileSync(`${h.dir}/programs.yaml`, 'utf8')).toEqual(['RUNNING', 'RUNNING']);

    const answer = await get(port);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/^hello from \d+\n$/);
  });
});
