import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { freePort } from '../helpers/free-port.js';
import { getOnNewConnection, HELLO_APP } from '../helpers/prefork.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

describe('a prefork program driven by drover ctl', () => {
  it('serves on the shared port, reloads worker by worker, scales, and shuts down clean', async () => {
    const port = await freePort();
    h.writeConfig(`programs:\n  web:\n    type: prefork\n    bind: 127.0.0.1:${port}\n    workers: 2\n    app: ${HELLO_APP}\n`);
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const status = async () => JSON.parse((await h.runToEnd(['ctl', 'status', '--json'])).stdout) as { name: string; state: string; pid: number }[];
    const before = await waitFor('2 workers RUNNING', async () => {
      const list = await status();
      return list.length === 2 && list.every((p) => p.state === 'RUNNING') ? list : null;
    });
    await h.rememberPrograms();
    expect(before.map((p) => p.name)).toEqual(['web:web_00', 'web:web_01']);
    expect(await getOnNewConnection(port)).toMatch(/^hello from \d+/);

    const reload = await h.runToEnd(['ctl', 'reload', 'web']);
    expect(reload.code, reload.stderr).toBe(0);
    expect(reload.stdout.split('\n')).toEqual(['web:web_00: reloaded', 'web:web_01: reloaded']);
    const after = await status();
    await h.rememberPrograms();
    expect(after.every((p) => p.state === 'RUNNING' && !before.some((b) => b.pid === p.pid))).toBe(true);
    for (const old of before) expect(isAlive(old.pid)).toBe(false);

    const scaled = await h.runToEnd(['ctl', 'scale', 'web', '+1']);
    expect(scaled.code, scaled.stderr).toBe(0);
    expect(await status()).toHaveLength(3);
    await h.rememberPrograms();
    const pid = Number(/hello from (\d+)/.exec(await getOnNewConnection(port))![1]);
    expect((await status()).map((p) => p.pid)).toContain(pid);

    const shutdown = await h.runToEnd(['ctl', 'shutdown']);
    expect(shutdown.code).toBe(0);
    for (const p of after) expect(isAlive(p.pid)).toBe(false);
    await expect(getOnNewConnection(port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('ctl stop closes the port at once (ECONNREFUSED, no hang); ctl start serves on it again', async () => {
    const port = await freePort();
    h.writeConfig(`programs:\n  web:\n    type: prefork\n    bind: 127.0.0.1:${port}\n    workers: 2\n    app: ${HELLO_APP}\n`);
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    await waitFor('web serves', () =>
      getOnNewConnection(port).then(
        () => true,
        () => false,
      ),
    );
    await h.rememberPrograms();
    const stop = await h.runToEnd(['ctl', 'stop', 'web']);
    expect(stop.code, stop.stderr).toBe(0);
    await expect(getOnNewConnection(port)).rejects.toThrow(/ECONNREFUSED/);
    const start = await h.runToEnd(['ctl', 'start', 'web']);
    expect(start.code, start.stderr).toBe(0);
    await h.rememberPrograms();
    expect(await getOnNewConnection(port)).toMatch(/^hello from \d+/);
  });
});
