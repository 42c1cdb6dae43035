import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliHarness } from '../helpers/cli-harness.js';
import { freePort } from '../helpers/free-port.js';
import { parseExposition, tcpRequest, valueOf } from '../helpers/prometheus-text.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * supervisor.metrics end to end: a real drover with its listener, moved by
 * SIGHUP after the config changed, closed when drover exits.
 */

let h: CliHarness;
const blockers: Server[] = [];
beforeEach(() => {
  h = new CliHarness();
});
afterEach(async () => {
  for (const blocker of blockers.splice(0)) blocker.close();
  await h.cleanup();
});

const config = (metrics: string) => `supervisor:\n  metrics: ${metrics}\nprograms:\n  sleeper:\n    command: sleep 1000\n    startsecs: 0\n`;

describe('the metrics listener of a running drover', () => {
  it('serves the metrics, moves on SIGHUP when the address changed, and closes when drover exits', async () => {
    const [first, second] = [await freePort(), await freePort()];
    h.writeConfig(config(`127.0.0.1:${first}`));
    const cli = h.run(['--foreground', '-c', 'programs.yaml']);
    await cli.waitForLine(new RegExp(`drover: serving metrics at http://127\\.0\\.0\\.1:${first}/metrics`));
    await waitFor('sleeper RUNNING in the metrics', async () => {
      const answer = await tcpRequest(first, 'GET', '/metrics');
      return valueOf(parseExposition(answer.text), 'drover_process_state', { program: 'sleeper', state: 'RUNNING' }) === 1;
    });

    h.writeConfig(config(`127.0.0.1:${second}`));
    process.kill(cli.pid, 'SIGHUP');
    await cli.waitForLine(new RegExp(`drover: serving metrics at http://127\\.0\\.0\\.1:${second}/metrics`));
    await cli.waitForLine(/SIGHUP: config applied: added \[\], changed \[\], removed \[\]/);
    expect(cli.count(/restart drover to apply/)).toBe(0);
    await expect(tcpRequest(first, 'GET', '/metrics')).rejects.toThrow(/ECONNREFUSED/);
    expect((await tcpRequest(second, 'GET', '/metrics')).status).toBe(200);

    process.kill(cli.pid, 'SIGTERM');
    expect(await cli.exited).toBe(0);
    await expect(tcpRequest(second, 'GET', '/metrics')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses to start when the address is taken, saying which', async () => {
    const port = await freePort();
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    h.writeConfig(config(`127.0.0.1:${port}`));
    const result = await h.runToEnd(['--foreground', '-c', 'programs.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`drover: cannot listen for metrics on 127.0.0.1:${port}:`);
    expect(result.stderr).toMatch(/EADDRINUSE/);
  });
});
