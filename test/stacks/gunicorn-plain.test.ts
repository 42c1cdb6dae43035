import { afterEach, beforeEach, describe, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { checkGracefulUnderLoad, checkMasterKilled, checkStopLeavesNothing, checkWorkerCount } from '../helpers/gunicorn-checks.js';
import { type ConfigForm, startGunicornStack } from '../helpers/gunicorn-project.js';

/**
 * gunicorn as a plain program (not prefork): a real drover daemon runs
 * `gunicorn -c gunicorn.conf.py app:app`, whose master forks WEB_CONCURRENCY
 * sync workers and runs server hooks. The same checks run on the programs.yaml
 * a user writes and on what `drover import` makes of their supervisord.conf.
 */

const FORMS: ConfigForm[] = ['programs.yaml', 'imported supervisord.conf'];
const SLOW = 180_000;

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

describe.each(FORMS)('gunicorn as a plain program, from %s', (form) => {
  it(
    'runs WEB_CONCURRENCY workers under the master, and the server hooks once each',
    async () => {
      await checkWorkerCount(await startGunicornStack(h, form));
    },
    SLOW,
  );

  it(
    '`ctl signal HUP web` under load: no failed request, same master, all workers new',
    async () => {
      await checkGracefulUnderLoad(await startGunicornStack(h, form), ['signal', 'HUP', 'web']);
    },
    SLOW,
  );

  it(
    '`ctl reload web` with reload_signal: HUP does the same',
    async () => {
      await checkGracefulUnderLoad(await startGunicornStack(h, form, { reloadSignal: true }), ['reload', 'web']);
    },
    SLOW,
  );

  it(
    '`ctl stop web` leaves no process and a refused port',
    async () => {
      await checkStopLeavesNothing(await startGunicornStack(h, form));
    },
    SLOW,
  );

  it(
    'SIGKILL of the master: its workers go, and the restarted master binds the port and serves',
    async () => {
      await checkMasterKilled(await startGunicornStack(h, form));
    },
    SLOW,
  );
});
