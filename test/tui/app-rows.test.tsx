import { afterEach, describe, expect, it } from 'vitest';
import type { ProgramSummary } from '../../src/api/supervisor-api.js';
import { STATUS_LIFETIME_MS } from '../../src/tui/hooks/use-status-line.js';
import { FakeApi, makeProgram, makeStatus } from '../helpers/fake-api.js';
import { waitFor } from '../helpers/wait-for.js';
import { KEYS, lineWith, renderView, selectedLine, type RenderedView } from './render-view.js';

let view: RenderedView | null = null;
afterEach(() => {
  view?.unmount();
  view = null;
});

const WEB: ProgramSummary = { name: 'web', command: 'gunicorn app:app --bind fd://3', processes: 3, bind: ['127.0.0.1:8000'], readiness: null };
const API: ProgramSummary = { name: 'api', command: 'node server.js', processes: 1, bind: [], readiness: 'http http://127.0.0.1:3000/health' };
const WORKER: ProgramSummary = { name: 'worker_emails', command: 'python -m worker --queue emails', processes: 1, bind: [], readiness: null };

/** A prefork program of 3 workers, a program with a readiness probe, and a plain one. */
function mixedPrograms(): FakeApi {
  const api = new FakeApi([...makeProgram('web', 3, { restarts: 1 }), makeStatus('api:api', { ready: false }), makeStatus('worker_emails:worker_emails', { pid: 4300 })]);
  api.infoValue = { ...api.infoValue, programs: [WEB, API, WORKER] };
  return api;
}

async function selectRow(rendered: RenderedView, text: string): Promise<void> {
  for (let i = 0; i < 12 && !selectedLine(rendered.frame())?.includes(text); i++) await rendered.press('j');
  await rendered.waitForFrame(`${text} selected`, (f) => selectedLine(f)?.includes(text) === true);
}

