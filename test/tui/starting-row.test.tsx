import { afterEach, describe, expect, it } from 'vitest';
import type { SupervisorApi } from '../../src/api/supervisor-api.js';
import { API_IMPLEMENTATIONS, ControlHarness } from '../helpers/control-harness.js';
import { makeProgram } from '../helpers/engine-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';
import { lineWith, renderView, type RenderedView } from './render-view.js';

/**
 * A real process in STARTING (startsecs: 5): the engine names its pid from the
 * moment the child exists, and the view's row shows that pid and a running uptime.
 */

let h: ControlHarness | null = null;
let view: RenderedView<SupervisorApi> | null = null;
afterEach(async () => {
  view?.unmount();
  view = null;
  await h?.cleanup();
  h = null;
});

describe.each(API_IMPLEMENTATIONS)('a STARTING row, %s', (_name, apiOf) => {
  it('shows the pid of the child being started and its uptime', async () => {
    h = new ControlHarness();
    await h.serve([makeProgram('slow', ['sleep', '1000'], { startsecsMs: 5000 })]);
    const pid = await waitFor('the child to exist', () => h!.supervisor.list()[0]!.pid);
    expect(isAlive(pid)).toBe(true);
    const [status] = await apiOf(h).status();
    expect(status).toMatchObject({ state: 'STARTING', pid });

    view = await renderView(apiOf(h));
    const frame = await view.waitForFrame('an uptime of 1s or more on the STARTING row', (f) => /STARTING\s+\d+\s+\S+\s+\S+\s+[1-4]s/.test(lineWith(f, '  slow ') ?? ''));
    expect(lineWith(frame, '  slow ')).toMatch(new RegExp(`slow\\s+STARTING\\s+${pid}\\s`));
    expect(h.supervisor.list()[0]!.state).toBe('STARTING');
  });
});
