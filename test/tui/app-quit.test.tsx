import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi, makeStatus } from '../helpers/fake-api.js';
import { KEYS, renderView, type RenderedView } from './render-view.js';

let view: RenderedView | null = null;
afterEach(() => {
  view?.unmount();
  view = null;
});

const api = () => new FakeApi([makeStatus('web:web_00'), makeStatus('worker:worker')]);

/** Nothing but exits: the view leaves stopping to its caller. */
function expectNoActions(fake: FakeApi): void {
  expect(fake.calls.map((c) => c.method).filter((m) => !['info', 'status', 'events'].includes(m))).toEqual([]);
}

describe('q in the embedded view', () => {
  it('offers stop-all, leave running, cancel; esc cancels', async () => {
    view = await renderView(api(), { mode: 'embedded' });
    await view.waitForText('web_00');
    await view.press('q');
    const frame = await view.waitForText('Quit drover?');
    expect(frame).toContain('stop every program and exit');
    // The long choice wraps under itself at 80 columns.
    expect(frame.replace(/\s+/g, ' ')).toContain('leave them running: the supervisor goes on headless; `drover attach -c /srv/app/programs.yaml` brings the view back');
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    await view.press(KEYS.escape);
    await view.waitForText('web_00');
    expect(view.exits).toEqual([]);
  });

  it('s returns stop-all', async () => {
    view = await renderView(api(), { mode: 'embedded' });
    await view.waitForText('web_00');
    await view.press('q', 's');
    await view.waitForFrame('an exit', () => view!.exits.length > 0);
    expect(view.exits).toEqual([{ reason: 'stop-all' }]);
    expectNoActions(view.api);
  });

  it('d returns detach', async () => {
    view = await renderView(api(), { mode: 'embedded' });
    await view.waitForText('web_00');
    await view.press('q', 'd');
    await view.waitForFrame('an exit', () => view!.exits.length > 0);
    expect(view.exits).toEqual([{ reason: 'detach' }]);
  });
});

describe('q in the attached view', () => {
  it('d detaches', async () => {
    view = await renderView(api(), { mode: 'attached' });
    await view.waitForText('web_00');
    await view.press('q');
    const frame = await view.waitForText('Leave the view?');
    expect(frame).toContain('detach (the supervisor keeps running)');
    expect(frame).toContain('stop every program and the supervisor (asks y/n)');
    await view.press('d');
    await view.waitForFrame('an exit', () => view!.exits.length > 0);
    expect(view.exits).toEqual([{ reason: 'detach' }]);
  });

  it('s asks y/n: n stays, y returns stop-all', async () => {
    view = await renderView(api(), { mode: 'attached' });
    await view.waitForText('web_00');
    await view.press('q', 's');
    await view.waitForText('stop every program and the supervisor? (y/n)');
    await view.press('n');
    await view.waitForText('cancelled');
    expect(view.exits).toEqual([]);
    await view.press('q', 's', 'y');
    await view.waitForFrame('an exit', () => view!.exits.length > 0);
    expect(view.exits).toEqual([{ reason: 'stop-all' }]);
    expectNoActions(view.api);
  });
});

describe('Ctrl-C', () => {
  it('the first asks for a second; the second quits like s when embedded', async () => {
    view = await renderView(api(), { mode: 'embedded' });
    await view.waitForText('web_00');
    await view.press(KEYS.ctrlC);
    await view.waitForText('press Ctrl-C again to quit');
    expect(view.exits).toEqual([]);
    await view.press(KEYS.ctrlC);
    await view.waitForFrame('an exit', () => view!.exits.length > 0);
    expect(view.exits).toEqual([{ reason: 'stop-all' }]);
  });

  it('the second quits like d when attached, even from a prompt', async () => {
    view = await renderView(api(), { mode: 'attached' });
    await view.waitForText('web_00');
    await view.press('/', KEYS.ctrlC, KEYS.ctrlC);
    await view.waitForFrame('an exit', () => view!.exits.length > 0);
    expect(view.exits).toEqual([{ reason: 'detach' }]);
  });

  it('the hint goes after three seconds, and then one Ctrl-C only asks again', async () => {
    view = await renderView(api(), { mode: 'embedded' });
    await view.waitForText('web_00');
    await view.press(KEYS.ctrlC);
    await view.waitForText('press Ctrl-C again to quit');
    await view.waitForFrame('the hint gone', (f) => !f.includes('press Ctrl-C again'));
    await view.press(KEYS.ctrlC);
    await view.waitForText('press Ctrl-C again to quit');
    expect(view.exits).toEqual([]);
  });
});
