import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { TmuxSession } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Keys as a real terminal delivers them over a slow link: several in one
 * write (tmux send-keys with the whole string), and a bracketed paste
 * (tmux paste-buffer -p brackets it only when the view turned mode 2004 on).
 */

if (!TmuxSession.available()) throw new Error('these tests need tmux (apt-get install tmux; .ci/run installs it)');

const PROMPT_HINT = 'enter keeps the filter';

let h: DaemonHarness;
const terminals: TmuxSession[] = [];
beforeEach(() => {
  h = new DaemonHarness();
  h.writeConfig('programs:\n  solo:\n    command: sleep 1002\n    startsecs: 0\n  web:\n    command: sleep 1003\n    numprocs: 2\n    startsecs: 0\n');
});
afterEach(async () => {
  for (const t of terminals.splice(0)) t.kill();
  await h.cleanup();
});

/** The embedded view in an 80×24 tmux pane, once every process shows RUNNING. */
async function startView(): Promise<TmuxSession> {
  const t = new TmuxSession([process.execPath, CLI, '-c', 'programs.yaml'].join(' '), { cwd: h.dir, width: 80, height: 24, env: { CI: 'true' } });
  terminals.push(t);
  await waitFor('3 processes RUNNING', async () => {
    const r = await h.runToEnd(['ctl', 'status', '--json', '-c', 'programs.yaml']);
    if (r.code !== 0) return null;
    const all = JSON.parse(r.stdout) as { state: string }[];
    return all.length === 3 && all.every((p) => p.state === 'RUNNING');
  });
  await h.rememberPrograms();
  await t.waitForText('web_01 and solo on screen', (text) => text.includes('web_01') && /\bsolo\b/.test(text));
  return t;
}

/** Each process's name, state and pid, as the supervisor answers. */
async function statuses(): Promise<string[]> {
  // Not the exit code: ctl status exits 3 when a process is not running, and that is what a failure looks like.
  const r = await h.runToEnd(['ctl', 'status', '--json', '-c', 'programs.yaml']);
  expect(r.stdout, r.stderr).not.toBe('');
  return (JSON.parse(r.stdout) as { name: string; state: string; pid: number | null }[]).map((p) => `${p.name} ${p.state} ${p.pid}`).sort();
}

/**
 * Pastes `text` as a terminal does: bracketed when the view asked for it
 * (paste-buffer -p), a line break sent as CR.
 */
function paste(t: TmuxSession, text: string): void {
  t.tmux(['set-buffer', '-b', 'clip', text]);
  t.tmux(['paste-buffer', '-p', '-b', 'clip', '-t', 'main']);
}

/** Rows of the process list that name a process or program (not the header, status or footer). */
const listRows = (t: TmuxSession) => t.screen().filter((line) => /\b(solo|web_0\d|web)\b/.test(line) && !line.includes('NAME'));

describe('input in a real terminal (tmux)', () => {
  it('"solo" and Enter in one write into the open filter prompt filter to solo and close it', async () => {
    const t = await startView();
    t.type('/');
    await t.waitForText('the filter prompt', (s) => s.includes(PROMPT_HINT));
    t.type('solo\r');
    const text = await t.waitForText('the filter kept, the prompt closed', (s) => s.includes('/solo') && !s.includes(PROMPT_HINT));
    expect(text).not.toContain('web_0');
    expect(listRows(t).every((line) => line.includes('solo'))).toBe(true);
    // The view still takes keys as keys: the next write clears the filter.
    t.type('/\u001B');
    await t.waitForText('the filter cleared', (s) => s.includes('web_01') && !s.includes('/solo'));
  });

  it('a bracketed paste is text in the filter (its newline is not Enter), and no keys in the list', async () => {
    const t = await startView();
    const before = await statuses();
    // Unbracketed, "xy" would be x (stop every process?) and y (yes).
    paste(t, 'xy');
    t.keys('j');
    await t.waitForText('the selection moved by the key after the paste', (s) => s.split('\n').some((line) => line.startsWith('›') && line.includes('solo')));
    expect(t.text()).not.toContain('(y/n)');
    expect(await statuses()).toEqual(before);

    t.type('/');
    await t.waitForText('the filter prompt', (s) => s.includes(PROMPT_HINT));
    paste(t, 'web\n_01');
    const text = await t.waitForText('the pasted filter, the prompt still open', (s) => s.includes('/web_01') && s.includes(PROMPT_HINT));
    expect(text).not.toContain('solo');
    t.keys('Enter');
    await t.waitForText('the prompt closed by the real Enter', (s) => s.includes('/web_01') && !s.includes(PROMPT_HINT));
  });
});
