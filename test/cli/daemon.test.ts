import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpRequest } from '../helpers/control-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const twoPrograms = 'programs:\n  web:\n    command: sleep 1000\n    numprocs: 2\n    startsecs: 0\n  worker:\n    command: sleep 1001\n    startsecs: 0\n';

describe('drover --daemon', () => {
  it('detaches, returns 0 once the socket answers, and stops everything on shutdown', async () => {
    h.writeConfig(twoPrograms);
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/supervisor running, pid \d+, control socket .*run\/drover\.sock/);
    const pid = started.pid!;
    expect(h.pidfile()).toBe(pid);
    // Its own session, so the terminal's hangup does not reach it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    expect(Number(fields[3])).toBe(pid); // session id
    expect(statSync(h.socket).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(h.socket)).mode & 0o777).toBe(0o700);

    const pids = await waitFor('3 RUNNING', async () => {
      const all = await h.rememberPrograms();
      return Object.values(all).every((p) => p !== null) && Object.keys(all).length === 3 ? all : null;
    });
    for (const p of Object.values(pids)) expect(isAlive(p!)).toBe(true);
    // The supervisor's own log gets its state lines.
    await waitFor('state lines in drover.log', () => /web:web_00 STARTING -> RUNNING/.test(readFileSync(path.join(h.dir, 'logs', 'drover.log'), 'utf8')));

    const answer = await httpRequest(h.socket, 'POST', '/v1/shutdown');
    expect(answer.status).toBe(200);
    for (const p of Object.values(pids)) expect(isAlive(p!)).toBe(false);
    await waitFor('the daemon to exit', () => !isAlive(pid));
    expect(existsSync(h.socket)).toBe(false);
    expect(h.pidfile()).toBeNull();
  });

  it('refuses a bad config with file:line:col and starts nothing', async () => {
    h.writeConfig('programs:\n  web:\n    command: sleep 1000\n    numprocs: lots\n');
    const started = await h.startDaemon();
    expect(started.code).toBe(1);
    expect(started.stderr).toContain('programs.yaml:4:15: programs.web.numprocs');
    expect(existsSync(h.socket)).toBe(false);
    expect(h.pidfile()).toBeNull();
  });

  it('refuses to start a second supervisor on the same socket', async () => {
    h.writeConfig(twoPrograms);
    const first = await h.startDaemon();
    expect(first.code, first.stderr).toBe(0);
    const second = await h.startDaemon();
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`another drover \\(pid ${first.pid}\\) is already running on .*drover\\.sock`));
    expect(isAlive(first.pid!)).toBe(true);
    expect(h.pidfile()).toBe(first.pid);
  });

  it('refuses a socket folder other users can write to, naming it', async () => {
    const shared = path.join(h.dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    h.writeConfig(`supervisor:\n  socket: shared/drover.sock\n${twoPrograms}`);
    const started = await h.startDaemon();
    expect(started.code).toBe(1);
    expect(started.stderr).toMatch(/refusing to put the control socket in .*shared: other users can write to it \(mode 0777\)/);
    expect(h.pidfile()).toBeNull();
  });

  it('replaces the stale socket of a SIGKILLed supervisor and adopts the programs it kept running', async () => {
    h.writeConfig(twoPrograms);
    const first = await h.startDaemon();
    expect(first.code, first.stderr).toBe(0);
    const orphans = await waitFor('programs up', async () => {
      const all = await h.rememberPrograms();
      return Object.values(all).every((p) => p !== null) ? (Object.values(all) as number[]) : null;
    });
    process.kill(first.pid!, 'SIGKILL');
    await waitFor('the daemon to die', () => !isAlive(first.pid!));
    expect(statSync(h.socket).isSocket()).toBe(true); // left behind

    const second = await h.startDaemon();
    expect(second.code, second.stderr).toBe(0);
    expect(second.pid).not.toBe(first.pid);
    const info = await httpRequest(h.socket, 'GET', '/v1/info');
    expect(info.json.pid).toBe(second.pid);
    const adopted = Object.values(await h.rememberPrograms()) as number[];
    expect(adopted.sort()).toEqual(orphans.sort());
    for (const pid of orphans) expect(isAlive(pid)).toBe(true);
  });

  it('--daemon --foreground stays attached, serves the socket, and exits 0 on SIGTERM', async () => {
    h.writeConfig(twoPrograms);
    const cli = h.run(['--daemon', '--foreground', '-c', 'programs.yaml']);
    await cli.waitForLine(/control socket .*drover\.sock/);
    const info = await waitFor('the socket to answer', () => httpRequest(h.socket, 'GET', '/v1/info').catch(() => null));
    expect(info.json.pid).toBe(cli.pid);
    const pids = Object.values(await h.rememberPrograms()).filter((p): p is number => p !== null);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    for (const p of pids) expect(isAlive(p)).toBe(false);
    expect(existsSync(h.socket)).toBe(false);
  });
});
