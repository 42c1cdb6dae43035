import { describe, expect, it } from 'vitest';
import type { ProcessStatus, SupervisorInfo } from '../../src/api/supervisor-api.js';
import { escapeLabelValue, formatMetrics } from '../../src/server/prometheus.js';
import { processStatus } from '../helpers/ctl-fixtures.js';
import { parseExposition, samplesOf, valueOf } from '../helpers/prometheus-text.js';

/** The text format itself, from made-up figures: escapes, missing figures, units. */

const NOW = 1_700_000_100_000;

function info(overrides: Partial<SupervisorInfo> = {}): SupervisorInfo {
  return {
    pid: 4242,
    version: '1.2.3',
    configFile: '/srv/programs.yaml',
    socket: '/srv/run/drover.sock',
    startedAt: NOW - 90_500,
    hostname: 'box1',
    statsIntervalMs: 1000,
    processes: 1,
    eventClients: 0,
    prefork: [],
    programs: [],
    ...overrides,
  };
}

describe('formatMetrics', () => {
  it('escapes backslashes, double quotes and line feeds in label values, and they read back as written', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const odd = 'we"b\\0\n1';
    const text = formatMetrics(info(), [processStatus({ name: `web:${odd}`, processName: odd })], NOW);
    expect(text).toContain(`drover_process_restarts_total{program="web",process="we\\"b\\\\0\\n1"} 0\n`);
    const m = parseExposition(text);
    expect(valueOf(m, 'drover_process_restarts_total', { program: 'web', process: odd })).toBe(0);
  });

  it('writes seconds, not milliseconds, with a HELP and a TYPE line for every family', () => {
    const m = parseExposition(formatMetrics(info(), [processStatus({ uptimeMs: 62_500, startedAt: NOW - 62_500, cpuSeconds: 0.1 + 0.2, rssBytes: 5_000_000, restarts: 3 })], NOW));
    const labels = { program: 'web', process: 'web_00' };
    expect(valueOf(m, 'drover_uptime_seconds')).toBe(90.5);
    expect(valueOf(m, 'drover_start_time_seconds')).toBe((NOW - 90_500) / 1000);
    expect(valueOf(m, 'drover_process_uptime_seconds', labels)).toBe(62.5);
    expect(valueOf(m, 'drover_process_start_time_seconds', labels)).toBe((NOW - 62_500) / 1000);
    expect(valueOf(m, 'drover_process_cpu_seconds_total', labels)).toBe(0.3);
    expect(valueOf(m, 'drover_process_resident_memory_bytes', labels)).toBe(5_000_000);
    expect(valueOf(m, 'drover_process_restarts_total', labels)).toBe(3);
    expect(valueOf(m, 'drover_info', { version: '1.2.3' })).toBe(1);
    expect([...m.helps.keys()]).toEqual([...m.types.keys()]);
    expect(m.types.get('drover_process_cpu_seconds_total')).toBe('counter');
    expect(m.types.get('drover_process_resident_memory_bytes')).toBe('gauge');
  });

  it('leaves out figures nobody has, but keeps every family declared', () => {
    const stopped: ProcessStatus = processStatus({ state: 'FATAL', pid: null, uptimeMs: 0, startedAt: null, cpuSeconds: null, rssBytes: null, ready: null });
    const m = parseExposition(formatMetrics(info(), [stopped], NOW));
    for (const family of ['drover_process_cpu_seconds_total', 'drover_process_resident_memory_bytes', 'drover_process_start_time_seconds', 'drover_process_ready']) {
      expect(samplesOf(m, family), family).toEqual([]);
      expect(m.types.has(family), family).toBe(true);
    }
    expect(valueOf(m, 'drover_process_state', { process: 'web_00', state: 'FATAL' })).toBe(1);
    expect(samplesOf(m, 'drover_process_state').filter((s) => s.value === 1)).toHaveLength(1);
  });

  it('counts running workers per prefork program from the process states', () => {
    const processes = [
      processStatus({ name: 'site:site_00', state: 'RUNNING' }),
      processStatus({ name: 'site:site_01', state: 'BACKOFF' }),
      processStatus({ name: 'other:other_00', state: 'RUNNING' }),
    ];
    const m = parseExposition(formatMetrics(info({ prefork: [{ program: 'site', desiredWorkers: 2, reloads: 4, failedReloads: 1 }] }), processes, NOW));
    expect(valueOf(m, 'drover_prefork_workers_desired', { program: 'site' })).toBe(2);
    expect(valueOf(m, 'drover_prefork_workers_running', { program: 'site' })).toBe(1);
    expect(valueOf(m, 'drover_prefork_reloads_total', { program: 'site' })).toBe(4);
    expect(valueOf(m, 'drover_prefork_reload_failures_total', { program: 'site' })).toBe(1);
    expect(samplesOf(m, 'drover_prefork_workers_running').map((s) => s.labels.program)).toEqual(['site']);
  });
});