describe('rows', () => {
  it('a STARTING process shows its pid and how long it has been starting', async () => {
    view = await renderView(new FakeApi([makeStatus('slow:slow', { state: 'STARTING', pid: 5123, startedAt: Date.now() - 3000 })]));
    const frame = await view.waitForText('  slow ');
    expect(lineWith(frame, '  slow ')).toMatch(/slow\s+STARTING\s+5123\s+-\s+-\s+3s/);
  });

  it("after a restart, the old child's CPU and memory give way to - until the new pid's sample", async () => {
    view = await renderView(new FakeApi([makeStatus('app:app', { pid: 4000 })]));
    await view.waitForText('  app ');
    view.api.sendStats([{ name: 'app:app', pid: 4000, cpuPercent: 55, rssBytes: 300 * 1024 * 1024, pids: [4000] }]);
    await view.waitForText('300.0M');
    view.api.setState('app:app', { state: 'STARTING', pid: 4001, startedAt: Date.now(), restarts: 1 });
    const restarted = await view.waitForFrame('the new pid', (f) => lineWith(f, '  app ')?.includes('4001') === true);
    expect(lineWith(restarted, '  app ')).toMatch(/4001\s+-\s+-\s+0s/);
    // The header's totals leave the old child out too.
    await view.waitForText('cpu -  mem -');
    view.api.sendStats([{ name: 'app:app', pid: 4001, cpuPercent: 2, rssBytes: 20 * 1024 * 1024, pids: [4001] }]);
    await view.waitForFrame("the new pid's figures", (f) => /4001\s+2\.0\s+20\.0M/.test(lineWith(f, '  app ') ?? ''));
  });

  it('PORT/READY shows a prefork bind address and a readiness verdict; COMMAND the command, at 140 columns', async () => {
    view = await renderView(mixedPrograms(), { rows: 24, columns: 140 });
    const frame = await view.waitForText('gunicorn');
    expect(lineWith(frame, 'NAME')).toMatch(/NAME▲\s+STATE\s+PORT\/READY\s+PID\s+CPU%\s+MEM\s+UP\s+RST\s+EXIT\s+COMMAND/);
    expect(lineWith(frame, '▾ web (3)')).toMatch(/3 RUNNING\s+127\.0\.0\.1:8000 .*gunicorn app:app --bind fd:\/\/3/);
    // NOT READY sums up like STARTING: up, not serving.
    expect(lineWith(frame, '▾ api')).toMatch(/1 STARTING\s+NOT READY .*node server\.js/);
    expect(lineWith(frame, '  api ')).toMatch(/api\s+NOT READY\s+NOT READY/);
    expect(lineWith(frame, '▾ worker_emails')).toContain('python -m worker --queue emails');
    // The name column is as wide as the longest name, not half the screen.
    expect(lineWith(frame, 'NAME')!.indexOf('STATE')).toBeLessThan(30);
  });

  it('follows a config update: a process added or removed asks info() again, once per burst', async () => {
    const api = mixedPrograms();
    view = await renderView(api, { rows: 24, columns: 140 });
    await view.waitForText('gunicorn app:app');
    api.infoValue = { ...api.infoValue, programs: [{ ...WEB, command: 'gunicorn app:app --workers-changed', processes: 40 }, API, WORKER] };
    const before = api.callsOf('info').length;
    for (let i = 3; i < 40; i++) api.addProcess(makeStatus(`web:web_${i}`));
    await view.waitForText('gunicorn app:app --workers-changed');
    expect(api.callsOf('info').length - before).toBeLessThanOrEqual(2);
  });

  it('at 60x15, names stay whole and PORT/READY, RST and EXIT go', async () => {
    view = await renderView(mixedPrograms(), { rows: 15, columns: 60 });
    const frame = await view.waitForText('worker_emails');
    expect(lineWith(frame, 'NAME')).toMatch(/NAME▲\s+STATE\s+PID\s+CPU%\s+MEM\s+UP\s*$/);
    expect(lineWith(frame, '  worker_emails ')).toMatch(/worker_emails\s+RUNNING\s+4300\s+-\s+-\s+1m05s\s*$/);
    expect(frame).not.toContain('127.0.0.1:8000');
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('below 40x10 says the terminal is too small, and draws again once it is large enough', async () => {
    view = await renderView(mixedPrograms(), { rows: 9, columns: 80 });
    const frame = await view.waitForText('terminal too small (needs 40×10)');
    expect(frame).not.toContain('NAME');
    view.resize(24, 80);
    await view.waitForText('NAME');
  });
});

describe('status line', () => {
  it('an ok result goes after a few seconds', async () => {
    view = await renderView(mixedPrograms());
    await selectRow(view, '  api ');
    await view.press('r');
    await view.waitForText('restart api:api: ok');
    await waitFor('the result to expire', () => (view!.frame().includes('restart api:api: ok') ? null : true), (STATUS_LIFETIME_MS.ok ?? 0) + 3000, 50);
  });

  it('an error stays longer than a success, but not for minutes', () => {
    expect(STATUS_LIFETIME_MS.error).toBeGreaterThan(STATUS_LIFETIME_MS.ok!);
    expect(STATUS_LIFETIME_MS.error).toBeLessThanOrEqual(30_000);
  });
});

describe('program details', () => {
  it('enter on a prefork program shows its command, workers, bind, restarts and each worker', async () => {
    view = await renderView(mixedPrograms(), { rows: 30, columns: 100 });
    await selectRow(view, '▾ web');
    await view.press(KEYS.enter);
    // The cwd and user come from the process's own details, asked for after the program's: wait for both.
    const frame = await view.waitForFrame('the details with cwd and user', (f) => f.includes('bind       127.0.0.1:8000') && f.includes('cwd        '));
    expect(frame).toContain('web  3 of 3 workers (3 RUNNING)  restarts 3');
    expect(frame).toContain('command    gunicorn app:app --bind fd://3');
    expect(frame).toContain('cwd        /    user (same as drover)');
    expect(frame).toMatch(/workers \(3\)\n\s+web_00\s+RUNNING\s+pid \d+\s+up 1m05s\s+restarts 1/);
    await view.press(KEYS.escape);
    await view.waitForFrame('the list back', (f) => f.includes('NAME') && !f.includes('bind       '));
  });

  it('enter on a program with a readiness probe shows the probe and its verdicts', async () => {
    const api = mixedPrograms();
    api.processes.push(makeStatus('api:api_01', { ready: true }));
    view = await renderView(api, { rows: 30, columns: 100 });
    await selectRow(view, '▾ api');
    await view.press(KEYS.enter);
    const frame = await view.waitForText('readiness  http http://127.0.0.1:3000/health: 1 ready, 1 NOT READY');
    expect(frame).toMatch(/api\s+RUNNING\s+pid \d+\s+up 1m05s\s+restarts 0\s+NOT READY/);
  });

  it("a prefork worker's details show what it runs and who it runs as", async () => {
    const api = mixedPrograms();
    api.detailsOf['web:web_00'] = {
      status: api.processes[0]!,
      command: ['/usr/bin/node', '/opt/drover/dist/worker-runtime/worker-main.js', '/srv/app/server.js'],
      shell: false,
      cwd: '/srv/app',
      user: null,
      environment: {},
      tree: [],
      exits: [],
    };
    view = await renderView(api, { rows: 30, columns: 120 });
    await selectRow(view, '  web_00');
    await view.press(KEYS.enter);
    const frame = await view.waitForText('command  /usr/bin/node /opt/drover/dist/worker-runtime/worker-main.js /srv/app/server.js');
    expect(frame).toContain('cwd      /srv/app    user (same as drover)');
    expect(frame).not.toContain("drover's");
  });
});
