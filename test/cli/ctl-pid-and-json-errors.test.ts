import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * `ctl pid` in the order asked, and `--json` errors, against a real
 * `drover --daemon` driven by the built `drover ctl`.
 */

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

// Declared in the opposite order to the one the tests ask in, so the supervisor's own order cannot pass for it.
const config = [
  'programs:',
  '  idle:',
  '    command: sleep 1002',
  '    autostart: false',
  '  worker:',
  '    command: sleep 1001',
  '    numprocs: 2',
  '    startsecs: 0',
  '  web:',
  '    command: sleep 1000',
  '    startsecs: 0',
  '',
].join('\n');

const ctl = (...args: string[]) => h.runToEnd(['ctl', ...args]);

async function startAndWaitRunning(): Promise<Record<string, number | null>> {
  h.writeConfig(config);
  const started = await h.startDaemon();
  expect(started.code, started.stderr).toBe(0);
  await waitFor('web and both workers RUNNING', async () => {
    const list = JSON.parse((await ctl('status', '--json', 'web', 'worker')).stdout) as Array<{ state: string }>;
    return list.length === 3 && list.every((p) => p.state === 'RUNNING');
  });
  return h.rememberPrograms();
}

describe('ctl pid', () => {
  it('prints pids in the order asked, NAME PID for more than one process, NAME - for one not running', async () => {
    const pids = await startAndWaitRunning();
    const one = await ctl('pid', 'web');
    expect(one).toMatchObject({ code: 0, stdout: String(pids['web:web']) });

    const several = await ctl('pid', 'web', 'worker');
    expect(several.code).toBe(0);
    expect(several.stdout.split('\n')).toEqual([`web:web ${pids['web:web']}`, `worker:worker_00 ${pids['worker:worker_00']}`, `worker:worker_01 ${pids['worker:worker_01']}`]);

    const reversed = await ctl('pid', 'worker:worker_01', 'idle', 'web');
    expect(reversed.code).toBe(7);
    expect(reversed.stdout.split('\n')).toEqual([`worker:worker_01 ${pids['worker:worker_01']}`, 'idle:idle -', `web:web ${pids['web:web']}`]);
    expect(reversed.stderr).toBe('drover: idle:idle is not running (STOPPED)\n');

    const json = await ctl('pid', '--json', 'worker:worker_01', 'idle', 'web');
    expect(json.code).toBe(7);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toEqual([
      { name: 'worker:worker_01', pid: pids['worker:worker_01'] },
      { name: 'idle:idle', pid: null },
      { name: 'web:web', pid: pids['web:web'] },
    ]);

    // As before: a single stopped process prints no pid, so `kill $(drover ctl pid idle)` cannot become `kill 0`.
    expect(await ctl('pid', 'idle')).toMatchObject({ code: 7, stdout: '', stderr: 'drover: idle:idle is not running (STOPPED)\n' });
  });
});

describe('ctl --json errors', () => {
  /** The same command with and without --json: one JSON error line on stdout, nothing on stderr, the same exit code. */
  async function expectJsonError(args: string[], code: string, message: RegExp, exit: number): Promise<void> {
    const plain = await ctl(...args);
    expect(plain.code, plain.stderr).toBe(exit);
    expect(plain.stderr).toMatch(message);
    const json = await ctl(...args, '--json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(exit);
    expect(json.stdout.split('\n')).toHaveLength(1);
    const body = JSON.parse(json.stdout) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
  }

  it('bad usage, an unreachable supervisor, a name that matches nothing and a bad signal', async () => {
    // The config names a socket in the temp folder: nothing answers there until the daemon starts.
    h.writeConfig(config);
    await expectJsonError(['scale', 'web'], 'USAGE', /scale needs a PROGRAM and a count/, 2);
    await expectJsonError(['stauts'], 'USAGE', /unknown ctl verb: stauts; did you mean status\?/, 2);
    await expectJsonError(['status', '--bogus'], 'USAGE', /unknown option: --bogus/, 2);
    await expectJsonError(['status'], 'UNREACHABLE', /no supervisor answers at .*drover\.sock/, 4);
    await startAndWaitRunning();
    await expectJsonError(['stop', 'nosuch'], 'NO_MATCH', /nosuch/, 1);
    await expectJsonError(['status', 'nosuch'], 'NO_MATCH', /nosuch/, 4);
    await expectJsonError(['signal', 'BOGUS', 'web'], 'BAD_SIGNAL', /BOGUS/, 1);
  });
});
