import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpRequest } from '../helpers/control-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { FIXTURES } from '../helpers/cli-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * drover.log says why each state changed and which pid it was about, with the
 * facts supervisord's log gives for the same events: `spawned: 'x' with pid N`,
 * `exited: x (exit status 3; not expected)`, `gave up: x entered FATAL state`,
 * `stopped: x (terminated by SIGTERM)`. And every line has a timestamp.
 */

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const exitWith = (code: number, afterMs = 0) => `${process.execPath} ${path.join(FIXTURES, 'exit-with.mjs')} ${code} ${afterMs}`;
const STAMP = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}`;

describe('drover.log', () => {
  it('names the pid and the reason of every state change, and stamps every line', async () => {
    h.writeConfig(
      [
        'programs:',
        '  flaky:',
        `    command: ${exitWith(3, 1500)}`,
        '    startsecs: 1',
        '  fast:',
        `    command: ${exitWith(7)}`,
        '    startsecs: 1',
        '    startretries: 0',
        '  ghost:',
        '    command: /no/such/command',
        '    startretries: 0',
        '  idle:',
        '    command: sleep 1000',
        '    startsecs: 0',
        '    stopsignal: INT',
        '    stopwaitsecs: 7',
        // Valid but ignored: the config warning must be a stamped log line too.
        '    redirect_stderr: true',
        '    stderr_logfile: idle.err',
        '',
      ].join('\n'),
    );
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const logFile = path.join(h.dir, 'logs', 'drover.log');
    const log = () => readFileSync(logFile, 'utf8');
    const line = (re: RegExp) =>
      waitFor(
        `a line matching ${re}`,
        () =>
          log()
            .split('\n')
            .find((l) => re.test(l)),
        30_000,
      );

    // A crash after RUNNING: the pid that died, its exit status, and that it was not expected; then the new pid.
    const spawned = await line(/flaky:flaky STOPPED -> STARTING pid=\d+ \(starting\)$/);
    const firstPid = /pid=(\d+)/.exec(spawned)![1];
    await line(new RegExp(`flaky:flaky STARTING -> RUNNING pid=${firstPid} \\(`));
    await line(new RegExp(`flaky:flaky RUNNING -> EXITED pid=${firstPid} \\(exit status 3; not expected\\)$`));
    const again = await line(/flaky:flaky EXITED -> STARTING pid=\d+ \(autorestart\)$/);
    expect(/pid=(\d+)/.exec(again)![1]).not.toBe(firstPid);

    // A failed start: the pid that died too quickly and its status, then how many tries it gave up after.
    const fastStart = await line(/fast:fast STOPPED -> STARTING pid=\d+/);
    const fastPid = /pid=(\d+)/.exec(fastStart)![1];
    await line(new RegExp(`fast:fast STARTING -> BACKOFF pid=${fastPid} \\(exited too quickly \\(exit status 7\\); no retries left\\)$`));
    await line(/fast:fast BACKOFF -> FATAL \(exited too quickly \(exit status 7\); gave up after 1 failed start\)$/);

    // A spawn error: no pid, the cause instead.
    await line(/ghost:ghost STARTING -> BACKOFF \(spawn failed: command not found: \/no\/such\/command does not exist; no retries left\)$/);
    await line(/ghost:ghost BACKOFF -> FATAL \(spawn failed: .*; gave up after 1 failed start\)$/);

    // A stop: the signal and the deadline, then how it ended.
    const idleStart = await line(/idle:idle STARTING -> RUNNING pid=\d+/);
    const idlePid = Number(/pid=(\d+)/.exec(idleStart)![1]);
    expect((await httpRequest(h.socket, 'POST', '/v1/processes/stop', JSON.stringify({ patterns: ['idle'] }))).status).toBe(200);
    await line(new RegExp(`idle:idle RUNNING -> STOPPING pid=${idlePid} \\(stopping with SIGINT, SIGKILL after 7s\\)$`));
    await line(new RegExp(`idle:idle STOPPING -> STOPPED pid=${idlePid} \\(stopped \\(killed by SIGINT\\)\\)$`));
    expect(isAlive(idlePid)).toBe(false);

    const warning = await line(/stderr_logfile/);
    expect(warning).toMatch(new RegExp(`^${STAMP} drover warn: `));
    await line(/drover: pid \d+, supervising/);
    for (const l of log()
      .split('\n')
      .filter((l) => l !== ''))
      expect(l, 'every line starts with a timestamp').toMatch(new RegExp(`^${STAMP} `));
  });
});
