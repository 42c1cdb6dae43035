import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCron } from '../../src/config/parse-cron.js';
import type { CronSchedule, ProgramConfig } from '../../src/config/types.js';
import { CronRestarts } from '../../src/engine/triggers/cron-restarts.js';
import { EngineHarness, makeProgram } from '../helpers/engine-harness.js';
import { waitFor } from '../helpers/wait-for.js';

/** The cron timer alone on a mocked clock (a pure unit: no processes), then once for real. */

function cron(expression: string): CronSchedule {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}
const program = (name: string, expression: string | null): ProgramConfig => makeProgram(name, ['true'], { cronRestart: expression === null ? null : cron(expression) });

let due: string[];
let restarts: CronRestarts;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(2026, 0, 1, 10, 0, 30));
  due = [];
  restarts = new CronRestarts((name) => due.push(`${name} ${new Date().toTimeString().slice(0, 8)}`));
});
afterEach(() => {
  restarts.close();
  vi.useRealTimers();
});

describe('CronRestarts', () => {
  it('fires at each matching minute, once', () => {
    restarts.sync([program('web', '* * * * *'), program('worker', '*/15 * * * *'), program('plain', null)]);
    vi.advanceTimersByTime(29_000);
    expect(due).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(due).toEqual(['web 10:01:00']);
    vi.advanceTimersByTime(14 * 60_000);
    expect(due.filter((d) => d.startsWith('worker'))).toEqual(['worker 10:15:00']);
    expect(due.filter((d) => d.startsWith('web'))).toHaveLength(15);
  });

  it('an update that changes or drops a schedule replaces or clears its timer; an unchanged one keeps its time', () => {
    restarts.sync([program('web', '5 10 * * *'), program('worker', '10 10 * * *')]);
    vi.advanceTimersByTime(60_000);
    restarts.sync([program('web', '5 10 * * *'), program('worker', '20 10 * * *')]);
    vi.advanceTimersByTime(30 * 60_000);
    expect(due).toEqual(['web 10:05:00', 'worker 10:20:00']);
    restarts.sync([]);
    vi.advanceTimersByTime(48 * 3600_000);
    expect(due).toHaveLength(2);
  });

  it('a timer that fires early because the clock was set back waits for the real time', () => {
    restarts.sync([program('web', '30 10 * * *')]);
    vi.advanceTimersByTime(60_000);
    vi.setSystemTime(new Date(2026, 0, 1, 9, 0, 0));
    vi.advanceTimersByTime(29 * 60_000);
    expect(due).toEqual([]);
    vi.advanceTimersByTime(61 * 60_000);
    expect(due).toEqual(['web 10:30:00']);
  });

  it("a schedule weeks away is reached through setTimeout's longest delay", () => {
    restarts.sync([program('yearly', '@yearly')]);
    vi.advanceTimersByTime(364 * 24 * 3600_000);
    expect(due).toEqual([]);
    vi.advanceTimersByTime(2 * 24 * 3600_000);
    expect(due).toEqual(['yearly 00:00:00']);
  });
});

describe('cron_restart on a real supervisor', () => {
  it('restarts the program when its minute comes, and says why', async () => {
    vi.useRealTimers();
    const h = new EngineHarness();
    try {
      const s = await h.start([makeProgram('app', ['sleep', '1000'], { cronRestart: cron('* * * * *') })]);
      const first = await waitFor('RUNNING', () => s.list()[0]!.state === 'RUNNING' && s.list()[0]!.pid);
      // The next minute starts within 60 s: a real clock, so this test waits for it.
      const note = await waitFor('the cron note', () => h.events.find((e) => e.kind === 'supervisor' && e.message.includes('cron_restart')), 75_000, 100);
      expect(note.kind === 'supervisor' && note.message).toBe('app: cron_restart "* * * * *" is due: restarting');
      expect(new Date(note.at).getSeconds()).toBe(0);
      await waitFor('a new pid', () => s.list()[0]!.state === 'RUNNING' && s.list()[0]!.pid !== first);
      expect(s.list()[0]!.restarts).toBe(1);
    } finally {
      await h.cleanup();
    }
  }, 90_000);
});
