import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/cli-harness.js';
import { Exit } from '../../src/cli/ctl/exit-codes.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * End to end: a real `drover --daemon` in a temp folder, driven by the real
 * `drover ctl`, with pids checked in /proc.
 */

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const chatty = `${process.execPath} ${path.join(FIXTURES, 'chatty.mjs')} 20`;
const config = (extra = '') =>
  `programs:\n  web:\n    command: sleep 1000\n    numprocs: 2\n    startsecs: 0\n  worker:\n    command: sleep 1001\n    startsecs: 0\n  chat:\n    command: ${chatty}\n    startsecs: 0\n${extra}`;

const ctl = (...args: string[]) => h.runToEnd(['ctl', ...args]);

interface Status {
  name: string;
  state: string;
  pid: number | null;
}

async function statusJson(): Promise<Status[]> {
  const result = await ctl('status', '--json');
  return JSON.parse(result.stdout) as Status[];
}

async function startAndWaitRunning(): Promise<Record<string, number>> {
  const started = await h.startDaemon();
  expect(started.code, started.stderr).toBe(0);
  const all = await waitFor('every process RUNNING', async () => {
    const list = await statusJson();
    return list.length === 4 && list.every((p) => p.state === 'RUNNING') ? list : null;
  });
  await h.rememberPrograms();
  return Object.fromEntries(all.map((p) => [p.name, p.pid!]));
}

/** The command line of a pid, from /proc. */
const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');

