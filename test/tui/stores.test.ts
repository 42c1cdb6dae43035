import { describe, expect, it } from 'vitest';
import { LogFollower } from '../../src/tui/session/log-follower.js';
import { SupervisorFeed, type SupervisorNotice } from '../../src/tui/session/supervisor-feed.js';
import { LogStore } from '../../src/tui/stores/log-store.js';
import { ProcessStore } from '../../src/tui/stores/process-store.js';
import { RingBuffer } from '../../src/tui/stores/ring-buffer.js';
import { StatsStore } from '../../src/tui/stores/stats-store.js';
import { ValueStore } from '../../src/tui/stores/value-store.js';
import { FakeApi, makeStatus } from '../helpers/fake-api.js';
import { waitFor } from '../helpers/wait-for.js';

describe('RingBuffer', () => {
  it('keeps the last values, oldest first', () => {
    const ring = new RingBuffer(3);
    expect(ring.toArray()).toEqual([]);
    for (const n of [1, 2, 3, 4, 5]) ring.push(n);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.toArray(2)).toEqual([4, 5]);
    expect(ring.size).toBe(3);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(/capacity must be a positive integer, got 0/);
  });
});

describe('ProcessStore', () => {
  it('keeps the snapshot and its entries while nothing changes', () => {
    const store = new ProcessStore(0);
    store.load([makeStatus('web:web_00'), makeStatus('web:web_01')]);
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);
    store.put(makeStatus('web:web_01', { state: 'FATAL' }));
    const second = store.getSnapshot();
    expect(second).not.toBe(first);
    expect(second.byName.get('web:web_00')).toBe(first.byName.get('web:web_00'));
    expect(second.byName.get('web:web_01')!.state).toBe('FATAL');
  });

  it('adds and removes processes, and tells subscribers once per burst', async () => {
    const store = new ProcessStore(10);
    let heard = 0;
    store.subscribe(() => heard++);
    store.load([]);
    store.put(makeStatus('a:a'));
    store.put(makeStatus('b:b'));
    store.remove('a:a');
    store.remove('nobody');
    await waitFor('a notification', () => heard > 0);
    expect(heard).toBe(1);
    expect(store.getSnapshot().processes.map((p) => p.name)).toEqual(['b:b']);
    expect(store.getSnapshot().loaded).toBe(true);
  });
});

describe('StatsStore', () => {
  it('replaces the latest figures and keeps a history per process', () => {
    const store = new StatsStore(0, 4);
    for (let i = 1; i <= 6; i++) store.record(i, [{ name: 'a:a', pid: 1, cpuPercent: i, rssBytes: i * 10, pids: [1] }]);
    store.record(7, [{ name: 'b:b', pid: 2, cpuPercent: 1, rssBytes: 1, pids: [2] }]);
    expect([...store.getSnapshot().usage.keys()]).toEqual(['b:b']);
    expect(store.history('a:a')).toEqual({ cpuPercent: [3, 4, 5, 6], rssBytes: [30, 40, 50, 60] });
    expect(store.history('a:a', 2).cpuPercent).toEqual([5, 6]);
    store.forget('a:a');
    expect(store.history('a:a')).toEqual({ cpuPercent: [], rssBytes: [] });
  });
});

