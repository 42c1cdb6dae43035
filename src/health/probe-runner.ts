import type { ProbeCheck, ProbeConfig } from '../config/runtime.js';
import { fail, PASS, type CheckResult } from './check-result.js';
import { describeCheck } from './describe-check.js';
import { LogMatcher } from './log-matcher.js';
import { INITIAL_PROBE_STATE, stepProbe, type ProbeState, type ProbeStatus } from './probe-status.js';
import { runCheck, type IoCheck } from './run-check.js';

export { describeCheck } from './describe-check.js';

export type ProbeMode = 'readiness' | 'liveness';

export interface ProbeStatusDetail {
  /** The reason of the latest failed check (null when the probe just passed). */
  lastError: string | null;
  /** Failed checks in a row. */
  failures: number;
}

export interface ProbeRunnerOptions {
  mode: ProbeMode;
  /** Working directory and environment for exec probes. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called on each status change only, never after stop(). Must not throw. */
  onStatus: (status: 'pass' | 'fail', detail: ProbeStatusDetail) => void;
}

/**
 * Runs one probe of one process on its schedule: the first check after
 * initialDelayMs, then one every periodMs counted from the start of the
 * previous check. Checks never overlap: a slow check delays the next one.
 * All timers are unref'd — a probe never keeps the supervisor alive.
 */
export class ProbeRunner {
  private state: ProbeState = INITIAL_PROBE_STATE;
  private readonly logMatcher: LogMatcher | null;
  private readonly label: string;
  private started = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: AbortController | null = null;
  /** When the current log window began (start, then each check), for the liveness message. */
  private windowStart = 0;

  constructor(
    private readonly config: ProbeConfig,
    private readonly options: ProbeRunnerOptions,
  ) {
    this.label = describeCheck(config.check);
    this.logMatcher = config.check.kind === 'log' ? new LogMatcher(config.check.pattern) : null;
  }

  get status(): ProbeStatus {
    return this.state.status;
  }

  get lastError(): string | null {
    return this.state.lastError;
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.windowStart = Date.now();
    this.schedule(this.config.initialDelayMs);
  }

  /** Lines of the process's output. Only log probes use them, and only between start() and stop(). */
  feed(lines: string[]): void {
    if (!this.started || this.stopped) return;
    this.logMatcher?.feed(lines);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    // Kills an exec check's process group, closes an http/tcp connection.
    this.inFlight?.abort();
    this.inFlight = null;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.tick(), Math.max(0, delayMs));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    const startedAt = Date.now();
    const result = await this.check();
    if (this.stopped) return;
    // Scheduled before onStatus runs, so the schedule survives whatever the listener does.
    this.schedule(startedAt + this.config.periodMs - Date.now());
    this.record(result);
  }

  private async check(): Promise<CheckResult> {
    const check = this.config.check;
    if (check.kind === 'log') return this.checkLog(check);
    const controller = new AbortController();
    this.inFlight = controller;
    const result = await runCheck(check satisfies IoCheck, {
      timeoutMs: this.config.timeoutMs,
      cwd: this.options.cwd,
      env: this.options.env,
      signal: controller.signal,
    });
    if (this.inFlight === controller) this.inFlight = null;
    return result.ok ? result : fail(`${this.label}: ${result.error}`);
  }

  /**
   * Readiness: passes once any line has matched since start (the match is
   * kept). Liveness: passes if a line matched since the previous check.
   */
  private checkLog(check: Extract<ProbeCheck, { kind: 'log' }>): CheckResult {
    const matcher = this.logMatcher!;
    if (matcher.compileError) return fail(matcher.compileError);
    const now = Date.now();
    const windowMs = now - this.windowStart;
    if (this.options.mode === 'readiness') {
      return matcher.hasMatched ? PASS : fail(`no line matched /${check.pattern}/ since the start (${formatDuration(windowMs)})`);
    }
    const matched = matcher.hasMatched;
    matcher.reset();
    this.windowStart = now;
    return matched ? PASS : fail(`no line matched /${check.pattern}/ in the last ${formatDuration(windowMs)}`);
  }

  private record(result: CheckResult): void {
    const before = this.state.status;
    this.state = stepProbe(this.state, result, this.config);
    const after = this.state.status;
    if (after === before || after === 'unknown') return;
    this.options.onStatus(after, { lastError: this.state.lastError, failures: this.state.failuresInRow });
  }
}

/** 950ms, 10s, 1.5s, 2m: the window a liveness log check covered. */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  return `${Number((ms / 60_000).toFixed(1))}m`;
}
