import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { LogStream } from '../../src/api/supervisor-api.js';
import { formatTimeOfDay } from '../../src/tui/model/log-lines.js';
import { FakeApi, makeProgram, makeStatus } from '../helpers/fake-api.js';
import { KEYS, lineWith, renderView, selectedLine, type RenderedView } from './render-view.js';

// Chalk decides once, when loaded, whether to colour: force it, to see the search highlight as drawn.
const previousForceColor = vi.hoisted(() => {
  const before = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = '1';
  return before;
});
afterAll(() => {
  if (previousForceColor === undefined) delete process.env.FORCE_COLOR;
  else process.env.FORCE_COLOR = previousForceColor;
});

let view: RenderedView | null = null;
afterEach(() => {
  view?.unmount();
  view = null;
});

/** One process with `count` numbered lines held; a log file with older ones. */
function apiWithLog(count = 40): FakeApi {
  const api = new FakeApi([makeStatus('web:web_00'), ...makeProgram('jobs', 2)]);
  api.logs['web:web_00'] = Array.from({ length: count }, (_, i) => `line ${i + 1}`);
  api.logFiles['web:web_00'] = { stdout: ['file 1', 'file 2', ...api.logs['web:web_00']], stderr: ['file err'] };
  return api;
}

function sendAt(api: FakeApi, name: string, at: number, stream: LogStream, ...lines: string[]): void {
  api.emit({ kind: 'log', at, process: name, stream, lines });
}

