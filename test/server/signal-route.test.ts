import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_IMPLEMENTATIONS, ControlHarness } from '../helpers/control-harness.js';
import { fixture, makeProgram } from '../helpers/engine-harness.js';
import { readSignalRecords, readyCount } from '../helpers/signal-record.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * `signal` through both SupervisorApi implementations, against a program
 * that forks a child and writes down every signal each pid receives.
 */

let h: ControlHarness;
afterEach(async () => {
  await h?.cleanup();
});

async function serveRecorder(): Promise<string> {
  h = new ControlHarness();
  const file = path.join(h.dir, 'signals.log');
  await h.serve([makeProgram('rec', fixture('records-signals.mjs', file, 1), { reloadSignal: 'HUP' })]);
  await waitFor('main and child ready', () => readyCount(file).main === 1 && readyCount(file).child === 1);
  return file;
}

const received = (file: string, signal: string) =>
  readSignalRecords(file)
    .filter((r) => r.what === signal)
    .map((r) => r.role);

describe.each(API_IMPLEMENTATIONS)('signal and reload %s', (_name, apiOf) => {
  it('signal reaches the main pid; with group: the child too; reload sends reload_signal', async () => {
    const file = await serveRecorder();
    const api = apiOf(h);
    const pid = h.pids()['rec:rec'];
    expect(await api.signal('USR1', ['rec'])).toEqual([{ name: 'rec:rec', ok: true, state: 'RUNNING', message: 'sent SIGUSR1' }]);
    expect(await api.signal('USR2', ['rec'], { group: true })).toEqual([{ name: 'rec:rec', ok: true, state: 'RUNNING', message: 'sent SIGUSR2 to its process group' }]);
    await waitFor('USR2 at both', () => received(file, 'SIGUSR2').length === 2);
    // USR1 was sent first: had it reached the child, the child would have written it before USR2.
    expect(received(file, 'SIGUSR1')).toEqual(['main']);
    expect(await api.reload(['rec'])).toEqual([{ name: 'rec:rec', ok: true, state: 'RUNNING', message: 'sent SIGHUP' }]);
    await waitFor('HUP at the main process', () => received(file, 'SIGHUP').length === 1);
    expect(received(file, 'SIGHUP')).toEqual(['main']);
    expect(h.pids()['rec:rec']).toBe(pid);
  });
});

describe('POST /v1/processes/signal', () => {
  it('takes group: true, and refuses a group that is not a boolean', async () => {
    const file = await serveRecorder();
    const grouped = await h.http('POST', '/v1/processes/signal', { signal: 'INT', patterns: ['rec'], group: true });
    expect(grouped.json.results[0]).toMatchObject({ ok: true, message: 'sent SIGINT to its process group' });
    await waitFor('INT at both', () => received(file, 'SIGINT').length === 2);
    const bad = await h.http('POST', '/v1/processes/signal', { signal: 'HUP', patterns: ['rec'], group: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toEqual({ code: 'BAD_REQUEST', message: 'group: expected true or false, got "yes"' });
    expect(received(file, 'SIGHUP')).toEqual([]);
  });
});
