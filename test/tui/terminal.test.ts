import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { TmuxSession } from '../helpers/tmux.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * The view in a real terminal: drover inside tmux (Debian's tmux; .ci/run
 * installs it), the screen read with capture-pane, keys sent with send-keys,
 * and every pid checked against the supervisor's own answer and /proc.
 */

if (!TmuxSession.available()) throw new Error('these tests need tmux (apt-get install tmux; .ci/run installs it)');

let h: DaemonHarness;
const terminals: TmuxSession[] = [];
beforeEach(() => {
  h = new DaemonHarness();
  h.writeConfig('programs:\n  other:\n    command: sleep 1001\n    numprocs: 2\n    startsecs: 0\n  sleeper:\n    command: sleep 1000\n    startsecs: 0\n');
});
afterEach(async () => {
  for (const t of terminals.splice(0)) t.kill();
  await h.cleanup();
});

/**
 * Every terminal has CI=true, as a CI runner's job or a shell that exported it
 * would: with it, Ink draws nothing until exit unless drover hides it from Ink.
 */
function terminal(command: string, size = { width: 80, height: 24 }, env: Record<string, string> = {}): TmuxSession {
  const t = new TmuxSession(command, { cwd: h.dir, ...size, env: { CI: 'true', ...env } });
  terminals.push(t);
  return t;
}

const drover = (...args: string[]) => [process.execPath, CLI, ...args].join(' ');

async function runningPids(): Promise<Record<string, number>> {
  const list = await waitFor('every process RUNNING', async () => {
    const r = await h.runToEnd(['ctl', 'status', '--json', '-c', 'programs.yaml']);
    if (r.code !== 0) return null;
    const all = JSON.parse(r.stdout) as { name: string; state: string; pid: number | null }[];
    return all.length === 3 && all.every((p) => p.state === 'RUNNING' && p.pid !== null) ? all : null;
  });
  await h.rememberPrograms();
  return Object.fromEntries(list.map((p) => [p.name, p.pid!]));
}

/** Every pid appears on the screen as a word of its own. */
const showsPids = (text: string, pids: number[]) => pids.every((pid) => new RegExp(`\\b${pid}\\b`).test(text));

