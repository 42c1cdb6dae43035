import { describe, expect, it } from 'vitest';
import { Exit, exitCodeForError, exitCodeForFailedAction } from '../../src/cli/ctl/exit-codes.js';
import { anyFailed, formatActionResult, formatDiff } from '../../src/cli/ctl/format-results.js';
import { anyStopped, formatBytes, formatCpu, formatLastExit, formatStatusTable, formatUptime } from '../../src/cli/ctl/format-status.js';
import { processStatus, result } from '../helpers/ctl-fixtures.js';

describe('status formatting', () => {
  it('formats uptime like supervisorctl, with days when needed', () => {
    expect(formatUptime(0)).toBe('-');
    expect(formatUptime(null)).toBe('-');
    expect(formatUptime(999)).toBe('0:00:00');
    expect(formatUptime(62_000)).toBe('0:01:02');
    expect(formatUptime((12 * 3600 + 3 * 60 + 4) * 1000)).toBe('12:03:04');
    expect(formatUptime((86_400 + 2 * 3600 + 3 * 60 + 4) * 1000)).toBe('1d 02:03:04');
    expect(formatUptime(400 * 86_400_000)).toBe('400d 00:00:00');
  });

  it('formats cpu, memory and the last exit', () => {
    expect(formatCpu(3.14)).toBe('3.1%');
    expect(formatCpu(0)).toBe('0.0%');
    expect(formatCpu(null)).toBe('-');
    expect(formatBytes(null)).toBe('-');
    expect(formatBytes(512)).toBe('512B');
    expect(formatBytes(2048)).toBe('2.0K');
    expect(formatBytes(12.3 * 1024 * 1024)).toBe('12.3M');
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0M');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5G');
    expect(formatBytes(3 * 1024 ** 5)).toBe('3072.0T');
    expect(formatLastExit({ exitCode: null, exitSignal: null })).toBe('-');
    expect(formatLastExit({ exitCode: 0, exitSignal: null })).toBe('0');
    expect(formatLastExit({ exitCode: null, exitSignal: 'SIGKILL' })).toBe('SIGKILL');
  });

  it('aligns the table and shows why a process is not running', () => {
    const text = formatStatusTable([
      processStatus({ name: 'web:web_00', pid: 101, uptimeMs: 3_723_000, cpuPercent: 12.25, rssBytes: 50 * 1024 * 1024, restarts: 2, exitSignal: 'SIGKILL' }),
      processStatus({
        name: 'worker:worker',
        state: 'FATAL',
        pid: null,
        uptimeMs: 0,
        cpuPercent: null,
        rssBytes: null,
        exitCode: 127,
        description: "can't find command 'x'; gave up after 3 failed starts",
      }),
    ]);
    expect(text).toBe(
      [
        'NAME           STATE    PID   UPTIME    CPU    RSS  RESTARTS  LAST-EXIT\n',
        'web:web_00     RUNNING  101  1:02:03  12.3%  50.0M         2  SIGKILL\n',
        "worker:worker  FATAL      -        -      -      -         0  127        can't find command 'x'; gave up after 3 failed starts\n",
      ].join(''),
    );
  });

  it('pads by characters: names and descriptions outside ASCII line up as ASCII ones do', () => {
    const text = formatStatusTable([
      processStatus({ name: 'café:café', pid: 5, uptimeMs: 1000, cpuPercent: 0, rssBytes: 2048, restarts: 0 }),
      processStatus({ name: 'a:a', state: 'STOPPED', pid: null, cpuPercent: null, rssBytes: null, description: 'stopped by\n  ☃ 😀' }),
    ]);
    expect(text).toBe(
      [
        'NAME       STATE    PID   UPTIME   CPU   RSS  RESTARTS  LAST-EXIT\n',
        'café:café  RUNNING    5  0:00:01  0.0%  2.0K         0  -\n',
        'a:a        STOPPED    -        -     -     -         0  -          stopped by ☃ 😀\n',
      ].join(''),
    );
  });

  it('shows a RUNNING process whose readiness probe fails as NOT READY', () => {
    const [, row] = formatStatusTable([processStatus({ name: 'api:api', pid: 7, ready: false })])
      .toString()
      .split('\n');
    expect(row).toMatch(/^api:api {2}NOT READY +7 /);
  });

  it('counts STOPPED, EXITED and FATAL as stopped, and (as supervisorctl) STARTING, BACKOFF and STOPPING as running', () => {
    for (const state of ['STOPPED', 'EXITED', 'FATAL'] as const) {
      expect(anyStopped([processStatus(), processStatus({ name: 'b:b', state })]), state).toBe(true);
    }
    for (const state of ['RUNNING', 'STARTING', 'BACKOFF', 'STOPPING'] as const) {
      expect(anyStopped([processStatus(), processStatus({ name: 'b:b', state })]), state).toBe(false);
    }
    expect(anyStopped([])).toBe(false);
  });
});

