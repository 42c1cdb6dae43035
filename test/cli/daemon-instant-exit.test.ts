import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * Issue 16, defect 1, as a user met it: `command: /bin/false` under
 * `drover --daemon` showed RUNNING on a dead pid, and `ctl shutdown` then hung.
 */

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const ctl = (...args: string[]) => h.runToEnd(['ctl', ...args]);

describe('a daemon supervising programs that exit at once', () => {
  it('takes them through BACKOFF to FATAL, never RUNNING, and shuts down promptly', async () => {
    h.writeConfig(
      'programs:\n' +
        '  bad:\n    command: /bin/false\n    startsecs: 1\n    startretries: 2\n    numprocs: 4\n' +
        '  seven:\n    command: sh -c "exit 7"\n    startsecs: 1\n    startretries: 2\n    numprocs: 4\n',
    );
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    expect(started.stderr).not.toMatch(/child_process/);
    const daemon = h.pidfile()!;
    const settled = await waitFor(
      'every process FATAL or RUNNING',
      async () => {
        const list = JSON.parse((await ctl('status', '--json')).stdout) as { name: string; state: string; pid: number | null }[];
        return list.length === 8 && list.every((p) => p.state === 'FATAL' || p.state === 'RUNNING') ? list : null;
      },
      40_000,
    );
    const log = readFileSync(path.join(h.dir, 'logs', 'drover.log'), 'utf8');
    expect(log).not.toMatch(/-> RUNNING/);
    expect(log).toMatch(/bad:bad_00 \w+ -> BACKOFF/);
    expect(settled.map((p) => [p.name, p.state, p.pid])).toEqual(settled.map((p) => [p.name, 'FATAL', null]));

    const began = Date.now();
    const shutdown = await ctl('shutdown');
    expect(shutdown.code, shutdown.stderr).toBe(0);
    await waitFor('the daemon to exit', () => !isAlive(daemon), 10_000);
    expect(Date.now() - began).toBeLessThan(10_000);
  });
});
