import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli-harness.js';
import { DaemonHarness } from '../helpers/daemon-harness.js';
import { TmuxSession } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * The log viewer in a real terminal: drover inside tmux following a program of
 * three processes that print numbered, timed lines, a tenth of a second apart.
 */

if (!TmuxSession.available()) throw new Error('these tests need tmux (apt-get install tmux; .ci/run installs it)');

/**
 * Each process starts a slot later and prints every 0.3 s, its time taken in the same turn as the write
 * (a forked `date` could be held up between reading the clock and printing on a loaded machine).
 */
const TICKER = `const name = process.env.DROVER_PROCESS_NAME;
const slot = Number(name.slice(name.lastIndexOf('_') + 1));
let n = 0;
setTimeout(() => setInterval(() => console.log(\`from=\${name} n=\${++n} t=\${Date.now()}\`), 300), 100 * slot);
`;
/** Lines printed this close together may reach the supervisor in either order: the scheduler decides, not drover. */
const SAME_MOMENT_MS = 40;

let h: DaemonHarness;
let t: TmuxSession | null = null;
beforeEach(() => {
  h = new DaemonHarness();
  const script = path.join(h.dir, 'ticker.js');
  writeFileSync(script, TICKER);
  h.writeConfig(`programs:\n  ticker:\n    command: ${process.execPath} ${script}\n    numprocs: 3\n    startsecs: 0\n`);
});
afterEach(async () => {
  t?.kill();
  t = null;
  await h.cleanup();
});

interface ShownLine {
  prefix: string;
  from: string;
  n: number;
  t: number;
}

/** The ticker lines on screen, top to bottom. */
function shownLines(text: string): ShownLine[] {
  return [...text.matchAll(/(\S+) \| from=(\S+) n=(\d+) t=(\d+)/g)].map((m) => ({ prefix: m[1]!, from: m[2]!, n: Number(m[3]), t: Number(m[4]) }));
}

/** The screen with its attributes: the current search match is drawn inverse (SGR 7). */
function inverseLines(session: TmuxSession): string[] {
  return session
    .tmux(['capture-pane', '-p', '-e', '-t', 'main'])
    .split('\n')
    .filter((line) => /\u001B\[(?:[0-9;]*;)?7[;m]/.test(line))
    .map((line) => line.replace(/\u001B\[[0-9;]*m/g, ''));
}

async function openViewerOnProgram(): Promise<TmuxSession> {
  const session = new TmuxSession([process.execPath, CLI, '-c', 'programs.yaml'].join(' '), { cwd: h.dir, width: 100, height: 30, env: { CI: 'true' } });
  t = session;
  await session.waitForText('the three ticker processes', (text) => /ticker_02/.test(text) && /3 RUNNING/.test(text));
  await h.rememberPrograms();
  // The all row, then the program row: the viewer follows ticker:*.
  session.keys('j');
  await session.waitForText('the program row selected', (text) => /^› .*ticker \(3\)/m.test(text));
  session.keys('Tab');
  await session.waitForText('the log viewer on the program', (text) => /log ticker:\*/.test(text));
  return session;
}

describe('the log viewer in a real terminal (tmux)', () => {
  it('follows a program of 3 processes: lines from all three, in time order, each prefixed by its process', async () => {
    const session = await openViewerOnProgram();
    const followed = Date.now();
    session.keys('f');
    // A screen holding the backlog (printed before following began) and live lines after it: one time order across both.
    const text = await session.waitForText('a screen of backlog and live lines from all three', (screen) => {
      const lines = shownLines(screen);
      return lines.length >= 15 && lines.some((l) => l.t < followed) && lines.some((l) => l.t > followed + 500) && new Set(lines.map((l) => l.from)).size === 3;
    });
    const lines = shownLines(text);
    for (const line of lines) expect(line.prefix).toBe(line.from);
    const outOfOrder = lines.slice(1).filter((line, i) => line.t < lines[i]!.t - SAME_MOMENT_MS);
    expect(outOfOrder).toEqual([]);
    for (const name of ['ticker_00', 'ticker_01', 'ticker_02']) {
      const numbers = lines.filter((l) => l.from === name).map((l) => l.n);
      expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    }
    expect(text).toMatch(/^drover /m);
  });

  it('search: / and the text, enter shows the newest match; n jumps to the one before', async () => {
    const session = await openViewerOnProgram();
    // A number every process prints after following began: live lines, which arrive in time order whatever the backlog does.
    const backlog = await session.waitForText('the backlog', (text) => shownLines(text).length > 0);
    const wanted = Math.max(...shownLines(backlog).map((l) => l.n)) + 2;
    await session.waitForText(
      `n=${wanted + 1} from all three`,
      (text) =>
        new Set(
          shownLines(text)
            .filter((l) => l.n > wanted)
            .map((l) => l.from),
        ).size === 3,
    );
    session.type(`/n=${wanted} t`);
    session.keys('Enter');
    await session.waitForText('the search in the title', (text) => new RegExp(`search "n=${wanted} t"`).test(text) && /paused/.test(text));
    const first = await waitFor('the newest match drawn inverse', () => inverseLines(session).find((line) => line.includes(`n=${wanted} t=`)) ?? null).catch((error: Error) => {
      throw new Error(`${error.message}\nscreen with attributes:\n${JSON.stringify(session.tmux(['capture-pane', '-p', '-e', '-t', 'main']))}`, { cause: error });
    });
    const firstFrom = /from=(\S+)/.exec(first)![1];
    session.keys('n');
    const second = await waitFor('n on another match', () => inverseLines(session).find((line) => line.includes(`n=${wanted} t=`) && !line.includes(`from=${firstFrom} `)) ?? null);
    const time = (line: string) => Number(/t=(\d+)/.exec(line)![1]);
    expect(time(second)).toBeLessThan(time(first));
  });
});
