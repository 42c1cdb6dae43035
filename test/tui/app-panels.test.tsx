import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi, makeStatus } from '../helpers/fake-api.js';
import { KEYS, renderView, selectedLine, type RenderedView } from './render-view.js';

let view: RenderedView | null = null;
afterEach(() => {
  view?.unmount();
  view = null;
});

function apiWithDetails(): FakeApi {
  const api = new FakeApi([makeStatus('web:web_00', { pid: 4101, restarts: 2 }), makeStatus('web:web_01', { pid: 4102 }), makeStatus('worker:worker', { pid: 4200 })]);
  api.detailsOf['web:web_00'] = {
    status: api.processes[0]!,
    command: ['uvicorn', 'main:app', '--fd', '3'],
    shell: false,
    cwd: '/srv/app',
    user: 'www-data',
    environment: { PORT: '8000', DATABASE_PASSWORD: '***' },
    tree: [
      { pid: 4101, ppid: 1, command: 'uvicorn main:app --fd 3', rssBytes: 60 * 1024 * 1024 },
      { pid: 4150, ppid: 4101, command: 'python -c worker', rssBytes: 30 * 1024 * 1024 },
    ],
    exits: [
      { at: Date.now() - 60_000, pid: 3999, exitCode: null, exitSignal: 'SIGKILL', uptimeMs: 12_000, expected: false },
      { at: Date.now() - 120_000, pid: 3900, exitCode: 1, exitSignal: null, uptimeMs: 2000, expected: false },
    ],
  };
  api.logs['web:web_00'] = ['booting web_00', 'Application startup complete'];
  api.logs['web:web_01'] = ['booting web_01'];
  return api;
}

async function selectRow(rendered: RenderedView, text: string): Promise<void> {
  for (let i = 0; i < 10 && !selectedLine(rendered.frame())?.includes(text); i++) await rendered.press('j');
  await rendered.waitForFrame(`${text} selected`, (f) => selectedLine(f)?.includes(text) === true);
}

describe('details pane', () => {
  it('enter shows command, cwd, user, environment, tree, exits and sparklines; esc closes', async () => {
    view = await renderView(apiWithDetails());
    await view.waitForText('web_00');
    await selectRow(view, 'web_00');
    for (const [cpu, mb] of [
      [10, 50],
      [80, 90],
    ]) {
      view.api.sendStats([{ name: 'web:web_00', pid: 4101, cpuPercent: cpu!, rssBytes: mb! * 1024 * 1024, pids: [4101, 4150] }]);
      await view.waitForText(`${mb}.0M`);
    }
    await view.press(KEYS.enter);
    const frame = await view.waitForText('command  uvicorn main:app --fd 3');
    expect(view.api.callsOf('details')).toEqual([['web:web_00']]);
    expect(frame).toContain('web:web_00  RUNNING  pid 4101');
    expect(frame).toContain('cwd      /srv/app');
    expect(frame).toContain('user www-data');
    expect(frame).toContain('DATABASE_PASSWORD=***');
    expect(frame).toContain('PORT=8000');
    expect(frame).toMatch(/4101\s+60\.0M\s+uvicorn main:app --fd 3/);
    expect(frame).toMatch(/ {4}4150\s+30\.0M\s+python -c worker/);
    expect(frame).toMatch(/SIGKILL\s+after 12s/);
    expect(frame).toMatch(/exit 1\s+after 2s/);
    expect(frame).toMatch(/cpu\s+80\.0%\s+▂▇/);
    expect(frame).toMatch(/memory\s+90\.0M\s+▅█/);
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    await view.press(KEYS.escape);
    await view.waitForFrame('the list back', (f) => f.includes('web_01') && !f.includes('command  uvicorn'));
  });

  it('fetches again when the process changes, and says when it is gone', async () => {
    view = await renderView(apiWithDetails());
    await view.waitForText('worker');
    await selectRow(view, '    worker');
    await view.press(KEYS.enter);
    await view.waitForText('command  /bin/true');
    view.api.setState('worker:worker', { state: 'STOPPED', pid: null, startedAt: null });
    await view.waitForFrame('a second details() call', () => view!.api.callsOf('details').length === 2);
    view.api.removeProcess('worker:worker');
    await view.waitForText('worker:worker is gone');
  });

  it("on a program of several processes, enter shows the program's details from its first process", async () => {
    view = await renderView(apiWithDetails());
    await view.waitForText('web_00');
    await selectRow(view, '▾ web');
    await view.press(KEYS.enter);
    const frame = await view.waitForText('cwd        /srv/app');
    expect(frame).toContain('web  2 processes (2 RUNNING)  restarts 2');
    expect(frame).toContain('command    uvicorn main:app --fd 3');
    expect(view.api.callsOf('details')).toEqual([['web:web_00']]);
  });

  it('shows a details() failure', async () => {
    const api = apiWithDetails();
    view = await renderView(api);
    await view.waitForText('web_01');
    await selectRow(view, 'web_01');
    // The supervisor forgot the process; the view has not heard yet.
    api.processes = api.processes.filter((p) => p.name !== 'web:web_01');
    await view.press(KEYS.enter);
    await view.waitForText('web:web_01: no such process: web:web_01');
  });
});

describe('log pane', () => {
  it('l follows the selected process, and the selection when it moves', async () => {
    view = await renderView(apiWithDetails());
    await view.waitForText('web_00');
    await selectRow(view, 'web_00');
    await view.press('l');
    let frame = await view.waitForText('Application startup complete');
    expect(frame).toContain('log web:web_00');
    expect(view.api.open('logs').map((s) => s.options)).toEqual([{ logs: true, process: 'web:web_00', tail: 200 }]);
    view.api.sendLog('web:web_00', ['GET / 200'], 'stdout');
    view.api.sendLog('web:web_00', ['Traceback (most recent call last)'], 'stderr');
    frame = await view.waitForText('Traceback');
    expect(frame).toContain('GET / 200');
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);

    await view.press('j');
    await view.waitForText('log web:web_01');
    await view.waitForText('booting web_01');
    expect(view.frame()).not.toContain('Traceback');
    expect(view.api.open('logs').map((s) => s.options.process)).toEqual(['web:web_01']);

    await view.press('k', 'k');
    await view.waitForText('log web:*');
    await view.waitForText('web_00 | booting web_00');

    await view.press('l');
    await view.waitForFrame('the pane closed', (f) => !f.includes('log web:*'));
    await view.waitForFrame('the stream closed', () => view!.api.open('logs').length === 0);
  });

  it('on the all row follows every process, each line prefixed with its full name', async () => {
    view = await renderView(apiWithDetails());
    await view.waitForText('web_00');
    await view.press('l');
    await view.waitForText('log all');
    await view.waitForText('web:web_01 | booting web_01');
    expect(view.api.open('logs').map((s) => s.options.process)).toEqual(['all']);
  });
});

describe('help', () => {
  it('? lists the keys; any key closes it', async () => {
    view = await renderView(apiWithDetails());
    await view.waitForText('web_00');
    await view.press('?');
    const frame = await view.waitForText('any key closes this help');
    for (const text of ['rolling reload', 'scale the program by one', 'sort by cpu, memory, name, uptime', 'On the "all" row, x, r and R ask y/n first.']) {
      expect(frame).toContain(text);
    }
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    await view.press('x');
    await view.waitForText('web_00');
    expect(view.api.callsOf('stop')).toEqual([]);
  });
});
