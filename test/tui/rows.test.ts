import { describe, expect, it } from 'vitest';
import { buildRows, type ListRow, type RowOptions } from '../../src/tui/model/rows.js';
import { compareNames, DEFAULT_SORT, nextSort } from '../../src/tui/model/sort.js';
import { countStates, summarizeStates } from '../../src/tui/model/totals.js';
import type { ProcessState, ProcessStatus, ProcessUsage } from '../../src/api/supervisor-api.js';

const NOW = 1_000_000_000;

function proc(name: string, state: ProcessState = 'RUNNING', change: Partial<ProcessStatus> = {}): ProcessStatus {
  const [program, processName] = name.split(':') as [string, string];
  const live = state === 'RUNNING' || state === 'STARTING' || state === 'STOPPING';
  return {
    name,
    program,
    processName,
    group: program,
    num: 0,
    state,
    pid: live ? 100 : null,
    description: '',
    restarts: 0,
    exitCode: null,
    exitSignal: null,
    uptimeMs: live ? 60_000 : 0,
    startedAt: live ? NOW - 60_000 : null,
    lastExitAt: null,
    ready: null,
    cpuPercent: null,
    rssBytes: null,
    cpuSeconds: null,
    scaledToZero: false,
    done: false,
    ...change,
  };
}

function usage(name: string, cpuPercent: number, rssBytes: number): [string, ProcessUsage] {
  return [name, { name, pid: 100, cpuPercent, rssBytes, pids: [100] }];
}

const options = (change: Partial<RowOptions> = {}): RowOptions => ({ filter: '', collapsed: new Set(), sort: DEFAULT_SORT, now: NOW, ...change });
const labels = (rows: ListRow[]) => rows.map((r) => (r.kind === 'process' ? `  ${r.label}` : r.label));

const PROCESSES = [
  proc('web:web_10', 'RUNNING', { startedAt: NOW - 10_000, restarts: 2 }),
  proc('web:web_2', 'RUNNING', { startedAt: NOW - 500_000, restarts: 1 }),
  proc('queue:queue', 'FATAL', { exitCode: 1 }),
  proc('cron:cron', 'STOPPED', { exitSignal: 'SIGTERM' }),
];
const USAGE = new Map([usage('web:web_10', 30, 300), usage('web:web_2', 5, 100)]);

