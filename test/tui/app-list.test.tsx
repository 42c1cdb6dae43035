import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi, makeProgram, makeStatus } from '../helpers/fake-api.js';
import { KEYS, lineWith, renderView, selectedLine, type RenderedView } from './render-view.js';

let view: RenderedView | null = null;
afterEach(() => {
  view?.unmount();
  view = null;
});

function threePrograms(): FakeApi {
  return new FakeApi([
    makeStatus('web:web_00', { pid: 4101, restarts: 1 }),
    makeStatus('web:web_01', { pid: 4102, restarts: 2 }),
    makeStatus('queue:queue', { state: 'FATAL', exitCode: 1, description: 'exited too quickly' }),
    makeStatus('cron:cron', { state: 'STOPPED', exitSignal: 'SIGTERM' }),
  ]);
}

/** The cells of a row, split on runs of spaces. */
const cells = (line: string | undefined) =>
  (line ?? '')
    .replace(/^[› ] /, '')
    .trim()
    .split(/\s{2,}|\s(?=\S)/);

describe('the process list', () => {
  it('shows the header, every program with its processes, pids, states and last exits', async () => {
    view = await renderView(threePrograms());
    const frame = await view.waitForText('web_01');
    expect(frame).toContain('drover  box1  pid 4242  up 1h00m  /srv/app/programs.yaml');
    expect(frame).toMatch(/2 RUNNING {2}1 FATAL {2}1 STOPPED/);
    expect(lineWith(frame, 'NAME')).toMatch(/NAME▲\s+STATE\s+PID\s+CPU%\s+MEM\s+UP\s+RST\s+EXIT/);
    expect(lineWith(frame, 'web_00')).toMatch(/web_00\s+RUNNING\s+4101\s+-\s+-\s+1m05s\s+1 -/);
    expect(lineWith(frame, '  queue ')).toMatch(/queue\s+FATAL\s+-\s+-\s+-\s+-\s+0 exit 1/);
    expect(lineWith(frame, '  cron ')).toMatch(/cron\s+STOPPED\s+-.*SIGTERM/);
    const order = frame.split('\n').map((l) => (l.trim().split(/\s/)[0] === '›' ? l.trim().split(/\s+/)[1] : l.trim().split(/\s+/)[0]));
    expect(order.filter((w) => ['all', '▾', 'web_00', 'web_01', 'queue', 'cron'].includes(w ?? ''))).toEqual(['all', '▾', 'cron', '▾', 'queue', '▾', 'web_00', 'web_01']);
    expect(frame).toContain('q quit');
  });

  it('totals each program and all from their processes', async () => {
    view = await renderView(threePrograms());
    await view.waitForText('web_01');
    view.api.sendStats([
      { name: 'web:web_00', pid: 4101, cpuPercent: 12.5, rssBytes: 100 * 1024 * 1024, pids: [4101] },
      { name: 'web:web_01', pid: 4102, cpuPercent: 2.5, rssBytes: 50 * 1024 * 1024, pids: [4102, 4103] },
    ]);
    const frame = await view.waitForText('150.0M');
    expect(lineWith(frame, '▾ web (2)')).toMatch(/2 RUNNING\s+-\s+15\.0\s+150\.0M\s+1m05s\s+3/);
    expect(lineWith(frame, 'all (4)')).toMatch(/1 FATAL \+3\s+-\s+15\.0\s+150\.0M\s+1m05s\s+3/);
    expect(frame).toContain('cpu 15.0%  mem 150.0M');
  });

  it('stats events update cpu and memory in place', async () => {
    view = await renderView(threePrograms());
    await view.waitForText('web_01');
    for (const [cpu, mb] of [
      [1, 10],
      [42.5, 512],
    ] as const) {
      view.api.sendStats([{ name: 'web:web_00', pid: 4101, cpuPercent: cpu, rssBytes: mb * 1024 * 1024, pids: [4101] }]);
      const frame = await view.waitForText(`${mb}.0M`);
      expect(lineWith(frame, 'web_00')).toMatch(new RegExp(`4101\\s+${cpu.toFixed(1).replace('.', '\\.')}\\s+${mb}\\.0M`));
    }
  });

  it('state events change a row: state, pid, restarts, last exit', async () => {
    view = await renderView(threePrograms());
    await view.waitForText('web_01');
    view.api.setState('web:web_01', { state: 'BACKOFF', pid: null, startedAt: null, restarts: 3, exitCode: 2 });
    const frame = await view.waitForText('BACKOFF');
    expect(lineWith(frame, 'web_01')).toMatch(/web_01\s+BACKOFF\s+-\s+-\s+-\s+-\s+3 exit 2/);
    expect(lineWith(frame, '▾ web (2)')).toContain('1 BACKOFF +1');
    view.api.addProcess(makeStatus('web:web_02', { pid: 4199 }));
    expect(lineWith(await view.waitForText('web_02'), 'web_02')).toContain('4199');
    view.api.removeProcess('cron:cron');
    await view.waitForFrame('cron removed', (f) => !f.includes('cron'));
  });

  it('says how to add a program when there is none', async () => {
    view = await renderView(new FakeApi([]));
    const frame = await view.waitForText('No programs yet');
    expect(frame).toContain('Add one to /srv/app/programs.yaml and run `drover ctl update`');
    await view.press('j', 's', KEYS.enter);
    expect(view.api.callsOf('start')).toEqual([]);
  });
});

