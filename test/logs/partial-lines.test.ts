import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * A last line without a newline (a prompt, a progress line) reaches the log
 * file and `ctl tail` while the program runs, as with supervisord, not only
 * when it exits. The file still holds exactly the bytes the program wrote:
 * no newline is added, and the rest of the line follows when it comes.
 */

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

/** Prints `first`, then `before`, waits for the file `go`, then prints `after` (printf formats, so `\n` is a newline). */
const waitsForGo = (before: string, after: string, toStderr = false) =>
  `sh -c 'printf "${before}"${toStderr ? ' >&2' : ''}; while [ ! -e go ]; do sleep 0.05; done; printf "${after}"${toStderr ? ' >&2' : ''}; exec sleep 1000'`;

const readLog = (name: string): string | null => {
  try {
    return readFileSync(path.join(h.dir, 'logs', name), 'utf8');
  } catch {
    return null;
  }
};

/** A daemon logging to ./logs that runs these programs' lines; resolves once it is up and cleanup knows its programs. */
async function startPrograms(programLines: string[]): Promise<void> {
  h.writeConfig(['supervisor:', '  logdir: logs', 'programs:', ...programLines, ''].join('\n'));
  const started = await h.startDaemon();
  expect(started.code, started.stderr).toBe(0);
  await h.rememberPrograms();
}

describe('a line without its newline yet', () => {
  it('is written to the log file and shown by ctl tail while the program waits, then completed without an added newline', async () => {
    await startPrograms([
      '  own:',
      `    command: ${waitsForGo('first\\nprompt> ', 'yes\\n')}`,
      '    startsecs: 0',
      '  shared:',
      '    # stdout and stderr share one file and ring',
      `    command: ${waitsForGo('err-first\\nerr-prompt> ', 'yes\\n', true)}`,
      '    redirect_stderr: true',
      '    startsecs: 0',
    ]);

    await waitFor('the prompt in own.out.log', () => readLog('own.out.log') === 'first\nprompt> ');
    await waitFor('the prompt in shared.out.log', () => readLog('shared.out.log') === 'err-first\nerr-prompt> ');
    const tail = async (name: string) => (await h.runToEnd(['ctl', 'tail', '-n', '5', name])).stdout;
    expect(await waitFor('ctl tail own to show the prompt', async () => ((await tail('own')) === 'first\nprompt> ' ? true : null))).toBe(true);
    expect(await waitFor('ctl tail shared to show the prompt', async () => ((await tail('shared')) === 'err-first\nerr-prompt> ' ? true : null))).toBe(true);

    writeFileSync(path.join(h.dir, 'go'), '');
    await waitFor('own.out.log to complete the line', () => readLog('own.out.log') === 'first\nprompt> yes\n');
    await waitFor('shared.out.log to complete the line', () => readLog('shared.out.log') === 'err-first\nerr-prompt> yes\n');
  });

  it('never has its line torn across a rotation', async () => {
    // 30-byte files: the partial line starts a new file, and its end, past the limit, stays with it.
    await startPrograms([
      '  rot:',
      `    command: ${waitsForGo('0123456789\\n0123456789\\nabcdefghij', 'KLMNOPQRSTUVWXYZ0123456789\\nnext\\n')}`,
      '    startsecs: 0',
      '    stdout_logfile_maxbytes: 30',
      '    stdout_logfile_backups: 2',
    ]);

    await waitFor('the partial line, in a file of its own', () => readLog('rot.out.log') === 'abcdefghij');
    expect(readLog('rot.out.log.1')).toBe('0123456789\n0123456789\n');
    writeFileSync(path.join(h.dir, 'go'), '');
    await waitFor('the next line, after a rotation', () => readLog('rot.out.log') === 'next\n');
    expect(readLog('rot.out.log.1')).toBe('abcdefghijKLMNOPQRSTUVWXYZ0123456789\n');
    expect(readLog('rot.out.log.2')).toBe('0123456789\n0123456789\n');
  });
});