describe('action and diff formatting', () => {
  it('prints one line per process, saying what went wrong', () => {
    expect(formatActionResult('start', result('web:web_00'))).toBe('web:web_00: started');
    expect(formatActionResult('stop', result('web:web_00', true, 'STOPPED'))).toBe('web:web_00: stopped');
    expect(formatActionResult('restart', result('a:a'))).toBe('a:a: restarted');
    expect(formatActionResult('reload', result('a:a'))).toBe('a:a: reloaded');
    expect(formatActionResult('reload', result('a:a', true, 'RUNNING', 'pid 42'))).toBe('a:a: reloaded');
    expect(formatActionResult('reload', result('a:a', true, 'RUNNING', 'sent SIGHUP'))).toBe('a:a: reloaded (sent SIGHUP)');
    expect(formatActionResult('shutdown', result('a:a', true, 'STOPPED'))).toBe('a:a: stopped');
    expect(formatActionResult('signal', result('a:a', true, 'RUNNING', 'sent SIGHUP'))).toBe('a:a: sent SIGHUP');
    expect(formatActionResult('scale', result('web:web_02'))).toBe('web:web_02: started');
    expect(formatActionResult('scale', result('web:web_03', true, 'STOPPED', 'removed'))).toBe('web:web_03: removed');
    expect(formatActionResult('start', result('web:web_00', false, 'FATAL', "can't find command 'x'"))).toBe("web:web_00: ERROR FATAL (can't find command 'x')");
    expect(formatActionResult('signal', result('a:a', false, 'STOPPED', ''))).toBe('a:a: ERROR STOPPED');
    expect(anyFailed([result('a:a'), result('b:b', false)])).toBe(true);
    expect(anyFailed([result('a:a')])).toBe(false);
  });

  it('lists config changes, or says there are none', () => {
    const diff = { added: ['worker'], changed: ['web'], removed: ['old'], supervisorChanged: ['logdir', 'statsIntervalMs'] };
    expect(formatDiff(diff, false)).toEqual([
      'worker: added',
      'web: changed',
      'old: removed',
      'supervisor.logdir: changed (takes effect when the supervisor restarts)',
      'supervisor.stats_interval: changed (takes effect when the supervisor restarts)',
    ]);
    expect(formatDiff({ ...diff, supervisorChanged: [] }, true)).toEqual(['worker: added (started)', 'web: changed (restarted)', 'old: removed (stopped)']);
    expect(formatDiff({ added: [], changed: [], removed: [], supervisorChanged: [] }, false)).toEqual(['no changes']);
  });
});

describe('exit codes', () => {
  it("maps API errors to supervisorctl's codes for its verbs, and keeps 2 for drover's own", () => {
    for (const code of ['NO_MATCH', 'UNKNOWN_PROGRAM', 'AMBIGUOUS_NAME']) {
      expect(exitCodeForError(code, 'status'), code).toBe(Exit.STATUS_UNKNOWN);
      for (const verb of ['start', 'stop', 'restart', 'signal', 'pid', 'tail', 'update'] as const) expect(exitCodeForError(code, verb), `${verb} ${code}`).toBe(Exit.FAILED);
      for (const verb of ['scale', 'reload'] as const) expect(exitCodeForError(code, verb), `${verb} ${code}`).toBe(Exit.USAGE);
    }
    expect(exitCodeForError('BAD_SIGNAL', 'signal')).toBe(Exit.FAILED);
    for (const code of ['BAD_SCALE', 'BAD_REQUEST', 'BAD_JSON', 'NOT_FOUND']) expect(exitCodeForError(code, 'scale'), code).toBe(Exit.USAGE);
    for (const code of ['CONFIG_INVALID', 'INTERNAL', 'SHUTTING_DOWN', 'BAD_RESPONSE', 'SOMETHING_NEW']) expect(exitCodeForError(code, 'update'), code).toBe(Exit.FAILED);
    for (const verb of ['status', 'start', 'scale'] as const) expect(exitCodeForError('UNREACHABLE', verb)).toBe(Exit.UNREACHABLE);
  });

  it('says 7 when a process ends up not running (a failed start, a signal to a stopped process), 1 for other failures', () => {
    for (const verb of ['start', 'restart', 'signal'] as const) expect(exitCodeForFailedAction(verb), verb).toBe(7);
    for (const verb of ['stop', 'reload', 'scale', 'shutdown'] as const) expect(exitCodeForFailedAction(verb), verb).toBe(1);
  });
});