describe('moving, folding, filtering, sorting', () => {
  it('moves with j/k and arrows; the selected row is marked', async () => {
    view = await renderView(threePrograms());
    await view.waitForText('web_01');
    expect(selectedLine(view.frame())).toContain('all (4)');
    await view.press('j', 'j');
    await view.waitForFrame('cron selected', (f) => selectedLine(f)?.includes('  cron') === true);
    await view.press(KEYS.down, KEYS.up, KEYS.down);
    await view.waitForFrame('queue program selected', (f) => selectedLine(f)?.includes('▾ queue') === true);
    await view.press('G');
    await view.waitForFrame('last row selected', (f) => selectedLine(f)?.includes('web_01') === true);
    await view.press('g');
    await view.waitForFrame('first row selected', (f) => selectedLine(f)?.includes('all (4)') === true);
  });

  it('space folds a program into one row and unfolds it', async () => {
    view = await renderView(threePrograms());
    await view.waitForText('web_01');
    await view.press('G', KEYS.left);
    await view.waitForFrame('web program selected', (f) => selectedLine(f)?.includes('▾ web') === true);
    await view.press(' ');
    const folded = await view.waitForText('▸ web (2)');
    expect(folded).not.toContain('web_00');
    await view.press(KEYS.right);
    await view.waitForText('web_00');
  });

  it('/ filters as it is typed; enter keeps the filter, esc clears it', async () => {
    view = await renderView(threePrograms());
    await view.waitForText('web_01');
    await view.press('/', 'W', 'E', 'B', '_', '0', '1');
    let frame = await view.waitForFrame('only web_01', (f) => !f.includes('web_00') && f.includes('web_01'));
    expect(frame).toContain('/WEB_01');
    expect(frame).not.toContain('queue');
    await view.press(KEYS.enter);
    frame = await view.waitForText('NAME▲ /WEB_01');
    expect(frame).toContain('q quit');
    await view.press('/', KEYS.escape);
    await view.waitForFrame('the filter gone', (f) => f.includes('web_00') && f.includes('queue') && !f.includes('/WEB'));
  });

  it('says when the filter lets nothing through', async () => {
    view = await renderView(threePrograms());
    await view.waitForText('web_01');
    await view.press('/', 'z', 'z', KEYS.enter);
    await view.waitForText('no process matches "zz"');
  });

  it.each([
    ['c', 'CPU%▼', ['web_01', 'web_00']],
    ['m', 'MEM▼', ['web_00', 'web_01']],
    ['u', 'UP▼', ['web_00', 'web_01']],
    ['n', 'NAME▼', ['web_01', 'web_00']],
  ])('%s sorts (%s), again reverses', async (key, title, order) => {
    const api = threePrograms();
    api.processes[0]!.startedAt = Date.now() - 900_000;
    view = await renderView(api);
    await view.waitForText('web_01');
    api.sendStats([
      { name: 'web:web_00', pid: 4101, cpuPercent: 1, rssBytes: 900 * 1024, pids: [4101] },
      { name: 'web:web_01', pid: 4102, cpuPercent: 50, rssBytes: 100 * 1024, pids: [4102] },
    ]);
    await view.waitForText('900.0K');
    await view.press(key);
    let frame = await view.waitForText(title);
    const position = (f: string, name: string) => f.indexOf(`    ${name}`);
    expect(position(frame, order[0]!)).toBeLessThan(position(frame, order[1]!));
    await view.press(key);
    frame = await view.waitForText(title.replace('▼', '▲'));
    expect(position(frame, order[1]!)).toBeLessThan(position(frame, order[0]!));
  });
});

describe('a thousand processes', () => {
  it('renders a screenful, G reaches the bottom, and the frame never passes the terminal', async () => {
    const api = new FakeApi([...makeProgram('web', 600), ...makeProgram('work', 400)]);
    view = await renderView(api);
    let frame = await view.waitForText('web_001');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(frame).toContain('1000 RUNNING');
    expect(frame).not.toContain('work_000');
    await view.press('G');
    frame = await view.waitForFrame('the last process selected', (f) => selectedLine(f)?.includes('work_399') === true);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(frame).not.toContain('web_001');
    await view.press('k', 'k', KEYS.pageUp);
    frame = await view.waitForFrame('a page up', (f) => selectedLine(f)?.includes('work_') === true && !f.includes('work_399'));
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    const usage = api.processes.map((p, i) => ({ name: p.name, pid: p.pid!, cpuPercent: i % 7, rssBytes: 1024 * 1024, pids: [p.pid!] }));
    api.sendStats(usage);
    frame = await view.waitForText('1000.0M');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
  });

  it('re-lays out on resize and keeps the frame one line short of the terminal', async () => {
    view = await renderView(new FakeApi(makeProgram('web', 100)), { rows: 40, columns: 120 });
    let frame = await view.waitForText('web_10');
    expect(frame.split('\n').length).toBe(39);
    view.resize(24, 80);
    frame = await view.waitForFrame('a 24-line frame', (f) => f.split('\n').length === 23);
    expect(Math.max(...frame.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(cells(lineWith(frame, 'web_00'))[0]).toBe('web_00');
  });
});