describe('buildRows', () => {
  it('puts the all row first, then programs by name with their processes in natural order', () => {
    const rows = buildRows(PROCESSES, USAGE, options());
    expect(labels(rows)).toEqual(['all', 'cron', '  cron', 'queue', '  queue', 'web', '  web_2', '  web_10']);
  });

  it('is empty without processes (the view shows a hint instead)', () => {
    expect(buildRows([], new Map(), options())).toEqual([]);
  });

  it('totals a program from its processes, and all from every process', () => {
    const rows = buildRows(PROCESSES, USAGE, options());
    const web = rows.find((r) => r.kind === 'program' && r.label === 'web')!;
    expect(web).toMatchObject({ cpuPercent: 35, rssBytes: 400, restarts: 3, uptimeMs: 500_000, processCount: 2, pid: null });
    expect(web.state).toEqual({ text: '2 RUNNING', tone: 'RUNNING' });
    const all = rows[0]!;
    expect(all).toMatchObject({ kind: 'all', cpuPercent: 35, rssBytes: 400, restarts: 3, processCount: 4 });
    expect(all.state).toEqual({ text: '1 FATAL +3', tone: 'FATAL' });
  });

  it('shows a RUNNING process that fails its readiness probe as NOT READY, summed up like a starting one', () => {
    const rows = buildRows([proc('api:api_0', 'RUNNING', { ready: true }), proc('api:api_1', 'RUNNING', { ready: false })], new Map(), options());
    expect(rows.find((r) => r.name === 'api:api_0')!.state).toEqual({ text: 'RUNNING', tone: 'RUNNING' });
    expect(rows.find((r) => r.name === 'api:api_1')!.state).toEqual({ text: 'NOT READY', tone: 'STARTING' });
    expect(rows.find((r) => r.kind === 'program')!.state).toEqual({ text: '1 STARTING +1', tone: 'STARTING' });
  });

  it('shows a program scaled to 0 as SCALED TO 0, on its row and its stand-in, with no process counted', () => {
    const standIn = proc('web:web_00', 'STOPPED', { scaledToZero: true, description: 'scaled to 0' });
    const rows = buildRows([standIn, proc('cron:cron')], new Map(), options());
    expect(labels(rows)).toEqual(['all', 'cron', '  cron', 'web', '  web_00']);
    const scaled = { text: 'SCALED TO 0', tone: 'STOPPED' };
    expect(rows.find((r) => r.kind === 'program' && r.label === 'web')).toMatchObject({ state: scaled, processCount: 0, onlyProcess: 'web:web_00' });
    expect(rows.find((r) => r.name === 'web:web_00')).toMatchObject({ state: scaled, pid: null });
    expect(rows[0]).toMatchObject({ processCount: 1, state: { text: '1 RUNNING', tone: 'RUNNING' } });
  });

  it('shows a process figures only while it runs', () => {
    const stale = new Map([usage('cron:cron', 99, 999)]);
    const cron = buildRows(PROCESSES, stale, options()).find((r) => r.name === 'cron:cron')!;
    expect(cron).toMatchObject({ pid: null, cpuPercent: null, rssBytes: null, uptimeMs: null, lastExit: 'SIGTERM' });
    const queue = buildRows(PROCESSES, stale, options()).find((r) => r.name === 'queue:queue')!;
    expect(queue.lastExit).toBe('exit 1');
  });

  it("shows a STARTING process's pid and uptime, and a sample only when it is of the process's current pid", () => {
    const starting = proc('app:app', 'STARTING', { pid: 101, startedAt: NOW - 2000 });
    const [, , row] = buildRows([starting], new Map([usage('app:app', 40, 400)]), options());
    // The sample is of pid 100, the child before the restart.
    expect(row).toMatchObject({ pid: 101, uptimeMs: 2000, cpuPercent: null, rssBytes: null });
    const sampled = new Map([['app:app', { name: 'app:app', pid: 101, cpuPercent: 1, rssBytes: 10, pids: [101] }]]);
    expect(buildRows([starting], sampled, options())[2]).toMatchObject({ cpuPercent: 1, rssBytes: 10 });
  });

  it('fills PORT/READY with a prefork bind address or a readiness verdict, and COMMAND on program rows', () => {
    const programs = new Map([
      ['web', { name: 'web', command: 'gunicorn app:app', processes: 2, bind: ['127.0.0.1:8000', 'unix:/run/web.sock'], readiness: null }],
      ['api', { name: 'api', command: 'node server.js', processes: 2, bind: [], readiness: 'tcp 127.0.0.1:3000' }],
    ]);
    const processes = [proc('api:api_0', 'RUNNING', { ready: true }), proc('api:api_1', 'RUNNING', { ready: false }), proc('web:web_0'), proc('web:web_1', 'STOPPED')];
    const byLabel = new Map(buildRows(processes, new Map(), options({ programs })).map((r) => [`${r.kind}:${r.label}`, r]));
    expect(byLabel.get('program:web')).toMatchObject({ port: '127.0.0.1:8000 +1', command: 'gunicorn app:app' });
    expect(byLabel.get('process:web_0')).toMatchObject({ port: '127.0.0.1:8000', command: '' });
    expect(byLabel.get('program:api')).toMatchObject({ port: 'NOT READY', command: 'node server.js' });
    expect(byLabel.get('process:api_0')!.port).toBe('ready');
    expect(byLabel.get('process:api_1')!.port).toBe('NOT READY');
    expect(byLabel.get('all:all')).toMatchObject({ port: '', command: '' });
  });

  it('filters case-insensitively on program:process; a program shows when any process matches', () => {
    expect(labels(buildRows(PROCESSES, USAGE, options({ filter: 'WEB_1' })))).toEqual(['all', 'web', '  web_10']);
    expect(labels(buildRows(PROCESSES, USAGE, options({ filter: 'queue:' })))).toEqual(['all', 'queue', '  queue']);
    expect(labels(buildRows(PROCESSES, USAGE, options({ filter: 'nothing' })))).toEqual(['all']);
  });

  it('keeps program totals whole under a filter', () => {
    const web = buildRows(PROCESSES, USAGE, options({ filter: 'web_10' })).find((r) => r.kind === 'program')!;
    expect(web.cpuPercent).toBe(35);
  });

  it('shows a collapsed program as its row only', () => {
    const rows = buildRows(PROCESSES, USAGE, options({ collapsed: new Set(['web']) }));
    expect(labels(rows)).toEqual(['all', 'cron', '  cron', 'queue', '  queue', 'web']);
    expect(rows.at(-1)!.collapsed).toBe(true);
  });

  it.each([
    ['cpu', true, ['all', 'web', '  web_10', '  web_2', 'cron', '  cron', 'queue', '  queue']],
    ['cpu', false, ['all', 'web', '  web_2', '  web_10', 'cron', '  cron', 'queue', '  queue']],
    ['memory', true, ['all', 'web', '  web_10', '  web_2', 'cron', '  cron', 'queue', '  queue']],
    ['uptime', true, ['all', 'web', '  web_2', '  web_10', 'cron', '  cron', 'queue', '  queue']],
    ['uptime', false, ['all', 'web', '  web_10', '  web_2', 'cron', '  cron', 'queue', '  queue']],
    ['name', true, ['all', 'web', '  web_10', '  web_2', 'queue', '  queue', 'cron', '  cron']],
  ] as const)('sorts by %s (descending: %s), rows without the figure last', (key, descending, expected) => {
    expect(labels(buildRows(PROCESSES, USAGE, options({ sort: { key, descending } })))).toEqual(expected);
  });

  it('keys never collide between a program and a process', () => {
    const rows = buildRows([proc('a:b'), proc('program:a')], new Map(), options());
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });
});

