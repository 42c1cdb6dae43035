import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliHarness } from '../helpers/cli-harness.js';

let h: CliHarness;
beforeEach(() => {
  h = new CliHarness();
});
afterEach(async () => {
  await h.cleanup();
});

describe('drover check with probes, cron_restart and watch', () => {
  it('accepts a file using every new option', async () => {
    h.writeConfig(
      [
        'supervisor:',
        '  watch_config: true',
        'programs:',
        '  api:',
        '    command: sleep 100',
        '    watch: { paths: [src], ignore: [node_modules], debounce: 1s, action: restart }',
        '    readiness: { http: "http://127.0.0.1:8000/health", start_timeout: 30s }',
        '    liveness: { tcp: ":8000", period: 5s }',
        '    max_memory: 512MB',
        '    max_cpu: 150%',
        '    max_cpu_window: 2m',
        '    cron_restart: "30 4 * * mon-fri"',
        '',
      ].join('\n'),
    );
    const result = await h.runToEnd(['check']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('prints a bad probe URL, a bad cron expression and an unknown watch action with their positions, and exits 1', async () => {
    h.writeConfig(
      [
        'programs:',
        '  api:',
        '    command: sleep 100',
        '    readiness:',
        '      http: localhost:8000/health',
        '    cron_restart: "0 4 * * * *"',
        '    watch:',
        '      paths: src',
        '      action: bounce',
        '',
      ].join('\n'),
    );
    const result = await h.runToEnd(['check']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `${h.dir}/programs.yaml:5:13: programs.api.readiness.http: expected an http:// or https:// URL such as http://127.0.0.1:8000/health, got "localhost:8000/health"`,
      `${h.dir}/programs.yaml:6:19: programs.api.cron_restart: expected 5 fields (minute hour day-of-month month day-of-week), got 6`,
      `${h.dir}/programs.yaml:9:15: programs.api.watch.action: expected restart or reload, got "bounce"`,
      `3 errors in ${h.dir}/programs.yaml`,
    ]);
  });
});
