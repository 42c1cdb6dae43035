import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliHarness, FIXTURES } from '../helpers/cli-harness.js';
import { groupMembers } from '../helpers/flask-rq-stack.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';
import { readRecord } from '../../src/engine/state-file.js';

let h: CliHarness;
beforeEach(() => {
  h = new CliHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const forever = `${process.execPath} ${path.join(FIXTURES, 'forever.mjs')}`;
const pidOf = (line: string) => Number(/ pid=(\d+)/.exec(line)![1]);

/**
 * Waits until the state journal names `pids`: a spawn is recorded a turn of the supervisor's loop after it, and a
 * process killed with its supervisor before that is one the next drover cannot name (it stops it and starts afresh).
 */
function journalNames(pids: number[]): Promise<unknown> {
  const file = path.join(h.dir, 'run', 'drover.state.json');
  return waitFor('the state journal to name every process', () => pids.every((pid) => readRecord(file)?.processes.some((p) => p.pid === pid)));
}

describe('drover -c FILE (line mode)', () => {
  it('prints one line per state change and exits 0 on SIGTERM after stopping everything', async () => {
    h.writeConfig(`programs:\n  a:\n    command: ${forever}\n    startsecs: 0\n  b:\n    command: sleep 1000\n    numprocs: 2\n    startsecs: 0\n`);
    const cli = h.run(['-c', 'programs.yaml']);
    await cli.waitForLine(/b:b_01 STARTING -> RUNNING pid=\d+/);
    const pids = [/a:a STARTING -> RUNNING/, /b:b_00 STARTING -> RUNNING/, /b:b_01 STARTING -> RUNNING/].map((re) => pidOf(cli.lines.find((l) => re.test(l))!));
    for (const pid of pids) expect(isAlive(pid)).toBe(true);
    // No terminal (stdio are pipes here): one line says so, and nothing waits for keys.
    expect(cli.stderr).toMatch(/^drover: no terminal here, so no view: .*--daemon/m);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(cli.count(/RUNNING -> STOPPING/)).toBe(3);
    expect(cli.count(/STOPPING -> STOPPED/)).toBe(3);
  });

  it('on a second SIGTERM while programs stop, kills every program group at once and exits 1', async () => {
    // Both the program and what it forked ignore TERM: only the kill of the whole group ends them.
    const stubborn = `${process.execPath} ${path.join(FIXTURES, 'ignores-sigterm.mjs')}`;
    h.writeConfig(
      `programs:\n  stubborn:\n    command: sh -c "trap '' TERM; sleep 1000 & exec ${stubborn}"\n    startsecs: 0\n    stopwaitsecs: 600\n    stdout_logfile: console\n`,
    );
    const cli = h.run(['-c', 'programs.yaml']);
    const pid = pidOf(await cli.waitForLine(/stubborn:stubborn STARTING -> RUNNING/));
    // Node resets inherited signal dispositions: TERM is ignored only once the fixture says it is up.
    await cli.waitForLine(/stubborn:stubborn \| stubborn \d+ up/);
    const liveMembers = () => groupMembers([pid]).filter(isAlive);
    await waitFor('the program and the sleep it forked', () => liveMembers().length === 2);
    cli.child.kill('SIGTERM');
    await cli.waitForLine(/stubborn:stubborn RUNNING -> STOPPING/);
    expect(liveMembers()).toHaveLength(2);
    cli.child.kill('SIGTERM');
    await cli.waitForLine(/drover: SIGTERM again, killing what is left/);
    expect(await cli.exited).toBe(1);
    await waitFor('the whole group gone', () => liveMembers().length === 0);
  });

  it('refuses to start on an invalid config, printing every error with its position', async () => {
    h.writeConfig('programs:\n  a:\n    command: ""\n  b:\n    command: sleep 1\n    startsec: 3\n');
    const result = await h.runToEnd(['-c', 'programs.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/programs\.yaml:3:\d+: programs\.a\.command/);
    expect(result.stderr).toMatch(/programs\.yaml:6:5: programs\.b\.startsec.*startsecs/);
  });

  it('applies config changes on SIGHUP and leaves untouched programs running', async () => {
    const file = h.writeConfig(`programs:\n  keep:\n    command: sleep 1000\n    startsecs: 0\n  drop:\n    command: sleep 1001\n    startsecs: 0\n`);
    const cli = h.run(['-c', file]);
    const keepPid = pidOf(await cli.waitForLine(/keep:keep STARTING -> RUNNING/));
    const dropPid = pidOf(await cli.waitForLine(/drop:drop STARTING -> RUNNING/));
    writeFileSync(file, `programs:\n  keep:\n    command: sleep 1000\n    startsecs: 0\n  add:\n    command: sleep 1002\n    startsecs: 0\n`);
    cli.child.kill('SIGHUP');
    await cli.waitForLine(/config applied: added \[add\], changed \[\], removed \[drop\]/);
    await cli.waitForLine(/add:add STARTING -> RUNNING/);
    expect(isAlive(keepPid)).toBe(true);
    expect(isAlive(dropPid)).toBe(false);
    // Only its two start-up lines (STOPPED -> STARTING -> RUNNING): the update never touched it.
    expect(cli.count(/keep:keep/)).toBe(2);

    // A broken edit is reported and changes nothing.
    writeFileSync(file, 'programs:\n  keep:\n    command: [\n');
    cli.child.kill('SIGHUP');
    await cli.waitForLine(/SIGHUP: config not applied, 1 error/);
    expect(isAlive(keepPid)).toBe(true);
  });

  it('reopens log files on SIGUSR1', async () => {
    h.writeConfig(`supervisor:\n  logdir: logs\nprograms:\n  talk:\n    command: ${process.execPath} -e "setInterval(() => console.log('tick'), 50)"\n    startsecs: 0\n`);
    const cli = h.run(['-c', 'programs.yaml']);
    await cli.waitForLine(/talk:talk STARTING -> RUNNING/);
    const log = path.join(h.dir, 'logs', 'talk.out.log');
    await waitFor('log file with ticks', () => readFileSync(log, 'utf8').includes('tick'));
    const { renameSync } = await import('node:fs');
    renameSync(log, `${log}.moved`);
    cli.child.kill('SIGUSR1');
    await cli.waitForLine(/log files reopened/);
    await waitFor('new log file with ticks', () => readFileSync(log, 'utf8').includes('tick'));
  });

  it('after being killed with SIGKILL, the next drover adopts what it kept running: same pids, RUNNING, no restart', async () => {
    const file = h.writeConfig(`programs:\n  svc:\n    command: sleep 1000\n    numprocs: 2\n    startsecs: 0\n`);
    const first = h.run(['-c', file]);
    await first.waitForLine(/svc:svc_01 STARTING -> RUNNING/);
    const kept = first.lines.filter((l) => /-> RUNNING/.test(l)).map(pidOf);
    await journalNames(kept);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = h.run(['-c', file]);
    await second.waitForLine(/adopted 2 process\(es\)/);
    const adopted = second.lines.filter((l) => /STOPPED -> RUNNING .*adopted/.test(l)).map(pidOf);
    expect(adopted.sort()).toEqual(kept.sort());
    expect(second.lines.some((l) => /STARTING/.test(l))).toBe(false);
    for (const pid of kept) expect(isAlive(pid)).toBe(true);
    second.child.kill('SIGTERM');
    await second.exited;
    await waitFor('the adopted processes stopped with the second drover', () => kept.every((pid) => !isAlive(pid)));
  });

  it('after being killed with SIGKILL, the next drover adopts only what its config still runs the same way', async () => {
    const file = h.writeConfig(
      `programs:\n  same:\n    command: sleep 1000\n    startsecs: 0\n  changed:\n    command: sleep 1001\n    startsecs: 0\n  removed:\n    command: sleep 1002\n    startsecs: 0\n`,
    );
    const first = h.run(['-c', file]);
    const pidOfLine = async (re: RegExp) => pidOf(await first.waitForLine(re));
    const [same, changed, removed] = [
      await pidOfLine(/same:same STARTING -> RUNNING/),
      await pidOfLine(/changed:changed STARTING -> RUNNING/),
      await pidOfLine(/removed:removed STARTING -> RUNNING/),
    ];
    await journalNames([same, changed, removed]);
    first.child.kill('SIGKILL');
    await first.exited;
    h.writeConfig(`programs:\n  same:\n    command: sleep 1000\n    startsecs: 0\n  changed:\n    command: sleep 1003\n    startsecs: 0\n`);
    const second = h.run(['-c', file]);
    expect(pidOf(await second.waitForLine(/same:same STOPPED -> RUNNING .*adopted/))).toBe(same);
    await second.waitForLine(new RegExp(`stopping pid ${changed} \\(changed:changed\\).*gone from the config or changed`));
    await second.waitForLine(new RegExp(`stopping pid ${removed} \\(removed:removed\\)`));
    expect(pidOf(await second.waitForLine(/changed:changed STARTING -> RUNNING/))).not.toBe(changed);
    await waitFor('the changed and removed programs stopped', () => !isAlive(changed) && !isAlive(removed));
    expect(isAlive(same)).toBe(true);
  });

  it('with keep_programs: false, after being killed with SIGKILL, the next drover stops the survivors it left', async () => {
    const file = h.writeConfig(`supervisor:\n  keep_programs: false\nprograms:\n  svc:\n    command: sleep 1000\n    numprocs: 2\n    startsecs: 0\n`);
    const first = h.run(['-c', file]);
    await first.waitForLine(/svc:svc_01 STARTING -> RUNNING/);
    const orphans = first.lines.filter((l) => /-> RUNNING/.test(l)).map(pidOf);
    await journalNames(orphans);
    first.child.kill('SIGKILL');
    await first.exited;
    for (const pid of orphans) expect(isAlive(pid)).toBe(true);
    const second = h.run(['-c', file]);
    await second.waitForLine(/found 2 process\(es\) left by a previous drover/);
    await second.waitForLine(/svc:svc_01 STARTING -> RUNNING/);
    await waitFor('orphans gone', () => orphans.every((pid) => !isAlive(pid)));
  });

  it('refuses to run a second supervisor on the same config', async () => {
    const file = h.writeConfig(`programs:\n  svc:\n    command: sleep 1000\n    startsecs: 0\n`);
    const first = h.run(['-c', file]);
    await first.waitForLine(/svc:svc STARTING -> RUNNING/);
    const second = await h.runToEnd(['-c', file]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`another drover \\(pid ${first.pid}\\) is already running on`));
  });
});

describe('drover -c FILE and its process group', () => {
  let g: CliHarness;
  beforeEach(() => {
    g = new CliHarness();
  });
  afterEach(async () => {
    await g.cleanup();
  });

  it('a TERM to the whole process group still stops programs in order and exits 0', async () => {
    g.writeConfig(`programs:\n  a:\n    command: sleep 1000\n    startsecs: 0\n  b:\n    command: sleep 1001\n    startsecs: 0\n    depends_on: [a]\n`);
    // Like a terminal or a container runtime signalling the foreground group.
    const cli = g.run(['-c', 'programs.yaml'], {}, { detached: true });
    const child = cli.child;
    await cli.waitForLine(/b:b STARTING -> RUNNING/);
    const pids = cli.lines.filter((l) => /-> RUNNING/.test(l)).map(pidOf);
    process.kill(-child.pid!, 'SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.lines.findIndex((l) => /b:b STOPPING -> STOPPED/.test(l))).toBeLessThan(cli.lines.findIndex((l) => /a:a STOPPING -> STOPPED/.test(l)));
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(`${cli.lines.join('\n')}${cli.stderr}`).not.toMatch(/spawner/);
  });
});
