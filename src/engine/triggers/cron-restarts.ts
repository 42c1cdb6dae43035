import type { CronSchedule, ProgramConfig } from '../../config/runtime.js';
import { nextCronTime } from '../cron-time.js';

/** setTimeout's longest delay (about 24.8 days); a later time is reached in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * `cron_restart`: one timer per program, set for its schedule's next time.
 * A timer that fires early (the clock was set back) is set again rather than
 * acted on; after acting, the next time is counted from the one just due, so
 * a slow restart never skips or repeats a minute.
 */
export class CronRestarts {
  private readonly timers = new Map<string, { expression: string; timer: NodeJS.Timeout }>();

  constructor(private readonly due: (program: string, schedule: CronSchedule) => void) {}

  /** Starts, changes or stops each program's timer to match the config. */
  sync(programs: ProgramConfig[]): void {
    const wanted = new Map(programs.flatMap((p) => (p.cronRestart ? [[p.name, p.cronRestart] as const] : [])));
    for (const [name, entry] of this.timers) {
      if (wanted.get(name)?.expression === entry.expression) continue;
      clearTimeout(entry.timer);
      this.timers.delete(name);
    }
    for (const [name, schedule] of wanted) if (!this.timers.has(name)) this.schedule(name, schedule, new Date());
  }

  close(): void {
    for (const entry of this.timers.values()) clearTimeout(entry.timer);
    this.timers.clear();
  }

  private schedule(name: string, schedule: CronSchedule, after: Date): void {
    this.arm(name, schedule, nextCronTime(schedule, after));
  }

  private arm(name: string, schedule: CronSchedule, at: Date): void {
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, at.getTime() - Date.now()));
    const timer = setTimeout(() => {
      if (Date.now() < at.getTime()) return this.arm(name, schedule, at);
      this.due(name, schedule);
      this.schedule(name, schedule, at);
    }, delay);
    // A schedule must never keep the supervisor alive on its own.
    timer.unref();
    this.timers.set(name, { expression: schedule.expression, timer });
  }
}
