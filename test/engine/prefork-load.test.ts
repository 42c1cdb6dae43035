import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from '../helpers/engine-harness.js';
import { killWorkerUnderLoad, LOAD_CLIENTS, reloadUnderLoad, startLoadedApp } from '../helpers/prefork-load.js';

let h: EngineHarness;
let stopLoad: (() => Promise<unknown>) | null = null;
afterEach(async () => {
  await stopLoad?.();
  stopLoad = null;
  await h?.cleanup();
});

describe('prefork under load (built-in runtime, 50 keep-alive clients)', () => {
  it('a rolling reload of 4 workers fails no request', async () => {
    h = new EngineHarness();
    const app = await startLoadedApp(h);
    stopLoad = app.load.stop;
    await reloadUnderLoad(app);
    const final = await app.load.stop();
    stopLoad = null;
    expect(final.failed, final.errors.join('\n')).toBe(0);
    expect(final.non2xx).toBe(0);
  });

  it('a worker killed with SIGKILL mid-load fails at most the requests it had accepted', async () => {
    h = new EngineHarness();
    const app = await startLoadedApp(h);
    stopLoad = app.load.stop;
    const round = await killWorkerUnderLoad(app);
    const final = await app.load.stop();
    stopLoad = null;
    // Each client has one request in flight on one connection; only the victim's connections can fail.
    expect(final.failed).toBeLessThanOrEqual(LOAD_CLIENTS);
    expect(final.failed).toBeLessThanOrEqual(round.clientsOnVictim);
    expect(
      final.failedAfter.every((answer) => answer === `hello from ${round.victim}\n`),
      final.failedAfter.join(''),
    ).toBe(true);
    expect(final.non2xx).toBe(0);
  });
});