const ANSI = /\u001B\[[0-9;]*m/g;

/** The log line drawn inverse (the current match), without its codes; the selected list row is inverse too, but starts with ›. */
function currentLine(raw: string): string | undefined {
  return raw
    .split('\n')
    .map((line) => [line.startsWith('\u001B[7m'), line.replace(ANSI, '')] as const)
    .find(([inverse, text]) => inverse && /^\d\d:\d\d:\d\d /.test(text))?.[1];
}

async function followRow(rendered: RenderedView, text: string): Promise<void> {
  for (let i = 0; i < 10 && !selectedLine(rendered.frame())?.includes(text); i++) await rendered.press('j');
  await rendered.waitForFrame(`${text} selected`, (f) => selectedLine(f)?.includes(text) === true);
}

describe('the log viewer', () => {
  it('interleaves stdout and stderr by arrival time, marks stderr without colour, and toggles times (keys in one chunk)', async () => {
    view = await renderView(apiWithLog(0), { color: false, rows: 24, columns: 100 });
    await view.waitForText('web_00');
    await followRow(view, 'web_00');
    await view.press('\t');
    await view.waitForText('log web:web_00');
    await view.waitForFrame('the stream open', () => view!.api.open('logs').length === 1);
    const t0 = new Date(2026, 4, 1, 14, 3, 9).getTime();
    // As a backlog comes: one stream, then the other.
    sendAt(view.api, 'web:web_00', t0, 'stdout', 'first out');
    sendAt(view.api, 'web:web_00', t0 + 2000, 'stdout', 'third out');
    sendAt(view.api, 'web:web_00', t0 + 1000, 'stderr', 'second err');
    sendAt(view.api, 'web:web_00', t0 + 3000, 'stderr', 'fourth err');
    const frame = await view.waitForText('fourth err');
    const order = ['first out', 'second err', 'third out', 'fourth err'].map((text) => frame.indexOf(text));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(lineWith(frame, 'second err')).toBe(`${formatTimeOfDay(t0 + 1000)} ! second err`);
    expect(lineWith(frame, 'third out')).toBe(`${formatTimeOfDay(t0 + 2000)}   third out`);
    await view.press('tt t');
    await view.waitForFrame('times off', (f) => lineWith(f, 'second err') === '! second err');
    expect(lineWith(view.frame(), 'first out')).toBe('  first out');
  });

  it('f makes the log the whole body, header and status line kept; the list comes back with it', async () => {
    view = await renderView(apiWithLog(), { rows: 24, columns: 100 });
    await view.waitForText('web_00');
    await followRow(view, 'web_00');
    await view.press('\tf');
    const frame = await view.waitForFrame('full screen', (f) => !f.includes('NAME') && f.includes('line 40'));
    // 23 rows: header 2, status 1, footer 1, the title: 18 log lines.
    expect(frame).toContain('line 23');
    expect(frame).not.toContain('line 22\n');
    expect(frame).toContain('drover');
    await view.press('f\t');
    await view.waitForFrame('the list back', (f) => f.includes('NAME') && f.includes('line 40'));
  });

  it('scrolls back through what is held, then reads older lines from the log files, marked as such', async () => {
    view = await renderView(apiWithLog(), { rows: 24, columns: 100 });
    await view.waitForText('web_00');
    await followRow(view, 'web_00');
    await view.press('\t');
    await view.waitForText('line 40');
    await view.press('kkk');
    let frame = await view.waitForFrame('scrolled back three', (f) => f.includes('line 37') && !f.includes('line 38'));
    expect(frame).toContain('log web:web_00 · paused, +3 new (p follows)');
    await view.press('g', 'k');
    await view.waitForText("3 older lines from web:web_00's log files");
    expect(view.api.callsOf('tail')).toEqual([
      ['web:web_00', 200, 'stdout', 40],
      ['web:web_00', 200, 'stderr', 0],
    ]);
    await view.press('kkk');
    // The keys of a chunk are handled one render apart: wait for the last k, which shows stderr's block too.
    frame = await view.waitForFrame('the oldest file lines', (f) => f.includes('file 1') && f.includes('file err'));
    expect(lineWith(frame, 'file 1')).toMatch(/^file {7}file 1/);
    expect(lineWith(frame, 'file err')).toMatch(/^file {4} ! file err/);
    await view.press('k');
    await view.waitForText("the start of web:web_00's log files");
    await view.press('G');
    await view.waitForFrame('following again', (f) => f.includes('line 40') && !f.includes('paused'));
  });

  it('/ searches (typed in one chunk with enter), n and N move between matches, matches highlighted, "no match" said', async () => {
    view = await renderView(apiWithLog(), { rows: 24, columns: 100 });
    await view.waitForText('web_00');
    await followRow(view, 'web_00');
    await view.press('\t');
    await view.waitForText('line 40');
    await view.press('/line 3\r');
    await view.waitForText('search "line 3"');
    // The newest match, line 39, is the current one: drawn inverse, its match underlined.
    expect(currentLine(view.rawFrame())).toMatch(/ line 39$/);
    expect(view.rawFrame()).toMatch(/\u001B\[4m(\u001B\[[0-9;]*m)*line 3(\u001B\[[0-9;]*m)*9/);
    await view.press('nnnnnnnnn');
    await view.waitForFrame('line 30 current', () => currentLine(view!.rawFrame())?.endsWith(' line 30') === true);
    // Line 3 matches too, far back: the view moves there.
    await view.press('n');
    const frame = await view.waitForFrame('line 3 current', () => currentLine(view!.rawFrame())?.endsWith(' line 3') === true);
    expect(frame).not.toContain('line 40');
    await view.press('n');
    await view.waitForText('no match for "line 3" further back');
    await view.press('N');
    await view.waitForFrame('line 30 current', () => currentLine(view!.rawFrame())?.endsWith(' line 30') === true);
    await view.press('/nothing here\r');
    await view.waitForText('no match for "nothing here"');
  });

  it('p pauses following: new lines are counted, the view stays; p again shows them', async () => {
    view = await renderView(apiWithLog(), { rows: 24, columns: 100 });
    await view.waitForText('web_00');
    await followRow(view, 'web_00');
    await view.press('\t');
    await view.waitForText('line 40');
    await view.press('kjp');
    await view.waitForText('paused (p follows)');
    await view.waitForFrame('the stream open', () => view!.api.open('logs').length === 1);
    view.api.sendLog('web:web_00', ['new a', 'new b']);
    view.api.sendLog('web:web_00', ['new c'], 'stderr');
    const frame = await view.waitForText('paused, +3 new');
    expect(frame).toContain('line 40');
    expect(frame).not.toContain('new a');
    await view.press('p');
    await view.waitForFrame('the new lines', (f) => f.includes('new c') && !f.includes('paused'));
  });

  it('follows a program with each line prefixed by its process, and the selection as it moves', async () => {
    view = await renderView(apiWithLog(), { rows: 24, columns: 100 });
    await view.waitForText('jobs_01');
    await followRow(view, 'jobs (2)');
    await view.press('l');
    await view.waitForText('log jobs:*');
    await view.waitForFrame('the stream open', () => view!.api.open('logs')[0]?.options.process === 'jobs:*');
    const t0 = Date.now();
    sendAt(view.api, 'jobs:jobs_01', t0 + 20, 'stdout', 'job b');
    sendAt(view.api, 'jobs:jobs_00', t0 + 10, 'stderr', 'job a');
    const frame = await view.waitForText('job b');
    expect(frame.indexOf('jobs_00 | job a')).toBeLessThan(frame.indexOf('jobs_01 | job b'));
    expect(lineWith(frame, 'job a')).toMatch(/! jobs_00 \| job a$/);
    await view.press('jj');
    await view.waitForText('log jobs:jobs_01');
    await view.waitForFrame(
      'one stream, on jobs_01',
      () =>
        view!.api
          .open('logs')
          .map((s) => s.options.process)
          .join() === 'jobs:jobs_01',
    );
    await view.press(KEYS.escape);
  });
});
