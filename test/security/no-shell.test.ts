import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';
import { recordRow } from '../reliability/profile.js';

/**
 * drover execs argv directly: shell syntax in a command's arguments reaches
 * the program as text and is never run. A shell runs only when the config
 * names one (`sh -c '…'`). Each marker file below would exist if any shell
 * had interpreted the arguments.
 */

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const TRICKY = ['a; touch MARK_SEMI', '$(touch MARK_SUBST)', '`touch MARK_TICK`', "it's", '"double" quoted', 'two  spaced words', '$HOME', '|| touch MARK_OR', '> MARK_REDIR'];

function readOutput(name: string): string[] {
  try {
    return readFileSync(path.join(h.dir, 'logs', `${name}.out.log`), 'utf8')
      .split('\n')
      .filter((line) => line !== '');
  } catch {
    return [];
  }
}

describe('no shell unless the config asks for one', () => {
  it('passes arguments with ; $() backticks quotes and spaces through as text, in list and string form', async () => {
    const list = JSON.stringify(['printf', '%%s\\n', ...TRICKY]);
    // The string form: sh-like quoting splits it, nothing else happens (operators are refused unquoted, so they are quoted here).
    const line = `printf '%%s\\n' 'a; touch MARK_SEMI' '$(touch MARK_SUBST)' "\`touch MARK_TICK\`" "it's" '"double" quoted' 'two  spaced words' '$$HOME' '|| touch MARK_OR' '> MARK_REDIR'`;
    h.writeConfig(
      [
        'programs:',
        '  as_list:',
        `    command: ${list}`,
        '    directory: .',
        '    autorestart: false',
        '    startsecs: 0',
        '  as_string:',
        `    command: ${JSON.stringify(line)}`,
        '    directory: .',
        '    autorestart: false',
        '    startsecs: 0',
        '  asks_for_a_shell:',
        `    command: ["sh", "-c", "echo $((6 * 7)) > MARK_SHELL_ASKED"]`,
        '    directory: .',
        '    autorestart: false',
        '    startsecs: 0',
        '',
      ].join('\n'),
    );
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    for (const name of ['as_list', 'as_string']) {
      await waitFor(`${name} printed every argument`, () => readOutput(name).length >= TRICKY.length);
      expect(readOutput(name)).toEqual(TRICKY);
    }
    await waitFor('the shell the config asked for ran', () => existsSync(path.join(h.dir, 'MARK_SHELL_ASKED')));
    expect(readFileSync(path.join(h.dir, 'MARK_SHELL_ASKED'), 'utf8')).toBe('42\n');
    const markers = ['MARK_SEMI', 'MARK_SUBST', 'MARK_TICK', 'MARK_OR', 'MARK_REDIR'];
    for (const marker of markers) expect(existsSync(path.join(h.dir, marker)), marker).toBe(false);
    recordRow({
      id: 'security-no-shell',
      scenario: 'arguments with `;`, `$()`, backticks, quotes and spaces, as a list and as a string',
      injected: `${TRICKY.length * 2} arguments`,
      outcome: `every one reached the program as text; 0 of ${markers.length} shell side effects happened`,
      lost: '—',
      crashes: '0',
    });
  });
});
