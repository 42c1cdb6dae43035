import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { EngineHarness, makeProgram } from '../helpers/engine-harness.js';
import { freePort } from '../helpers/free-port.js';
import { preforkConfig } from '../helpers/prefork.js';
import { waitFor } from '../helpers/wait-for.js';

const REPORTER = fileURLToPath(new URL('../fixtures/programs/report-nodelay.py', import.meta.url));

let h: EngineHarness;
afterEach(async () => {
  await h?.cleanup();
});

it('a prefork TCP listener has TCP_NODELAY, so connections a non-Node worker accepts have it too', async () => {
  h = new EngineHarness();
  const port = await freePort();
  const report = path.join(h.dir, 'nodelay.txt');
  const supervisor = await h.start([makeProgram('api', ['python3', REPORTER, report], { prefork: preforkConfig(port, { readyWhenLog: 'worker ready' }), directory: h.dir })]);
  await waitFor('RUNNING', () => supervisor.list().every((p) => p.state === 'RUNNING'));
  const client = net.connect(port, '127.0.0.1').on('error', () => {});
  try {
    const value = await waitFor('the worker to report TCP_NODELAY', () => readFileSync(report, 'utf8').trim() || null);
    expect(Number(value)).not.toBe(0);
  } finally {
    client.destroy();
  }
});