describe('drover ctl against a running daemon', () => {
  it('status: a table and exit 0 when all run; --json has the SPEC keys and real pids', async () => {
    h.writeConfig(config());
    const pids = await startAndWaitRunning();
    expect(cmdline(pids['web:web_00']!)).toBe('sleep 1000');
    expect(cmdline(pids['worker:worker']!)).toBe('sleep 1001');

    const table = await ctl('status');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+STATE\s+PID/);
    expect(table.stdout).toMatch(new RegExp(`web:web_01\\s+RUNNING\\s+${pids['web:web_01']}`));

    const json = JSON.parse((await ctl('status', '--json', 'web')).stdout);
    expect(json).toHaveLength(2);
    expect(Object.keys(json[0])).toEqual(expect.arrayContaining(['name', 'program', 'group', 'state', 'pid', 'restarts', 'exitCode', 'uptimeMs', 'cpuPercent', 'rssBytes']));
    expect(json[0]).toMatchObject({ name: 'web:web_00', program: 'web', group: 'web', state: 'RUNNING', pid: pids['web:web_00'] });
  });

  it("restart 'web:*' restarts web's processes and nothing else", async () => {
    h.writeConfig(config());
    const before = await startAndWaitRunning();
    const result = await ctl('restart', 'web:*');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')).toEqual(['web:web_00: restarted', 'web:web_01: restarted']);
    const after = Object.fromEntries((await statusJson()).map((p) => [p.name, p.pid]));
    expect(isAlive(before['web:web_00']!)).toBe(false);
    expect(after['web:web_00']).not.toBe(before['web:web_00']);
    expect(after['web:web_01']).not.toBe(before['web:web_01']);
    expect(after['worker:worker']).toBe(before['worker:worker']);
    expect(after['chat:chat']).toBe(before['chat:chat']);
    await h.rememberPrograms();
  });

  it('stop makes status exit 3; start brings it back; glob patterns work', async () => {
    h.writeConfig(config());
    const before = await startAndWaitRunning();
    const stopped = await ctl('stop', 'wor*');
    expect(stopped.stdout).toBe('worker:worker: stopped');
    expect(isAlive(before['worker:worker']!)).toBe(false);
    expect((await ctl('status')).code).toBe(3);
    expect((await ctl('status', 'web')).code).toBe(0);
    const started = await ctl('start', 'worker');
    expect(started.code).toBe(0);
    expect(started.stdout).toBe('worker:worker: started');
    expect((await ctl('status')).code).toBe(0);
    await h.rememberPrograms();
  });

  it("exit codes are supervisorctl's: 1 for a pattern that matches nothing (named), 1 for an unknown signal, 7 for a failed start", async () => {
    h.writeConfig(config('  broken:\n    command: /nonexistent/binary\n    autostart: false\n    startretries: 0\n'));
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const nomatch = await ctl('restart', 'ghost');
    expect(nomatch.code).toBe(1);
    expect(nomatch.stderr).toContain("'ghost'");
    const badSignal = await ctl('signal', 'NOPE', 'web');
    expect(badSignal.code).toBe(1);
    expect(badSignal.stderr).toMatch(/unknown signal: NOPE/);
    const failed = await ctl('start', 'broken');
    expect(failed.code).toBe(7);
    expect(failed.stdout).toMatch(/^broken:broken: ERROR FATAL \(.*\/nonexistent\/binary/);
    await h.rememberPrograms();
  });

  it('start of a failing program fails at its first failed attempt and says drover keeps retrying', async () => {
    h.writeConfig(config('  flaky:\n    command: sh -c "exit 3"\n    autostart: false\n    startsecs: 1\n    startretries: 5\n'));
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const result = await ctl('start', 'flaky');
    // "5 retries left": it answered at the first failed attempt, not after the backoffs.
    expect(result.code).toBe(Exit.NOT_RUNNING);
    expect(result.stdout).toMatch(/^flaky:flaky: ERROR BACKOFF \(.*exit status 3.*5 retries left\)$/);
    await h.rememberPrograms();
  });

  it('exit 4 naming the socket when no supervisor answers', async () => {
    h.writeConfig(config());
    const result = await ctl('status');
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`no supervisor answers at ${h.socket}`);
  });

  it('signal, pid and tail reach the right process', async () => {
    h.writeConfig(config());
    const pids = await startAndWaitRunning();
    expect((await ctl('pid')).stdout).toBe(String(h.pidfile()));
    expect((await ctl('pid', 'chat')).stdout).toBe(String(pids['chat:chat']));
    await waitFor('chat ready', async () => (await ctl('tail', '-n', '200', 'chat')).stdout.includes('ready'));
    const signalled = await ctl('signal', 'USR1', 'chat');
    expect(signalled.code).toBe(0);
    await waitFor('the signal seen in its output', async () => (await ctl('tail', '-n', '50', 'chat')).stdout.includes('got SIGUSR1'));
  });

  it('tail -f follows a process with no gap', async () => {
    h.writeConfig(config());
    await startAndWaitRunning();
    const follow = h.run(['ctl', 'tail', '-f', '-n', '3', 'chat']);
    await waitFor('40 lines followed', () => follow.lines.filter((l) => l.startsWith('line ')).length >= 40);
    const numbers = follow.lines.filter((l) => l.startsWith('line ')).map((l) => Number(l.slice(5)));
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBe(numbers[i - 1]! + 1);
    follow.child.kill('SIGINT');
    expect(await follow.exited).toBe(0);
    // A program of two processes: both are read (they print nothing), not refused as ambiguous.
    const both = await ctl('tail', 'web');
    expect(both).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('scale changes numprocs live', async () => {
    h.writeConfig(config());
    await startAndWaitRunning();
    const up = await ctl('scale', 'web', '+2');
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout.split('\n')).toEqual(['web:web_02: started', 'web:web_03: started']);
    const down = await ctl('scale', 'web', '-3');
    expect(down.stdout.split('\n')).toEqual(['web:web_01: removed', 'web:web_02: removed', 'web:web_03: removed']);
    expect((await statusJson()).map((p) => p.name)).toEqual(['web:web_00', 'worker:worker', 'chat:chat']);
  });

  it('scale to 0 keeps the program listed as scaled to 0; stop is a no-op, start brings its numprocs back', async () => {
    h.writeConfig(config());
    const before = await startAndWaitRunning();
    const down = await ctl('scale', 'web', '0');
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout.split('\n')).toEqual(['web:web_00: removed', 'web:web_01: removed']);
    expect(isAlive(before['web:web_00']!)).toBe(false);

    const table = await ctl('status', 'web');
    expect(table.code).toBe(3);
    expect(table.stdout).toMatch(/^web:web_00\s+STOPPED\s+-\s+-.*scaled to 0$/m);
    const json = await ctl('status', '--json', 'web');
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ name: 'web:web_00', program: 'web', state: 'STOPPED', pid: null, scaledToZero: true })]);
    expect((await statusJson()).map((p) => p.name)).toEqual(['web:web_00', 'worker:worker', 'chat:chat']);

    expect(await ctl('stop', 'web')).toMatchObject({ code: 0, stdout: 'web:web_00: stopped' });
    const started = await ctl('start', 'web');
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout.split('\n')).toEqual(['web:web_00: started', 'web:web_01: started']);
    expect((await ctl('status', 'web')).code).toBe(0);
    await h.rememberPrograms();

    await ctl('scale', 'web', '0');
    const one = await ctl('scale', 'web', '1');
    expect(one).toMatchObject({ code: 0, stdout: 'web:web_00: started' });
    expect((await statusJson()).filter((p) => p.name.startsWith('web:')).map((p) => p.state)).toEqual(['RUNNING']);
    await h.rememberPrograms();
  });

  it('reread shows the diff; update applies it and untouched programs keep their pids', async () => {
    h.writeConfig(config());
    const before = await startAndWaitRunning();
    const file = path.join(h.dir, 'programs.yaml');
    writeFileSync(file, config('  extra:\n    command: sleep 1002\n    startsecs: 0\n').replace('sleep 1001', 'sleep 1003'));
    const reread = await ctl('reread');
    expect(reread.code).toBe(0);
    expect(reread.stdout.split('\n').sort()).toEqual(['extra: added', 'worker: changed']);
    expect(Object.fromEntries((await statusJson()).map((p) => [p.name, p.pid]))).toEqual(before);

    const update = await ctl('update');
    expect(update.code, update.stderr).toBe(0);
    const after = Object.fromEntries(
      (
        await waitFor('extra RUNNING', async () => {
          const list = await statusJson();
          return list.find((p) => p.name === 'extra:extra')?.state === 'RUNNING' ? list : null;
        })
      ).map((p) => [p.name, p.pid]),
    );
    await h.rememberPrograms();
    expect(after['web:web_00']).toBe(before['web:web_00']);
    expect(after['web:web_01']).toBe(before['web:web_01']);
    expect(after['chat:chat']).toBe(before['chat:chat']);
    expect(after['worker:worker']).not.toBe(before['worker:worker']);
    expect(cmdline(after['worker:worker']!)).toBe('sleep 1003');
    expect(cmdline(after['extra:extra']!)).toBe('sleep 1002');
  });

  it('update with a broken config prints every error with file:line:col, exits 1, and changes nothing', async () => {
    h.writeConfig(config());
    const before = await startAndWaitRunning();
    writeFileSync(path.join(h.dir, 'programs.yaml'), config().replace('numprocs: 2', 'numprocs: many'));
    const update = await ctl('update');
    expect(update.code).toBe(1);
    expect(update.stderr).toMatch(/programs\.yaml:\d+:\d+: programs\.web\.numprocs/);
    expect(Object.fromEntries((await statusJson()).map((p) => [p.name, p.pid]))).toEqual(before);
  });

  it('shutdown stops every program and the daemon; nothing is left', async () => {
    h.writeConfig(config());
    const pids = await startAndWaitRunning();
    const daemon = h.pidfile()!;
    const result = await ctl('shutdown');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('supervisor: shut down');
    for (const pid of Object.values(pids)) expect(isAlive(pid)).toBe(false);
    await waitFor('the daemon to exit', () => !isAlive(daemon));
    expect((await ctl('status')).code).toBe(4);
  });
});