describe('sorting keys', () => {
  it('a new key starts descending except name; the same key reverses', () => {
    expect(nextSort(DEFAULT_SORT, 'cpu')).toEqual({ key: 'cpu', descending: true });
    expect(nextSort({ key: 'cpu', descending: true }, 'cpu')).toEqual({ key: 'cpu', descending: false });
    expect(nextSort({ key: 'cpu', descending: true }, 'name')).toEqual({ key: 'name', descending: false });
    expect(nextSort(DEFAULT_SORT, 'name')).toEqual({ key: 'name', descending: true });
  });

  it('compares names naturally', () => {
    expect(['w10', 'w2', 'W1'].sort(compareNames)).toEqual(['W1', 'w2', 'w10']);
  });
});

describe('state summaries', () => {
  it.each([
    [[], '-', null],
    [['RUNNING', 'RUNNING'], '2 RUNNING', 'RUNNING'],
    [['RUNNING', 'FATAL', 'BACKOFF'], '1 FATAL +2', 'FATAL'],
    [['RUNNING', 'STARTING'], '1 STARTING +1', 'STARTING'],
    [['RUNNING', 'STOPPED', 'RUNNING'], '2/3 RUNNING', 'RUNNING'],
  ] as const)('%j → %s', (states, text, tone) => {
    expect(summarizeStates(states)).toEqual({ text, tone });
  });

  it('counts states in a fixed order', () => {
    expect(countStates(['STOPPED', 'RUNNING', 'FATAL', 'RUNNING'])).toEqual([
      { state: 'RUNNING', count: 2 },
      { state: 'FATAL', count: 1 },
      { state: 'STOPPED', count: 1 },
    ]);
  });
});
