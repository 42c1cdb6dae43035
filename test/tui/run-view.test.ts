import { describe, expect, it } from 'vitest';
import type { SupervisorInfo } from '../../src/api/supervisor-api.js';
import { restoreTerminal, runView, type ViewExit, type ViewOptions } from '../../src/tui/run-view.js';
import { FakeApi, makeStatus } from '../helpers/fake-api.js';
import { waitFor } from '../helpers/wait-for.js';
import { fakeTerminal } from './fake-terminal.js';

const ENTER = '\u001B[?1049h';
const LEAVE = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
const PASTE_ON = '\u001B[?2004h';
const PASTE_OFF = '\u001B[?2004l';

function start(mode: ViewOptions['mode'], api = new FakeApi([makeStatus('web:web_00')])) {
  const terminal = fakeTerminal();
  const exit = runView({ api, mode, configFile: 'programs.yaml', color: false, ...terminal.streams });
  // Settled or not, the test reads it: keep an early rejection from counting as unhandled.
  exit.catch(() => undefined);
  return { api, exit, ...terminal };
}

/** Waits until the view has its first snapshot and listens for keys, then types each key. */
async function type(view: ReturnType<typeof start>, ...keys: string[]): Promise<void> {
  await waitFor('the view to listen for keys', () => view.stdin.listening && view.api.callsOf('status').length > 0);
  for (const key of keys) {
    view.stdin.type(key);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function expectRestored(view: ReturnType<typeof start>): void {
  const output = view.stdout.output;
  expect(output.startsWith(ENTER)).toBe(true);
  expect(output.lastIndexOf(LEAVE)).toBeGreaterThan(output.lastIndexOf(ENTER));
  expect(output.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(output.lastIndexOf(ENTER));
  // Bracketed paste is on only while the view has the terminal.
  expect(output.indexOf(PASTE_ON)).toBeGreaterThan(0);
  expect(output.lastIndexOf(PASTE_OFF)).toBeGreaterThan(output.lastIndexOf(PASTE_ON));
  expect(view.stdin.isRaw).toBe(false);
}

describe('runView', () => {
  it.each<[ViewOptions['mode'], string[], ViewExit]>([
    ['embedded', ['q', 'd'], { reason: 'detach' }],
    ['embedded', ['q', 's'], { reason: 'stop-all' }],
    ['embedded', ['\u0003', '\u0003'], { reason: 'stop-all' }],
    ['attached', ['q', 'd'], { reason: 'detach' }],
    ['attached', ['q', 's', 'y'], { reason: 'stop-all' }],
    ['attached', ['\u0003', '\u0003'], { reason: 'detach' }],
    // One read with several keys (a laggy link): each is a key of its own.
    ['embedded', ['qd'], { reason: 'detach' }],
    ['attached', ['qsy'], { reason: 'stop-all' }],
    ['embedded', ['j\u0003\u0003'], { reason: 'stop-all' }],
  ])('%s: %j returns %j and restores the terminal', async (mode, keys, expected) => {
    const view = start(mode);
    await type(view, ...keys);
    await expect(view.exit).resolves.toEqual(expected);
    expectRestored(view);
    expect(view.stdin.rawModes).toContain(true);
    // The caller stops things, not the view.
    expect(view.api.calls.map((c) => c.method).filter((m) => ['stop', 'shutdown'].includes(m))).toEqual([]);
    // Every stream the view opened is closed.
    expect(view.api.subscriptions.every((s) => s.closed)).toBe(true);
  });

  it('returns supervisor-gone when the event stream ends with an error', async () => {
    const view = start('attached');
    await type(view);
    view.api.endStreams(new Error('the supervisor at run/drover.sock ended the event stream (stream ended)'));
    const exit = await view.exit;
    expect(exit).toMatchObject({ reason: 'supervisor-gone', error: { message: expect.stringContaining('ended the event stream') } });
    expectRestored(view);
  });

  it('returns supervisor-gone when the supervisor cannot be reached at all', async () => {
    const api = new FakeApi([]);
    api.unreachable = new Error('nothing answers at run/drover.sock');
    const view = start('attached', api);
    const exit = await view.exit;
    expect(exit).toMatchObject({ reason: 'supervisor-gone', error: { message: 'nothing answers at run/drover.sock' } });
    expectRestored(view);
  });

  it('restores the terminal when rendering throws, and rethrows', async () => {
    const api = new FakeApi([makeStatus('web:web_00')]);
    api.info = () =>
      Promise.resolve({
        get hostname(): string {
          throw new Error('header exploded');
        },
      } as unknown as SupervisorInfo);
    const view = start('embedded', api);
    await expect(view.exit).rejects.toThrow('header exploded');
    expectRestored(view);
  });

  it('ends as detach when its signal aborts, before or after it started', async () => {
    const aborted = new AbortController();
    const terminal = fakeTerminal();
    const api = new FakeApi([makeStatus('web:web_00')]);
    const exit = runView({ api, mode: 'embedded', configFile: 'programs.yaml', signal: aborted.signal, ...terminal.streams });
    await waitFor('the first snapshot', () => api.callsOf('status').length > 0);
    aborted.abort();
    await expect(exit).resolves.toEqual({ reason: 'detach' });
    expect(terminal.stdout.output.lastIndexOf(LEAVE)).toBeGreaterThan(0);

    const early = fakeTerminal();
    await expect(runView({ api, mode: 'embedded', configFile: 'programs.yaml', signal: aborted.signal, ...early.streams })).resolves.toEqual({ reason: 'detach' });
    expect(early.stdout.output).toContain(LEAVE);
  });
});

describe('restoreTerminal', () => {
  it('is idempotent, and leaves alone a terminal the view never took over', async () => {
    const view = start('embedded');
    await type(view, 'q', 'd');
    await view.exit;
    const writes = view.stdout.writes.length;
    restoreTerminal(view.streams.stdout, view.streams.stdin);
    restoreTerminal(view.streams.stdout, view.streams.stdin);
    expect(view.stdout.writes.length).toBe(writes);

    const untouched = fakeTerminal();
    untouched.stdin.setRawMode(true);
    restoreTerminal(untouched.streams.stdout, untouched.streams.stdin);
    expect(untouched.stdout.writes).toEqual([]);
    expect(untouched.stdin.isRaw).toBe(false);
  });
});
