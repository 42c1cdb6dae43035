import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Supervisor } from '../../src/engine/supervisor.js';
import { EngineHarness, fixture, makeProgram } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * supervisord's variables, which existing programs read (to name Celery
 * workers, say): SUPERVISOR_ENABLED, SUPERVISOR_PROCESS_NAME and
 * SUPERVISOR_GROUP_NAME, with the values supervisord 4.2.5 gives them.
 */

let h: EngineHarness;
const inherited = { SUPERVISOR_SERVER_URL: process.env.SUPERVISOR_SERVER_URL, SUPERVISOR_PROCESS_NAME: process.env.SUPERVISOR_PROCESS_NAME };
beforeEach(() => {
  h = new EngineHarness();
});
afterEach(async () => {
  await h.cleanup();
  for (const [key, value] of Object.entries(inherited)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

async function envOf(s: Supervisor, name: string): Promise<Record<string, string>> {
  const line = await waitFor(`${name}'s environment`, () => s.tail(name, 5).find((l) => l.startsWith('{')));
  return (JSON.parse(line) as { env: Record<string, string> }).env;
}

describe('supervisord environment variables', () => {
  it('names the process and its group as supervisord does, and leaves no supervisorctl URL pointing elsewhere', async () => {
    // drover itself run under supervisord inherits these; its programs must not see that supervisord's values.
    process.env.SUPERVISOR_SERVER_URL = 'unix:///run/outer-supervisord.sock';
    process.env.SUPERVISOR_PROCESS_NAME = 'drover';
    const s = await h.start(
      [
        makeProgram('solo', fixture('print-env.mjs')),
        makeProgram('worker', fixture('print-env.mjs'), { numprocs: 2 }),
        makeProgram('grouped', fixture('print-env.mjs')),
        makeProgram('custom', fixture('print-env.mjs'), { environment: { SUPERVISOR_GROUP_NAME: 'mine' } }),
      ],
      { backend: ['grouped'] },
    );
    const supervisorVars = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('SUPERVISOR_')));

    expect(supervisorVars(await envOf(s, 'solo:solo'))).toEqual({ SUPERVISOR_ENABLED: '1', SUPERVISOR_PROCESS_NAME: 'solo', SUPERVISOR_GROUP_NAME: 'solo' });
    expect(supervisorVars(await envOf(s, 'worker:worker_01'))).toEqual({ SUPERVISOR_ENABLED: '1', SUPERVISOR_PROCESS_NAME: 'worker_01', SUPERVISOR_GROUP_NAME: 'worker' });
    expect(supervisorVars(await envOf(s, 'grouped:grouped'))).toEqual({ SUPERVISOR_ENABLED: '1', SUPERVISOR_PROCESS_NAME: 'grouped', SUPERVISOR_GROUP_NAME: 'backend' });
    // As in supervisord, the program's own environment comes last and wins.
    expect((await envOf(s, 'custom:custom')).SUPERVISOR_GROUP_NAME).toBe('mine');
    expect((await envOf(s, 'worker:worker_01')).DROVER_PROCESS_NAME).toBe('worker_01');
  });
});
