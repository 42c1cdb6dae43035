import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/cli-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * `stdout_logfile: console` / `stderr_logfile: console`: the program's lines
 * go to drover's own output, each after `PROCESS | ` (`PROCESS stderr | ` for
 * stderr): stdout in the foreground, drover.log when detached. Two programs
 * writing lines in pieces at once never tear each other's lines, and
 * `ctl tail` still has them.
 */

let h: DaemonHarness;
beforeEach(() => {
  h = new DaemonHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const halfLines = (tag: string, count: number) => `${process.execPath} ${path.join(FIXTURES, 'half-lines.mjs')} ${tag} ${count}`;
const LINES = 15;

function writeTwoPrograms(): void {
  h.writeConfig(
    [
      'programs:',
      '  talk:',
      `    command: ${halfLines('talk', LINES)}`,
      '    startsecs: 0',
      '    stdout_logfile: console',
      '    stderr_logfile: console',
      '  other:',
      `    command: ${halfLines('other', LINES)}`,
      '    startsecs: 0',
      '    stdout_logfile: CONSOLE',
      '    stderr_logfile: none',
      '',
    ].join('\n'),
  );
}

/** Every program line among `lines` is whole and carries its own process's prefix. */
function expectWholePrefixedLines(lines: string[]): void {
  const programLines = lines.filter((line) => / \| /.test(line));
  for (const line of programLines) expect(line).toMatch(/^(talk:talk \| talk|other:other \| other) \d+ first half, second half$|^talk:talk stderr \| talk on stderr$/);
  for (const tag of ['talk', 'other']) {
    const numbers = programLines.filter((line) => line.startsWith(`${tag}:${tag} | `)).map((line) => Number(line.split(' ')[3]));
    expect(numbers).toEqual(Array.from({ length: LINES }, (_, n) => n));
  }
}

describe('stdout_logfile: console', () => {
  it('prints the lines, prefixed and whole, on the stdout of drover --daemon --foreground; ctl tail still has them', async () => {
    writeTwoPrograms();
    const cli = h.run(['--daemon', '--foreground', '-c', 'programs.yaml']);
    await cli.waitForLine(/^talk:talk stderr \| talk on stderr$/, 30_000);
    await cli.waitForLine(/^other:other \| other 14 first half, second half$/, 30_000);
    await cli.waitForLine(/^talk:talk \| talk 14 first half, second half$/, 30_000);
    expectWholePrefixedLines(cli.lines);
    // The state lines stay drover's own: stamped, on the same stdout.
    expect(cli.lines.some((line) => /^\d{4}-\d\d-\d\d .* talk:talk STARTING -> RUNNING pid=\d+/.test(line))).toBe(true);
    // No file is written for a console stream.
    expect(existsSync(path.join(h.dir, 'logs', 'talk.out.log'))).toBe(false);
    expect(existsSync(path.join(h.dir, 'logs', 'talk.err.log'))).toBe(false);

    const tail = await h.runToEnd(['ctl', 'tail', '-n', '3', '--stdout', 'talk']);
    expect(tail.code, tail.stderr).toBe(0);
    expect(tail.stdout.split('\n')).toEqual(['talk 12 first half, second half', 'talk 13 first half, second half', 'talk 14 first half, second half']);
    const stderrTail = await h.runToEnd(['ctl', 'tail', '--stderr', 'talk']);
    expect(stderrTail.stdout).toBe('talk on stderr');
  });

  it('prints them on stdout when drover runs without a terminal', async () => {
    writeTwoPrograms();
    const cli = h.run(['-c', 'programs.yaml']);
    await cli.waitForLine(/^other:other \| other 14 first half, second half$/, 30_000);
    await cli.waitForLine(/^talk:talk \| talk 14 first half, second half$/, 30_000);
    expectWholePrefixedLines(cli.lines);
  });

  it('writes them to drover.log when detached', async () => {
    writeTwoPrograms();
    const started = await h.startDaemon();
    expect(started.code, started.stderr).toBe(0);
    const log = () => readFileSync(path.join(h.dir, 'logs', 'drover.log'), 'utf8').split('\n');
    await waitFor(
      "both programs' last lines in drover.log",
      () => log().includes('talk:talk | talk 14 first half, second half') && log().includes('other:other | other 14 first half, second half'),
      30_000,
    );
    await waitFor('the stderr line in drover.log', () => log().includes('talk:talk stderr | talk on stderr'), 30_000);
    expectWholePrefixedLines(log());
  });
});
