import { afterEach, describe, expect, it } from 'vitest';
import { API_IMPLEMENTATIONS, ControlHarness } from '../helpers/control-harness.js';
import { makeProgram } from '../helpers/engine-harness.js';
import { freePort } from '../helpers/free-port.js';
import { HELLO_APP, preforkConfig } from '../helpers/prefork.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * What the view's COMMAND and PORT/READY columns and its program details read
 * from info(), and what an `app:` worker's details say it runs, with real
 * processes through both API implementations.
 */

let h: ControlHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

describe.each(API_IMPLEMENTATIONS)('program facts, %s', (_name, apiOf) => {
  it("info lists each program's command, process count, bind and readiness probe; an app: worker's details name the worker runtime", async () => {
    const port = await freePort();
    h = new ControlHarness();
    await h.serve([
      makeProgram('web', [], {
        numprocs: 2,
        processName: '%(program_name)s_%(process_num)02d',
        prefork: preforkConfig(port, { app: HELLO_APP, readyWhenLog: null }),
      }),
      makeProgram('idle', ['sleep', '1000'], {
        readiness: {
          check: { kind: 'tcp', host: '127.0.0.1', port },
          source: { file: 'test.yaml', line: 1, column: 1 },
          initialDelayMs: 0,
          periodMs: 200,
          timeoutMs: 1000,
          successThreshold: 1,
          failureThreshold: 3,
          startTimeoutMs: 30_000,
        },
      }),
    ]);
    await waitFor('every process RUNNING', () => h!.supervisor.list().every((p) => p.state === 'RUNNING'));
    const api = apiOf(h);
    const info = await api.info();
    expect(info.programs).toEqual([
      { name: 'web', command: `app ${HELLO_APP}`, processes: 2, bind: [`127.0.0.1:${port}`], readiness: null },
      { name: 'idle', command: 'sleep 1000', processes: 1, bind: [], readiness: `tcp 127.0.0.1:${port}` },
    ]);
    const worker = await api.details('web:web_00');
    expect(worker.command).toEqual([process.execPath, expect.stringMatching(/worker-runtime\/worker-main\.js$/), HELLO_APP]);
    expect(worker.user).toBeNull();
  });
});
