import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi, makeStatus } from '../helpers/fake-api.js';
import { KEYS, renderView, selectedLine, type RenderedView } from './render-view.js';

/**
 * Several keys in one write, as a laggy SSH link, mosh or a script delivers
 * them: every key counts, in order, each one acting on what the one before
 * left on screen. And a bracketed paste is text, never keys.
 */

let view: RenderedView | null = null;
afterEach(() => {
  view?.unmount();
  view = null;
});

const PASTE_START = '\u001B[200~';
const PASTE_END = '\u001B[201~';
const PROMPT_HINT = 'enter keeps the filter';

/** Rows, sorted by name: all, ▾ solo, solo, ▾ web, web_00, web_01. */
async function render(mode: 'embedded' | 'attached' = 'embedded'): Promise<RenderedView> {
  const api = new FakeApi([makeStatus('solo:solo', { pid: 4001 }), makeStatus('web:web_00', { pid: 4101 }), makeStatus('web:web_01', { pid: 4102 })]);
  const rendered = await renderView(api, { mode });
  await rendered.waitForText('web_01');
  return rendered;
}

const actionCalls = (api: FakeApi) => api.calls.filter((c) => !['info', 'status', 'events', 'tail', 'details'].includes(c.method));

describe('keys in one write', () => {
  it.each([
    ['"/solo⏎" from the list', ['/solo\r']],
    ['"/", then "solo⏎" typed into the open prompt', ['/', 'solo\r']],
  ])('filter: %s filters to solo and closes the prompt', async (_what, writes) => {
    view = await render();
    await view.press(...writes);
    const frame = await view.waitForFrame('the filter kept, the prompt closed', (f) => f.includes('NAME▲ /solo') && !f.includes(PROMPT_HINT));
    expect(frame).not.toContain('web_00');
    expect(frame).toContain('solo');
  });

  it('filter: Backspace and Enter in the same write', async () => {
    view = await render();
    // s, x, ⌫ (DEL), o, ⌫ (BS), o, l, o: "solo".
    await view.press('/sx\u007Fo\bolo\r');
    const frame = await view.waitForFrame('the filter "solo" kept, the prompt closed', (f) => f.includes('NAME▲ /solo') && !f.includes(PROMPT_HINT));
    expect(frame).not.toContain('web_00');
  });

  // Unfiltered, the second row down is solo: the keys after ⏎ must wait for the filtered rows.
  it('a key after the filter acts on the filtered rows: "/web⏎jjr" restarts web_00', async () => {
    view = await render();
    await view.press('/web\rjjr');
    await view.waitForText('restart web:web_00: ok');
    expect(view.api.callsOf('restart')).toEqual([[['web:web_00']]]);
  });

  it('confirm dialog: "xy" stops everything, "xn" cancels', async () => {
    view = await render();
    await view.press('xn');
    await view.waitForText('cancelled');
    expect(view.api.callsOf('stop')).toEqual([]);
    await view.press('xy');
    await view.waitForText('stop all: ok (3 processes)');
    expect(view.api.callsOf('stop')).toEqual([[['all']]]);
  });

  it('quit menu: "qd" detaches (embedded), "qsy" stops all (attached)', async () => {
    view = await render();
    await view.press('qd');
    await view.waitForFrame('an exit', () => view!.exits.length > 0);
    expect(view.exits).toEqual([{ reason: 'detach' }]);
    view.unmount();

    view = await render('attached');
    await view.press('qsy');
    await view.waitForFrame('an exit', () => view!.exits.length > 0);
    expect(view.exits).toEqual([{ reason: 'stop-all' }]);
  });

  it('details: "jjjj⏎qj" opens web_00, closes it, and moves on to web_01', async () => {
    view = await render();
    await view.press('jjjj\rqj');
    await view.waitForFrame('web_01 selected in the list', (f) => selectedLine(f)?.includes('web_01') === true);
    expect(view.api.callsOf('details')[0]).toEqual(['web:web_00']);
  });

  it('help: "?x?" opens help, x only closes it, ? opens it again', async () => {
    view = await render();
    await view.press('?x?');
    await view.waitForText('any key closes this help');
    expect(actionCalls(view.api)).toEqual([]);
  });

  it('scale: "jjj+-+" scales web by one three times, in order', async () => {
    view = await render();
    await view.press('jjj+-+');
    await view.waitForFrame('three scale calls', () => view!.api.callsOf('scale').length === 3);
    expect(view.api.callsOf('scale')).toEqual([
      ['web', '+1'],
      ['web', '-1'],
      ['web', '+1'],
    ]);
  });

  it('Ctrl-C inside a write still counts: "j^C^C" quits', async () => {
    view = await render();
    await view.press(`j${KEYS.ctrlC}${KEYS.ctrlC}`);
    await view.waitForFrame('an exit', () => view!.exits.length > 0);
    expect(view.exits).toEqual([{ reason: 'stop-all' }]);
  });
});

describe('bracketed paste', () => {
  it('into the filter is text, its Enter too, even with the markers cut across writes', async () => {
    view = await render();
    await view.press('/', `${PASTE_START}so`, `lo\r${PASTE_END.slice(0, 4)}`, PASTE_END.slice(4));
    const frame = await view.waitForFrame('the pasted filter, the prompt still open', (f) => f.includes('/solo') && f.includes(PROMPT_HINT));
    expect(frame).not.toContain('web_00');
    await view.press(KEYS.enter);
    await view.waitForFrame('the prompt closed', (f) => f.includes('NAME▲ /solo') && !f.includes(PROMPT_HINT));
  });

  it('anywhere else is ignored: a pasted "x⏎y" stops nothing, and keys work after it', async () => {
    view = await render();
    await view.press(`${PASTE_START}x\ry${PASTE_END}`, 'j');
    await view.waitForFrame('solo selected', (f) => selectedLine(f)?.includes('solo') === true);
    expect(view.frame()).not.toContain('(y/n)');
    expect(actionCalls(view.api)).toEqual([]);
  });
});
