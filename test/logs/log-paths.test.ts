import { describe, expect, it } from 'vitest';
import { autoLogPath, resolveLogPath } from '../../src/logs/log-paths.js';

describe('autoLogPath', () => {
  it.each([
    { processName: 'web:web_0', stream: 'stdout' as const, expected: '/var/log/drover/web_web_0.out.log' },
    { processName: 'tasks:tasks_03', stream: 'stderr' as const, expected: '/var/log/drover/tasks_tasks_03.err.log' },
    { processName: 'a/../b:c d', stream: 'stdout' as const, expected: '/var/log/drover/a_.._b_c_d.out.log' },
  ])('$processName $stream → $expected', ({ processName, stream, expected }) => {
    expect(autoLogPath('/var/log/drover', processName, stream)).toBe(expected);
  });
});

describe('resolveLogPath', () => {
  const context = { logdir: '/logs', processName: 'web:web', stream: 'stderr' as const };

  it('gives null for none, the auto name for auto, and the path for file', () => {
    expect(resolveLogPath({ kind: 'none' }, context)).toBeNull();
    expect(resolveLogPath({ kind: 'auto' }, context)).toBe('/logs/web_web.err.log');
    expect(resolveLogPath({ kind: 'file', path: '/srv/app/../app.log' }, context)).toBe('/srv/app.log');
  });
});