describe('LogStore', () => {
  it('keeps the newest lines up to its cap, and starts over on reset', () => {
    const store = new LogStore(0, 3);
    store.reset('a:a');
    store.append('a:a', 'stdout', ['1', '2'], 100);
    store.append('a:a', 'stderr', ['3', '4'], 200);
    expect(store.getSnapshot().lines.map((l) => l.text)).toEqual(['2', '3', '4']);
    store.reset('b:b');
    expect(store.getSnapshot()).toMatchObject({ target: 'b:b', lines: [], error: null });
  });

  it('interleaves events by arrival time, stable for the same time: a backlog sent stream by stream reads in order', () => {
    const store = new LogStore(0);
    store.reset('web:*');
    // The backlog as sent per stream and per process, each line with the time it was received.
    store.append('web:web_00', 'stdout', ['out 1'], 100);
    store.append('web:web_00', 'stdout', ['out 3', 'out 3b'], 300);
    store.append('web:web_00', 'stderr', ['err 2'], 200);
    store.append('web:web_01', 'stdout', ['other 3'], 300);
    store.append('web:web_00', 'stderr', ['err 4'], 400);
    store.append('web:web_01', 'stdout', ['other 0'], 50);
    expect(store.getSnapshot().lines.map((l) => l.text)).toEqual(['other 0', 'out 1', 'err 2', 'out 3', 'out 3b', 'other 3', 'err 4']);
    expect(store.heldLines('web:web_00', 'stdout')).toBe(3);
    expect(store.heldLines('web:web_00', 'stderr')).toBe(2);
  });

  it('puts lines read back from a file on top, without a time, and counts them as held', () => {
    const store = new LogStore(0);
    store.reset('web:web_00');
    store.append('web:web_00', 'stdout', ['new'], 100);
    store.prependFromFile('web:web_00', 'stdout', ['old 2', 'old 3']);
    store.prependFromFile('web:web_00', 'stdout', ['old 1']);
    const lines = store.getSnapshot().lines;
    expect(lines.map((l) => [l.text, l.at])).toEqual([
      ['old 1', null],
      ['old 2', null],
      ['old 3', null],
      ['new', 100],
    ]);
    // Every line keeps a seq of its own: the viewer anchors on it.
    expect(new Set(lines.map((l) => l.seq)).size).toBe(4);
    expect(store.heldLines('web:web_00', 'stdout')).toBe(4);
    store.reset('web:web_01');
    expect(store.getSnapshot().lines).toEqual([]);
  });
});

describe('SupervisorFeed', () => {
  it('applies events that arrive before status() answered after the snapshot', async () => {
    const api = new FakeApi([makeStatus('web:web_00')]);
    const processes = new ProcessStore(0);
    const stats = new StatsStore(0);
    const realStatus = api.status.bind(api);
    api.status = async (patterns) => {
      const answer = await realStatus(patterns);
      // Happens after the supervisor answered, before the view got the answer.
      api.setState('web:web_00', { state: 'FATAL', pid: null });
      return answer;
    };
    await new SupervisorFeed(api, processes, stats, new ValueStore<SupervisorNotice | null>(null, 0)).start(() => undefined);
    expect(processes.getSnapshot().byName.get('web:web_00')!.state).toBe('FATAL');
    expect(api.callsOf('events')).toEqual([[{ stats: true }]]);
    expect(api.callsOf('status')).toHaveLength(1);
  });

  it('reports the stream ending with an error, not a close', async () => {
    const api = new FakeApi([makeStatus('web:web_00')]);
    const feed = new SupervisorFeed(api, new ProcessStore(0), new StatsStore(0), new ValueStore<SupervisorNotice | null>(null, 0));
    const gone: Error[] = [];
    await feed.start((error) => gone.push(error));
    api.endStreams(new Error('socket closed'));
    await waitFor('the error', () => gone.length > 0);
    expect(gone[0]!.message).toBe('socket closed');
    const quiet = new SupervisorFeed(api, new ProcessStore(0), new StatsStore(0), new ValueStore<SupervisorNotice | null>(null, 0));
    const none: Error[] = [];
    await quiet.start((error) => none.push(error));
    quiet.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(none).toEqual([]);
  });

  it('keeps the latest supervisor warning for the status line; info messages stay in the logs', async () => {
    const api = new FakeApi([makeStatus('web:web_00')]);
    const notices = new ValueStore<SupervisorNotice | null>(null, 0);
    await new SupervisorFeed(api, new ProcessStore(0), new StatsStore(0), notices).start(() => undefined);
    api.sendSupervisor('info', 'web: src/app.py changed: restarting');
    expect(notices.getSnapshot()).toBeNull();
    api.sendSupervisor('warn', 'web:web_00 failed its liveness probe (tcp 127.0.0.1:8000) 3 times in a row: connect ECONNREFUSED');
    expect(notices.getSnapshot()).toMatchObject({ level: 'warn', message: expect.stringContaining('liveness probe') });
  });

  it('forgets a removed process and its history', async () => {
    const api = new FakeApi([makeStatus('web:web_00'), makeStatus('web:web_01')]);
    const processes = new ProcessStore(0);
    const stats = new StatsStore(0);
    await new SupervisorFeed(api, processes, stats, new ValueStore<SupervisorNotice | null>(null, 0)).start(() => undefined);
    api.sendStats([{ name: 'web:web_01', pid: 1, cpuPercent: 5, rssBytes: 5, pids: [1] }]);
    api.removeProcess('web:web_01');
    api.addProcess(makeStatus('jobs:jobs'));
    expect(processes.getSnapshot().processes.map((p) => p.name)).toEqual(['web:web_00', 'jobs:jobs']);
    expect(stats.history('web:web_01').cpuPercent).toEqual([]);
  });
});

