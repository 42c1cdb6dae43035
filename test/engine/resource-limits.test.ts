import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessStatus } from '../../src/api/supervisor-api.js';
import type { Supervisor } from '../../src/engine/supervisor.js';
import { EngineHarness, fixture, makeProgram } from '../helpers/engine-harness.js';
import { freePort } from '../helpers/free-port.js';
import { preforkConfig } from '../helpers/prefork.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/** max_memory and max_cpu against real processes: one that leaks, one that spins. */

let h: EngineHarness;
beforeEach(() => {
  h = new EngineHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const MB = 1024 * 1024;
const FAST_STATS = { statsIntervalMs: 200 };
const info = (s: Supervisor, name: string): ProcessStatus => s.list().find((p) => p.name === name)!;
const messages = () => h.events.flatMap((e) => (e.kind === 'supervisor' ? [e.message] : []));
const runningPid = (s: Supervisor, name: string) => waitFor(`${name} RUNNING`, () => (info(s, name).state === 'RUNNING' ? info(s, name).pid : null));

describe('resource limits', () => {
  it('restarts a process whose whole tree goes over max_memory, logging the figures; one under its limit is left alone', async () => {
    const s = await h.start(
      [makeProgram('leak', fixture('leak-memory.mjs', 20, 100), { maxMemoryBytes: 150 * MB }), makeProgram('calm', ['sleep', '1000'], { maxMemoryBytes: 150 * MB })],
      {},
      FAST_STATS,
    );
    const first = await runningPid(s, 'leak:leak');
    const calm = await runningPid(s, 'calm:calm');
    const reason = await waitFor('the max_memory message', () => messages().find((m) => m.includes('max_memory')));
    expect(reason).toMatch(new RegExp(`^leak:leak \\(pid ${first}\\) uses \\d+\\.\\dM \\(whole tree\\), over its max_memory of 150\\.0M: replacing it$`));
    const used = Number(/uses (\d+\.\d)M/.exec(reason)![1]);
    expect(used).toBeGreaterThan(150);
    await waitFor('a new leak process', () => info(s, 'leak:leak').state === 'RUNNING' && info(s, 'leak:leak').pid !== first);
    expect(isAlive(first)).toBe(false);
    expect(info(s, 'calm:calm')).toMatchObject({ pid: calm, restarts: 0 });
  });

  it('restarts a process whose CPU averaged over max_cpu for the whole window, not at the first busy sample', async () => {
    const s = await h.start([makeProgram('spin', fixture('busy-loop.mjs'), { maxCpu: { percent: 40, windowMs: 1500 } })], {}, FAST_STATS);
    const first = await runningPid(s, 'spin:spin');
    const startedAt = Date.now();
    const reason = await waitFor('the max_cpu message', () => messages().find((m) => m.includes('max_cpu')));
    // A full window of samples first: a burst shorter than the window restarts nothing.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1200);
    expect(reason).toMatch(new RegExp(`^spin:spin \\(pid ${first}\\) averaged \\d+\\.\\d% CPU \\(whole tree\\) over \\ds, over its max_cpu of 40%: replacing it$`));
    expect(Number(/averaged (\d+\.\d)%/.exec(reason)![1])).toBeGreaterThan(40);
    await waitFor('a new spin process', () => info(s, 'spin:spin').state === 'RUNNING' && info(s, 'spin:spin').pid !== first);
  });

  it('a prefork worker over max_memory is replaced after its replacement is ready, so the program never drops a worker', async () => {
    const port = await freePort();
    const app = fileURLToPath(new URL('../fixtures/apps/leaky.mjs', import.meta.url));
    const s = await h.start(
      [
        makeProgram('web', [], {
          numprocs: 1,
          processName: '%(program_name)s_%(process_num)02d',
          autorestart: true,
          maxMemoryBytes: 150 * MB,
          prefork: preforkConfig(port, { app }),
        }),
      ],
      {},
      FAST_STATS,
    );
    const old = await runningPid(s, 'web:web_00');
    await waitFor('web_00 removed', () => h.events.some((e) => e.kind === 'processRemoved' && e.process.name === 'web:web_00'));
    const order = h.events.flatMap((e) => {
      if (e.kind === 'state' && e.process.name === 'web:web_01' && e.process.state === 'RUNNING') return ['new RUNNING'];
      if (e.kind === 'state' && e.process.name === 'web:web_00' && e.process.state === 'STOPPING') return ['old STOPPING'];
      return [];
    });
    expect(order.slice(0, 2)).toEqual(['new RUNNING', 'old STOPPING']);
    expect(messages().some((m) => m.startsWith(`web:web_00 (pid ${old}) uses`))).toBe(true);
    expect(isAlive(old)).toBe(false);
  });
});
