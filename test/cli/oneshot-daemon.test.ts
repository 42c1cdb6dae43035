import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/import-file.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * A Procfile's release step as drover imports it: a one-shot that web
 * depends_on. Against a real daemon: what `ctl status`, `ctl start` and
 * drover.log say when it is done and when it fails.
 */

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const ctl = (...args: string[]) => h.runToEnd(['ctl', ...args]);
const config = (release: string) =>
  [
    'programs:',
    '  release:',
    '    type: oneshot',
    `    command: sh -c '${release}'`,
    '    startretries: 0',
    '  web:',
    '    command: sleep 1000',
    '    depends_on: [release]',
    '',
  ].join('\n');
const states = async () => Object.fromEntries((JSON.parse((await ctl('status', '--json')).stdout) as { name: string; state: string }[]).map((p) => [p.name, p.state]));

describe('a one-shot under the daemon', () => {
  it('is done, not stopped: ctl status exits 0 once web runs after it', async () => {
    h.writeConfig(config('sleep 0.3; exit 0'));
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    await waitFor('web RUNNING after release', async () => (await states())['web:web'] === 'RUNNING');
    const status = await ctl('status');
    expect(status.stdout).toMatch(/release:release\s+EXITED .*done \(exit status 0\)/);
    expect(status.code, status.stdout).toBe(0);
  });

  it('when it fails, web is not started, and ctl start and drover.log say why', async () => {
    h.writeConfig(config('sleep 0.3; exit 3'));
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const log = () => readFileSync(path.join(h.dir, 'logs', 'drover.log'), 'utf8');
    await waitFor('the reason in drover.log', () => /web:web not started: release:release failed \(exit status 3\); gave up after 1 failed start/.test(log()), 30_000);
    expect(await states()).toEqual({ 'release:release': 'FATAL', 'web:web': 'STOPPED' });
    expect((await ctl('status')).code).toBe(3);

    // ctl start web runs the release again; it fails again, and the answer says so instead of hanging.
    const start = await ctl('start', 'web');
    expect(`${start.stdout}${start.stderr}`).toContain('web:web: ERROR STOPPED (not started: release:release failed (exit status 3); gave up after 1 failed start)');
    expect(start.code).toBe(7);
  });

  it('runs an imported Procfile release before web, as Heroku does', async () => {
    const procfile = path.join(h.dir, 'Procfile');
    writeFileSync(procfile, ['web: test -f released && exec sleep 1000', 'release: sleep 0.3 && touch released', ''].join('\n'));
    const imported = await importFile(procfile, { prefork: false });
    if (!imported.ok) throw new Error(imported.errors.map((e) => e.message).join('; '));
    h.writeConfig(imported.yaml);
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    await waitFor('web RUNNING after release', async () => (await states())['web:web'] === 'RUNNING', 30_000);
    expect(await states()).toEqual({ 'web:web': 'RUNNING', 'release:release': 'EXITED' });
    // A web started before the release finished would have failed its test and been started again.
    const web = (JSON.parse((await ctl('status', '--json', 'web')).stdout) as { restarts: number }[])[0]!;
    expect(web.restarts).toBe(0);
    expect((await ctl('status')).code).toBe(0);
  });
});
