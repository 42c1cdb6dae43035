import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { TmuxSession } from '../helpers/tmux.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * Leaving the embedded view from an interactive bash (job control on), in a
 * real terminal: the shell's job table must be left clean (no "Stopped" job,
 * nothing for `fg` to bring back), the supervisor and its programs running on;
 * or, when the user stops everything, the shell gets the prompt and exit 0.
 */

if (!TmuxSession.available()) throw new Error('these tests need tmux (apt-get install tmux; .ci/run installs it)');

let h: DaemonHarness;
const terminals: TmuxSession[] = [];
beforeEach(() => {
  h = new DaemonHarness();
  h.writeConfig('programs:\n  sleeper:\n    command: sleep 1000\n    startsecs: 0\n');
});
afterEach(async () => {
  for (const t of terminals.splice(0)) t.kill();
  await h.cleanup();
});

const drover = (...args: string[]) => [process.execPath, CLI, ...args].join(' ');

/** An interactive bash with a prompt a test can find, CI=true as a CI runner's shell has it. */
async function shell(): Promise<TmuxSession> {
  const t = new TmuxSession('bash --norc --noprofile -i', { cwd: h.dir, width: 160, env: { CI: 'true' } });
  terminals.push(t);
  // A short \`drover\` for commands typed after the view, so no command line wraps.
  t.type(`PS1='PROMPT$ '; drover() { ${drover()} "$@"; }`);
  t.keys('Enter');
  await t.waitForText('the shell prompt', (text) => /^PROMPT\$ *$/m.test(text));
  return t;
}

/** Runs a command line in the pane and returns what it printed (the lines between the command and the marker). */
async function run(t: TmuxSession, command: string): Promise<string[]> {
  const marker = `DONE_${Math.random().toString(36).slice(2, 8)}`;
  t.type(`${command}; echo ${marker}`);
  t.keys('Enter');
  const text = await t.waitForText(`${command} to finish`, (screen) => new RegExp(`^${marker}$`, 'm').test(screen));
  const rows = text.split('\n');
  const end = rows.findIndex((row) => row === marker);
  const start = rows.slice(0, end).findLastIndex((row) => row.includes(`echo ${marker}`));
  return rows.slice(start + 1, end);
}

async function sleeperPid(): Promise<number> {
  const pid = await waitFor('sleeper RUNNING', async () => {
    const r = await h.runToEnd(['ctl', 'status', '--json', '-c', 'programs.yaml']);
    if (r.code !== 0) return null;
    const [proc] = JSON.parse(r.stdout) as { state: string; pid: number | null }[];
    return proc?.state === 'RUNNING' ? proc.pid : null;
  });
  await h.rememberPrograms();
  return pid;
}

const showsPid = (text: string, pid: number) => new RegExp(`\\b${pid}\\b`).test(text);

/** drover on programs.yaml typed into a fresh shell, once its program's pid shows in the view. */
async function startInShell(wrap = (cmd: string) => cmd): Promise<{ t: TmuxSession; pid: number; supervisor: number }> {
  const t = await shell();
  t.type(wrap(drover('-c', 'programs.yaml')));
  t.keys('Enter');
  const pid = await sleeperPid();
  await t.waitForText('the pid on screen', (text) => showsPid(text, pid));
  return { t, pid, supervisor: h.pidfile()! };
}

describe('leaving the embedded view from an interactive bash (tmux)', () => {
  it.each([
    ['run from the shell', (cmd: string) => cmd],
    // What `npm start` does: a parent that waits for drover in the same job.
    ['under a waiting parent (as npm start runs it)', (cmd: string) => `sh -c '${cmd}; echo parent-done'`],
  ])('%s: q then d leaves no job behind, and the supervisor and its program run on', async (_how, wrap) => {
    const { t, pid, supervisor } = await startInShell(wrap);
    t.keys('q');
    await t.waitForText('the quit choice', (text) => /leave|running/i.test(text));
    t.keys('d');
    await t.waitForText('the headless note and the prompt', (text) => /keeps running headless/.test(text) && /^PROMPT\$ *$/m.test(text));
    expect(t.format('alternate_on')).toBe('0');

    expect(await run(t, 'jobs')).toEqual([]);
    expect(t.text()).not.toMatch(/Stopped/);
    expect(isAlive(supervisor)).toBe(true);
    expect(await sleeperPid()).toBe(pid);
    // The same answer in the pane, from the shell the view left.
    const status = await run(t, 'drover ctl status -c programs.yaml');
    expect(status.join('\n')).toMatch(new RegExp(`^sleeper:sleeper\\s+RUNNING\\s+${pid}\\b`, 'm'));
    expect((await run(t, 'fg')).join('\n')).toMatch(/fg: .*no such job/);
    expect(isAlive(pid)).toBe(true);

    expect((await h.runToEnd(['ctl', 'shutdown', '-c', 'programs.yaml'])).code).toBe(0);
    await waitFor('the supervisor to exit', () => !isAlive(supervisor));
    expect(isAlive(pid)).toBe(false);
  });

  it('Ctrl-C twice stops every program and the supervisor, and the shell gets exit status 0', async () => {
    const { t, pid, supervisor } = await startInShell();
    t.keys('C-c');
    await t.waitForText('the first Ctrl-C noted', (text) => /Ctrl-C again/.test(text));
    t.keys('C-c');
    await t.waitForText('the prompt after stopping', (text) => /all programs stopped/.test(text) && /^PROMPT\$ *$/m.test(text), 60_000);
    // Gone before the prompt came back: the view waited for the supervisor to exit.
    expect(isAlive(supervisor)).toBe(false);
    expect(isAlive(pid)).toBe(false);
    expect(await run(t, 'echo "status=$?"')).toEqual(['status=0']);
    expect(await run(t, 'jobs')).toEqual([]);
  });

  it('SIGTERM to the drover the shell started stops everything, as before: it exits 0 once the supervisor has', async () => {
    const { t, pid, supervisor } = await startInShell();
    const bash = t.format('pane_pid');
    const [viewPid] = readFileSync(`/proc/${bash}/task/${bash}/children`, 'utf8').trim().split(' ').map(Number);
    expect(viewPid).not.toBe(supervisor);
    process.kill(viewPid!, 'SIGTERM');
    await t.waitForText('the prompt after stopping', (text) => /all programs stopped/.test(text) && /^PROMPT\$ *$/m.test(text), 60_000);
    expect(t.format('alternate_on')).toBe('0');
    expect(isAlive(supervisor)).toBe(false);
    expect(isAlive(pid)).toBe(false);
    expect(await run(t, 'echo "status=$?"')).toEqual(['status=0']);
  });
});
