import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';
import { rssKb } from '../reliability/fault-helpers.js';

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const ROUND = 100;

describe('many ctl clients at once', () => {
  // A round is 100 Node processes: ~10 s of CPU on a 2-core machine.
  it('100 concurrent ctl status calls while processes restart all answer, and the daemon does not grow', { timeout: 180_000 }, async () => {
    // sleep, not node: a flapping node program would eat a core on a small machine.
    const flapper = 'sleep 0.2';
    h.writeConfig(
      `programs:\n  idle:\n    command: sleep 1000\n    numprocs: 8\n    startsecs: 0\n` +
        `  flap:\n    command: ${flapper}\n    numprocs: 2\n    startsecs: 0\n    autorestart: true\n    startretries: infinite\n`,
    );
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const daemon = started.pid!;
    await waitFor('idle RUNNING', async () => JSON.parse((await h.runToEnd(['ctl', 'status', '--json', 'idle'])).stdout).every((p: { state: string }) => p.state === 'RUNNING'));
    await h.rememberPrograms();

    const round = async () => {
      const results = await Promise.all(Array.from({ length: ROUND }, () => h.runToEnd(['ctl', 'status', '--json'])));
      for (const result of results) {
        // 3: a flapping process was between runs; still a full answer.
        expect([0, 3], result.stderr).toContain(result.code);
        expect(JSON.parse(result.stdout)).toHaveLength(10);
      }
    };
    const restartsOf = async () => (JSON.parse((await h.runToEnd(['ctl', 'status', '--json', 'flap'])).stdout) as { restarts: number }[]).reduce((sum, p) => sum + p.restarts, 0);

    await round(); // warm-up: the heap grows to its working size
    const baseline = rssKb(daemon);
    const restartsBefore = await restartsOf();
    await round();
    expect(await restartsOf()).toBeGreaterThan(restartsBefore); // they really were restarting meanwhile
    // Nothing is kept per client: memory comes back to the warm level.
    await waitFor(`daemon RSS back near ${baseline} kB`, () => rssKb(daemon) <= baseline + 10 * 1024, 30_000, 250);
    const info = JSON.parse((await h.runToEnd(['ctl', 'pid', '--json'])).stdout);
    expect(info.pid).toBe(daemon);
  });
});
