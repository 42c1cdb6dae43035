import { afterEach, describe, expect, it } from 'vitest';
import type { ProgramConfig } from '../../src/config/types.js';
import { freePort } from '../helpers/free-port.js';
import { HELLO_APP, preforkConfig } from '../helpers/prefork.js';
import { EngineHarness, makeProgram } from '../helpers/engine-harness.js';
import { startLoad } from '../helpers/load-clients.js';
import { waitFor } from '../helpers/wait-for.js';

let h: EngineHarness;
let stopLoad: (() => Promise<unknown>) | null = null;
afterEach(async () => {
  await stopLoad?.();
  stopLoad = null;
  await h?.cleanup();
});

function appProgram(port: number, workers: number): ProgramConfig {
  return makeProgram('web', [], {
    numprocs: workers,
    processName: '%(program_name)s_%(process_num)02d',
    autorestart: true,
    startsecsMs: 0,
    stopwaitsecsMs: 15_000,
    prefork: preforkConfig(port, { app: HELLO_APP, gracefulTimeoutMs: 10_000 }),
  });
}

describe('prefork under load (built-in runtime, 50 keep-alive clients)', () => {
  it('a rolling reload of 4 workers fails no request', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const supervisor = await h.start([appProgram(port, 4)]);
    await waitFor('4 workers ready', () => supervisor.list().every((p) => p.state === 'RUNNING'));
    const before = supervisor.list().map((p) => p.pid);
    const load = startLoad(port, 50);
    stopLoad = load.stop;
    await waitFor('load flowing', () => load.result.ok > 500);
    const results = await supervisor.reloadProcesses(['web']);
    expect(results.every((r) => r.ok), JSON.stringify(results)).toBe(true);
    const okAtReloadEnd = load.result.ok;
    await waitFor('load still flowing after the reload', () => load.result.ok > okAtReloadEnd + 500);
    const final = await load.stop();
    stopLoad = null;
    expect(final.failed, final.errors.join('\n')).toBe(0);
    expect(final.non2xx).toBe(0);
    expect(supervisor.list().every((p) => p.state === 'RUNNING' && !before.includes(p.pid))).toBe(true);
  });

  it('a worker killed with SIGKILL mid-load fails at most the requests it had accepted', async () => {
    h = new EngineHarness();
    const port = await freePort();
    const supervisor = await h.start([appProgram(port, 4)]);
    await waitFor('4 workers ready', () => supervisor.list().every((p) => p.state === 'RUNNING'));
    const load = startLoad(port, 50);
    stopLoad = load.stop;
    await waitFor('load flowing', () => load.result.ok > 500);
    const victim = supervisor.list()[0]!.pid!;
    process.kill(victim, 'SIGKILL');
    await waitFor('replaced', () => supervisor.list()[0]!.state === 'RUNNING' && supervisor.list()[0]!.pid !== victim);
    const okAfter = load.result.ok;
    await waitFor('load flowing after', () => load.result.ok > okAfter + 500);
    const final = await load.stop();
    stopLoad = null;
    // Each client has one request in flight on one connection; only the victim's connections can fail.
    expect(final.failed).toBeLessThanOrEqual(50);
    expect(final.non2xx).toBe(0);
  });
});