describe('the view in a real terminal (tmux)', () => {
  it('embedded: real pids at 80×24, restart by key, resize and back, q stops everything and restores the terminal', async () => {
    const t = terminal(drover('-c', 'programs.yaml'));
    let pids = await runningPids();
    await t.waitForText('the real pids on screen', (text) => showsPids(text, Object.values(pids)));
    expect(t.format('alternate_on')).toBe('1');
    const screen = t.screen();
    expect(screen.length).toBe(24);
    expect(Math.max(...screen.map((line) => line.length))).toBeLessThanOrEqual(80);
    // Hidden from Ink only: the programs inherit CI as the user gave it.
    expect(readFileSync(`/proc/${Object.values(pids)[0]}/environ`, 'utf8').split('\0')).toContain('CI=true');

    // The last row is a process (programs list their processes under them); r restarts it.
    t.keys('G');
    t.keys('r');
    const before = pids;
    const changed = await waitFor('a process restarted by the key', async () => {
      const now = await runningPids();
      const name = Object.keys(now).find((n) => now[n] !== before[n]);
      return name ? { name, now } : null;
    });
    pids = changed.now;
    expect(isAlive(before[changed.name]!)).toBe(false);
    await t.waitForText('the new pid on screen', (text) => showsPids(text, Object.values(pids)));

    t.resize(120, 40);
    await waitFor('the pane at 120×40', () => t.format('pane_height') === '40' && t.format('pane_width') === '120');
    // Laid out again for 40 rows: the footer (the key help) moves to the bottom rows.
    await t.waitForText('the footer near row 40', () => t.screen().findLastIndex((l) => /quit/.test(l)) >= 30);
    expect(showsPids(t.text(), Object.values(pids))).toBe(true);
    t.resize(80, 24);
    await t.waitForText('the footer back within 24 rows', () => {
      const rows = t.screen();
      const footer = rows.findLastIndex((l) => /quit/.test(l));
      return footer >= 15 && footer < 24 && rows.every((l) => l.length <= 80);
    });

    t.keys('q');
    await t.waitForText('the quit choice', (text) => /stop/i.test(text) && /leave|running/i.test(text));
    t.keys('s');
    await waitFor('drover to exit', () => t.format('pane_dead') === '1', 30_000);
    expect(t.format('alternate_on')).toBe('0');
    expect(t.text()).toMatch(/all programs stopped/);
    for (const pid of Object.values(pids)) expect(isAlive(pid)).toBe(false);
  });

  it('attach to a --daemon supervisor; killing the view’s terminal leaves the daemon and its programs untouched', async () => {
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const pids = await runningPids();
    const t = terminal(drover('attach', '-c', 'programs.yaml'));
    await t.waitForText('the daemon’s pids in the attached view', (text) => showsPids(text, Object.values(pids)));
    const viewPid = Number(t.format('pane_pid'));
    t.kill(); // the terminal goes away, as when SSH drops
    await waitFor('the view process to end', () => !isAlive(viewPid));
    expect(isAlive(started.pid!)).toBe(true);
    expect(await runningPids()).toEqual(pids);
  });

  it('embedded: when the terminal goes away the supervisor runs on headless, and attach brings the view back', async () => {
    const t = terminal(drover('-c', 'programs.yaml'));
    const pids = await runningPids();
    await t.waitForText('the pids on screen', (text) => showsPids(text, Object.values(pids)));
    const supervisor = h.pidfile()!;
    // The view is the pane's process; the supervisor runs in a session of its own, which the hangup does not reach.
    const viewPid = Number(t.format('pane_pid'));
    expect(viewPid).not.toBe(supervisor);
    t.kill();
    await waitFor('the view process to end', () => !isAlive(viewPid));
    expect(isAlive(supervisor)).toBe(true);
    expect(await runningPids()).toEqual(pids);

    const again = terminal(drover('attach', '-c', 'programs.yaml'));
    await again.waitForText('the view back, same pids', (text) => showsPids(text, Object.values(pids)));
    again.keys('q');
    await again.waitForText('the quit choice', (text) => /detach/i.test(text));
    again.keys('d');
    await waitFor('attach to exit', () => again.format('pane_dead') === '1');
    expect(isAlive(supervisor)).toBe(true);
    // And it still ends cleanly, its terminal long gone.
    expect((await h.runToEnd(['ctl', 'shutdown', '-c', 'programs.yaml'])).code).toBe(0);
    await waitFor('the headless supervisor to exit', () => !isAlive(supervisor));
  });

  it.each([
    ['run from the shell', (cmd: string) => cmd],
    // What npm start does: a parent that waits for drover, which must not keep the terminal either.
    ['under a waiting parent (as npm start runs it)', (cmd: string) => `sh -c '${cmd}; echo parent-done'`],
  ])('embedded, %s: q then "leave running" gives the shell its prompt back; the supervisor goes on headless', async (_how, wrap) => {
    const t = terminal('bash --norc --noprofile -i');
    t.type("PS1='PROMPT$ '");
    t.keys('Enter');
    await t.waitForText('the shell prompt', (text) => /^PROMPT\$ *$/m.test(text));
    t.type(wrap(drover('-c', 'programs.yaml')));
    t.keys('Enter');
    const pids = await runningPids();
    await t.waitForText('the pids on screen', (text) => showsPids(text, Object.values(pids)));
    const supervisor = h.pidfile()!;
    t.keys('q');
    await t.waitForText('the quit choice', (text) => /leave|running/i.test(text));
    t.keys('d');
    await t.waitForText('the headless note and the prompt again', (text) => /keeps running headless/.test(text) && /^PROMPT\$ *$/m.test(text));
    expect(t.format('alternate_on')).toBe('0');
    // Running (not stopped) in the background, and still supervising.
    await waitFor('the supervisor to be continued', () => {
      const stat = readFileSync(`/proc/${supervisor}/stat`, 'latin1');
      return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'T';
    });
    expect(await runningPids()).toEqual(pids);
    // Later, stopped from elsewhere, it exits: a background job that touched the terminal's modes would stop on SIGTTOU instead.
    expect((await h.runToEnd(['ctl', 'shutdown', '-c', 'programs.yaml'])).code).toBe(0);
    await waitFor('the backgrounded supervisor to exit', () => !isAlive(supervisor));
    for (const pid of Object.values(pids)) expect(isAlive(pid)).toBe(false);
  });

  it('attach with no supervisor running names the socket it tried and exits 4; without a terminal it refuses at once', async () => {
    // A terminal from util-linux script (-e: its exit code is the command's).
    const inTty = spawnSync('script', ['-qec', drover('attach', '-c', 'programs.yaml'), '/dev/null'], { cwd: h.dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    expect(inTty.status).toBe(4);
    expect(inTty.stdout.replace(/\r/g, '')).toMatch(/^drover: no supervisor answers at .*run\/drover\.sock/m);
    const piped = await h.runToEnd(['attach', '-c', 'programs.yaml']);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toMatch(/attach needs a terminal/);
  });

  it('embedded: SIGTERM to drover stops everything, ends the view and restores the terminal', async () => {
    const t = terminal(drover('-c', 'programs.yaml'));
    const pids = await runningPids();
    await t.waitForText('the pids on screen', (text) => showsPids(text, Object.values(pids)));
    expect(t.format('alternate_on')).toBe('1');
    process.kill(h.pidfile()!, 'SIGTERM');
    await waitFor('drover to exit', () => t.format('pane_dead') === '1', 30_000);
    expect(t.format('alternate_on')).toBe('0');
    for (const pid of Object.values(pids)) expect(isAlive(pid)).toBe(false);
  });
});
