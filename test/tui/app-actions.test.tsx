import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi, makeStatus } from '../helpers/fake-api.js';
import { KEYS, renderView, selectedLine, type RenderedView } from './render-view.js';

let view: RenderedView | null = null;
afterEach(() => {
  view?.unmount();
  view = null;
});

function webAndWorker(): FakeApi {
  return new FakeApi([makeStatus('web:web_00', { pid: 4101 }), makeStatus('web:web_01', { pid: 4102 }), makeStatus('worker:worker', { pid: 4200 })]);
}

/** Renders and selects the row whose line contains `text`, by pressing j. */
async function renderAt(text: string, api = webAndWorker()): Promise<RenderedView> {
  const rendered = await renderView(api);
  await rendered.waitForText('worker');
  for (let i = 0; i < 10 && !selectedLine(rendered.frame())?.includes(text); i++) {
    await rendered.press('j');
    await rendered.waitForFrame('the selection to move', () => true);
  }
  await rendered.waitForFrame(`${text} selected`, (f) => selectedLine(f)?.includes(text) === true);
  return rendered;
}

describe('actions on the selected row', () => {
  it.each([
    ['s', 'start'],
    ['x', 'stop'],
    ['r', 'restart'],
    ['R', 'reload'],
  ])('%s on a process calls %s with its name and reports the result', async (key, verb) => {
    view = await renderAt('web_01');
    await view.press(key);
    await view.waitForText(`${verb} web:web_01: ok`);
    expect(view.api.callsOf(verb)).toEqual([[['web:web_01']]]);
  });

  it('on a program row acts on program:*', async () => {
    view = await renderAt('▾ web');
    await view.press('r');
    await view.waitForText('restart web:*: ok (2 processes)');
    expect(view.api.callsOf('restart')).toEqual([[['web:*']]]);
  });

  it('s on the all row starts everything at once', async () => {
    view = await renderAt('all (3)');
    await view.press('s');
    await view.waitForText('start all: ok (3 processes)');
    expect(view.api.callsOf('start')).toEqual([[['all']]]);
  });

  it('x on the all row asks first: n cancels without a call, y proceeds', async () => {
    view = await renderAt('all (3)');
    await view.press('x');
    await view.waitForText('stop every process? (y/n)');
    await view.press('n');
    await view.waitForText('cancelled');
    expect(view.api.callsOf('stop')).toEqual([]);
    await view.press('x');
    await view.waitForText('stop every process? (y/n)');
    await view.press('y');
    await view.waitForText('stop all: ok (3 processes)');
    expect(view.api.callsOf('stop')).toEqual([[['all']]]);
  });

  it.each([
    ['r', 'restart every process?', 'restart'],
    ['R', 'reload every program?', 'reload'],
  ])('%s on the all row asks "%s"', async (key, question, verb) => {
    view = await renderAt('all (3)');
    await view.press(key);
    await view.waitForText(`${question} (y/n)`);
    await view.press(KEYS.escape);
    await view.waitForText('cancelled');
    await view.press(key, 'y');
    await view.waitForText(`${verb} all: ok`);
    expect(view.api.callsOf(verb)).toEqual([[['all']]]);
  });

  it('+ and - scale the program; on the all row they ask for a program', async () => {
    view = await renderAt('web_00');
    await view.press('+');
    await view.waitForText('scale web +1: ok');
    await view.press('-');
    await view.waitForText('scale web -1: ok');
    expect(view.api.callsOf('scale')).toEqual([
      ['web', '+1'],
      ['web', '-1'],
    ]);
    await view.press('g', '+');
    await view.waitForText('scale: select a program');
    expect(view.api.callsOf('scale')).toHaveLength(2);
  });
});

describe('failures', () => {
  it('a rejected call shows its message', async () => {
    const api = webAndWorker();
    api.answer = (verb) => (verb === 'restart' ? new Error('drover is already shutting down') : undefined);
    view = await renderAt('    worker', api);
    await view.press('r');
    await view.waitForText('restart worker:worker: drover is already shutting down');
  });

  it('a result that is not ok shows its message; several say how many failed', async () => {
    const api = webAndWorker();
    api.answer = (verb, [pattern]) => {
      if (verb === 'start' && pattern === 'worker:worker') return [{ name: 'worker:worker', ok: false, state: 'RUNNING', message: 'already running' }];
      if (verb === 'stop')
        return [
          { name: 'web:web_00', ok: true, state: 'STOPPED', message: 'stopped' },
          { name: 'web:web_01', ok: false, state: 'STOPPING', message: 'did not stop in time' },
        ];
      return undefined;
    };
    view = await renderAt('    worker', api);
    await view.press('s');
    await view.waitForText('start worker:worker: already running');
    await view.press('k', 'k', 'k', 'k');
    await view.waitForFrame('web program selected', (f) => selectedLine(f)?.includes('▾ web') === true);
    await view.press('x');
    await view.waitForText('stop web:*: 1 of 2 failed: web:web_01: did not stop in time');
  });

  it('an action that answers nothing says so', async () => {
    const api = webAndWorker();
    api.answer = () => [];
    view = await renderAt('    worker', api);
    await view.press('s');
    await view.waitForText('start worker:worker: nothing to do');
  });
});

describe('keys that arrive together', () => {
  it('"jjr" in one read moves two rows, then restarts the row it landed on', async () => {
    view = await renderView(webAndWorker());
    await view.waitForText('worker');
    // all → web (program) → web_00: two moves, then r, all in one chunk as a fast typist or a script sends them.
    await view.press('jjr');
    await view.waitForText('restart web:web_00: ok');
    expect(view.api.callsOf('restart')).toEqual([[['web:web_00']]]);
  });
});

describe('supervisor warnings', () => {
  it('show on the status line (a liveness restart, a limit hit); info messages do not', async () => {
    view = await renderView(webAndWorker());
    await view.waitForText('worker');
    view.api.sendSupervisor('info', 'web: src/app.py changed: restarting');
    view.api.sendSupervisor('warn', 'web:web_00 (pid 4101) uses 612.0M (whole tree), over its max_memory of 512.0M: replacing it');
    await view.waitForText('over its max_memory of 512.0M');
    expect(view.frame()).not.toContain('src/app.py changed');
  });
});