describe('LogFollower', () => {
  it('follows one target at a time and closes the previous stream', async () => {
    const api = new FakeApi([makeStatus('web:web_00'), makeStatus('web:web_01')]);
    api.logs['web:web_00'] = ['old line'];
    const store = new LogStore(0);
    const follower = new LogFollower(api, store);
    follower.follow('web:web_00');
    await waitFor('the tail', () => store.getSnapshot().lines.length === 1);
    expect(api.callsOf('events')[0]).toEqual([{ logs: true, process: 'web:web_00', tail: 200 }]);
    follower.follow('web:web_01');
    await waitFor('the second stream', () => api.open('logs').length === 1 && api.open('logs')[0]!.options.process === 'web:web_01');
    api.sendLog('web:web_00', ['not followed any more']);
    api.sendLog('web:web_01', ['new line']);
    expect(store.getSnapshot()).toMatchObject({ target: 'web:web_01', lines: [{ text: 'new line' }] });
    follower.follow(null);
    expect(api.open('logs')).toEqual([]);
  });

  it('closes a stream that opens after its target was given up', async () => {
    const api = new FakeApi([makeStatus('web:web_00')]);
    const follower = new LogFollower(api, new LogStore(0));
    follower.follow('web:web_00');
    follower.follow(null);
    await waitFor('the late stream', () => api.subscriptions.length === 1);
    await waitFor('it closed', () => api.subscriptions[0]!.closed);
  });

  it('reads older lines from the log files of a followed process, skipping those held, until there are none', async () => {
    const api = new FakeApi([makeStatus('web:web_00'), makeStatus('web:web_01')]);
    api.logFiles['web:web_00'] = { stdout: ['f1', 'f2', 'f3', 'held'], stderr: ['e1'] };
    api.logs['web:web_00'] = ['held'];
    const store = new LogStore(0);
    const follower = new LogFollower(api, store);
    follower.follow('web:web_00');
    await waitFor('the tail', () => store.getSnapshot().lines.length === 1);
    expect(await follower.loadOlder()).toBe("4 older lines from web:web_00's log files");
    expect(api.callsOf('tail')).toEqual([
      ['web:web_00', 200, 'stdout', 1],
      ['web:web_00', 200, 'stderr', 0],
    ]);
    expect(store.getSnapshot().lines.map((l) => l.text)).toEqual(['e1', 'f1', 'f2', 'f3', 'held']);
    expect(await follower.loadOlder()).toBe("the start of web:web_00's log files");
    expect(api.callsOf('tail').slice(2)).toEqual([
      ['web:web_00', 200, 'stdout', 4],
      ['web:web_00', 200, 'stderr', 1],
    ]);
    follower.follow('web:*');
    expect(await follower.loadOlder()).toMatch(/one process's log files: select a process/);
  });

  it('says why following failed', async () => {
    const api = new FakeApi([]);
    api.unreachable = new Error('no such process');
    const store = new LogStore(0);
    new LogFollower(api, store).follow('gone:gone');
    await waitFor('the error', () => store.getSnapshot().error);
    expect(store.getSnapshot().error).toBe('no such process');
  });
});
