import type { ActionResult, ProcessStatus } from '../../src/api/supervisor-api.js';

/** A ProcessStatus with sensible values for a running process; override what the test is about. */
export function processStatus(overrides: Partial<ProcessStatus> = {}): ProcessStatus {
  const name = overrides.name ?? 'web:web_00';
  const [program, processName] = name.split(':') as [string, string];
  return {
    name,
    program,
    processName,
    group: program,
    num: 0,
    state: 'RUNNING',
    pid: 4242,
    description: 'pid 4242',
    restarts: 0,
    exitCode: null,
    exitSignal: null,
    uptimeMs: 62_000,
    startedAt: 1_700_000_000_000,
    lastExitAt: null,
    ready: null,
    cpuPercent: 3.14,
    rssBytes: 12.3 * 1024 * 1024,
    cpuSeconds: 42.5,
    scaledToZero: false,
    done: false,
    ...overrides,
  };
}

export function result(name: string, ok = true, state: ActionResult['state'] = 'RUNNING', message = ''): ActionResult {
  return { name, ok, state, message };
}
