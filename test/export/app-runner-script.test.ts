import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { appRunnerCommand } from '../../src/export/app-runner-script.js';
import { freePort } from '../helpers/free-port.js';
import { getOnNewConnection } from '../helpers/prefork.js';
import { waitFor } from '../helpers/wait-for.js';

/** The container command of an app: program, run for real: it must serve the module on the port and stop on SIGTERM. */

const APPS = fileURLToPath(new URL('../fixtures/apps/', import.meta.url));
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startRunner(app: string, where: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const [node, ...args] = appRunnerCommand(`${APPS}${app}`, where, 2000);
  expect(node).toBe('node');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('the container runner of an app: program', () => {
  it.each([
    ['hello.mjs', /^hello from \d+/],
    ['handler-export.mjs', /^handler GET \//],
    ['cjs-handler.cjs', /^cjs/],
  ])('serves %s on the port and exits 0 on SIGTERM', async (app, body) => {
    const port = await freePort();
    const runner = startRunner(app, String(port));
    const answer = await waitFor(`${app} to answer on ${port}`, () => getOnNewConnection(port).catch(() => null), 20_000);
    expect(answer).toMatch(body);
    runner.child.kill('SIGTERM');
    expect(await runner.exited).toBe(0);
  });

  it('fails with the reason when the module exports no request listener', async () => {
    const runner = startRunner('no-listener.mjs', '1');
    expect(await runner.exited).not.toBe(0);
    expect(runner.output()).toMatch(/no-listener\.mjs exports no request listener/);
  });

  it('refuses a listen target that is neither a port nor an absolute path (the REPLACE_ME_PORT placeholder)', async () => {
    const runner = startRunner('hello.mjs', 'REPLACE_ME_PORT');
    expect(await runner.exited).not.toBe(0);
    expect(runner.output()).toMatch(/expected a port or a unix socket path to listen on, got REPLACE_ME_PORT/);
  });
});
