import { truncate } from 'node:fs/promises';
import { type Config, expandTemplate, type LogConfig } from '../config/runtime.js';
import {
  captureStream,
  lastLinesOfStreams,
  LogRegistry,
  OutputRing,
  readLinesBeforeEnd,
  resolveLogPath,
  type ArrivedLines,
  type RotatingFile,
  type StreamCapture,
  type StreamLines,
} from '../logs/index.js';
import type { LogStream, ActionResult } from '../api/supervisor-api.js';
import { withThousandsCommas } from '../api/units.js';
import type { ManagedProcess } from './managed-process.js';
import { templateVars } from './process-names.js';
import type { SpawnedChild } from './spawn-child.js';

/**
 * Receives a `console` stream's lines, whole and in order, without their
 * newline. With redirect_stderr, stderr's lines come as `stdout`: they share
 * stdout's log.
 */
export type ConsoleLines = (process: string, stream: LogStream, lines: string[]) => void;

/** After a child exits, how long its output may go without a byte read (a grandchild holding the pipe) before we stop reading. */
const DRAIN_GRACE_MS = 2000;
/** At shutdown, how long the stopped programs' output may take to be read to its end (their last lines). */
export const SHUTDOWN_DRAIN_MS = 500;
/** The most reading goes on after an exit, bytes still coming or not. */
const DRAIN_LIMIT_MS = 30_000;

/**
 * Stops reading a child's output once it is drained. Its sockets hold megabytes
 * (drover-spawner's send buffer), which a busy supervisor or a slow log target
 * may take seconds to read after the exit: reading goes on while bytes still
 * come or the file holds the capture back, and stops after DRAIN_GRACE_MS
 * without either (a grandchild may hold the pipe open forever), or at
 * DRAIN_LIMIT_MS.
 */
function closeWhenDrained(captures: StreamCapture[]): void {
  const exitedAt = Date.now();
  const bytesRead = () => captures.reduce((sum, capture) => sum + capture.stats.bytes, 0);
  let seen = bytesRead();
  const timer = setInterval(() => {
    const now = bytesRead();
    const draining = now > seen || captures.some((capture) => capture.waitingOnFile);
    seen = now;
    if (draining && Date.now() - exitedAt < DRAIN_LIMIT_MS) return;
    clearInterval(timer);
    for (const capture of captures) void capture.close();
  }, DRAIN_GRACE_MS);
  void Promise.all(captures.map((capture) => capture.finished)).then(() => clearInterval(timer));
}

interface ProcessLogs {
  rings: Record<LogStream, OutputRing>;
  files: Record<LogStream, RotatingFile | null>;
  captures: Set<StreamCapture>;
  unlisten: Map<StreamCapture, () => void>;
  /** Numbers every chunk of both streams, so their lines merge in arrival order. */
  nextSeq: () => number;
}

/**
 * Connects each child's pipes to src/logs: rotating files (kept per process
 * across restarts), rings for `tail`, and line events only while someone
 * listens (splitting every chunk into lines would cost the flood throughput).
 */
export class ProcessOutput {
  private readonly registry: LogRegistry;
  private readonly byProcess = new Map<ManagedProcess, ProcessLogs>();
  private lineEvents = false;

  constructor(
    private readonly config: () => Config,
    private readonly emitLines: (process: string, stream: LogStream, lines: string[]) => void,
    /** Failures, and (as warnings) a log file writable again after one. */
    private readonly onError: (message: string, level?: 'warn' | 'error') => void,
    /** Where `console` streams go; the engine knows no terminal, so the host says. */
    private readonly toConsole: ConsoleLines = () => {},
  ) {
    // Programs that outlive a killed supervisor (keep_programs): what it read and had not written would be lost with it,
    // so it writes each read before the next (no thread-pool fallback), and stops reading while anything waits (a rotation).
    const keeping = config().supervisor.keepPrograms;
    this.registry = new LogRegistry({
      ...(keeping ? { directAlways: true, highWaterMark: 1 } : {}),
      onError: (error) => onError(`log file: ${error.message}`),
      onRecover: ({ path, droppedBytes }) => onError(`log file: writing ${path} again; ${withThousandsCommas(droppedBytes)} bytes of output were lost meanwhile`, 'warn'),
    });
  }

  attach(proc: ManagedProcess, child: SpawnedChild): void {
    const logs = this.logsOf(proc);
    const redirect = proc.program.redirectStderr;
    const captures: StreamCapture[] = [
      captureStream(child.stdout, {
        stream: 'stdout',
        file: logs.files.stdout,
        ring: logs.rings.stdout,
        lineAligned: redirect,
        nextSeq: logs.nextSeq,
        onError: (e) => this.onError(`${proc.name} stdout: ${e.message}`),
      }),
      captureStream(child.stderr, {
        stream: 'stderr',
        // redirect_stderr: both pipes feed the stdout file and ring, interleaved a whole line at a time.
        file: redirect ? logs.files.stdout : logs.files.stderr,
        ring: redirect ? logs.rings.stdout : logs.rings.stderr,
        lineAligned: redirect,
        nextSeq: logs.nextSeq,
        onError: (e) => this.onError(`${proc.name} stderr: ${e.message}`),
      }),
    ];
    for (const capture of captures) {
      logs.captures.add(capture);
      this.sendToConsole(proc, capture);
      if (this.lineEvents) this.listen(proc, logs, capture);
      void capture.finished.then(() => this.forget(logs, capture));
    }
    child.onExit(() => closeWhenDrained(captures));
  }

  /** Turns line events on or off for every live capture. */
  setLineEvents(on: boolean): void {
    if (on === this.lineEvents) return;
    this.lineEvents = on;
    for (const [proc, logs] of this.byProcess) {
      for (const capture of logs.captures) {
        if (on) this.listen(proc, logs, capture);
        else logs.unlisten.get(capture)?.();
      }
      if (!on) logs.unlisten.clear();
    }
  }

  tail(proc: ManagedProcess, stream: LogStream, lines: number): string[] {
    const logs = this.byProcess.get(proc);
    if (!logs) return [];
    const ring = proc.program.redirectStderr ? logs.rings.stdout : logs.rings[stream];
    return ring.lastLines(lines);
  }

  /**
   * Older lines: the `lines` lines ending `skip` lines before the end of the
   * stream's current log file, or of its ring when it has no file.
   */
  async history(proc: ManagedProcess, stream: LogStream, lines: number, skip: number): Promise<string[]> {
    const path = logFilePath(this.config(), proc, proc.program.redirectStderr ? 'stdout' : stream);
    if (path !== null) return readLinesBeforeEnd(path, lines, skip);
    const ring = this.tail(proc, stream, lines + skip);
    return ring.slice(0, Math.max(0, ring.length - skip));
  }

  /**
   * The last `lines` lines of the given streams combined, with when each
   * arrived, in arrival order; with `since`, only those that arrived at or
   * after it. With redirect_stderr both pipes share stdout's ring, so its
   * lines come as stdout.
   */
  backlog(proc: ManagedProcess, streams: readonly LogStream[], lines: number, since = 0): StreamLines[] {
    const logs = this.byProcess.get(proc);
    if (!logs) return [];
    const wanted = proc.program.redirectStderr ? (['stdout'] as const) : streams;
    const arrived: Partial<Record<LogStream, ArrivedLines[]>> = {};
    for (const stream of wanted) arrived[stream] = logs.rings[stream].lastArrivedLines(lines, since);
    return lastLinesOfStreams(proc.name, arrived, lines);
  }

  async detach(proc: ManagedProcess): Promise<void> {
    const logs = this.byProcess.get(proc);
    if (!logs) return;
    this.byProcess.delete(proc);
    await Promise.all([...logs.captures].map((c) => c.close()));
    for (const file of new Set([logs.files.stdout, logs.files.stderr])) if (file) await this.registry.release(file);
  }

  /**
   * `ctl clear`: empties the process's log files in place (the open file keeps
   * its descriptor and counts its size from 0 for rotation) and its rings, so
   * `ctl tail` shows nothing old either, as supervisorctl's tail of a cleared
   * file does.
   */
  async clear(proc: ManagedProcess): Promise<void> {
    const streams: LogStream[] = proc.program.redirectStderr ? ['stdout'] : ['stdout', 'stderr'];
    const paths = streams.map((stream) => logFilePath(this.config(), proc, stream)).filter((path) => path !== null);
    await Promise.all(paths.map((path) => truncate(path).catch(ignoreMissingFile)));
    const logs = this.byProcess.get(proc);
    if (!logs) return;
    for (const stream of streams) logs.rings[stream].clear();
    // Its open files read their size again, now 0, so rotation counts from it.
    const open = new Set(streams.map((stream) => logs.files[stream]).filter((file) => file !== null));
    await Promise.all([...open].map((file) => file.reopen()));
  }

  /** clear(), as the action result `ctl clear` prints: a failure (a file it may not truncate) names its reason. */
  clearResult(proc: ManagedProcess): Promise<ActionResult> {
    const done = (ok: boolean, message: string) => ({ name: proc.name, ok, state: proc.state, message });
    return this.clear(proc).then(
      () => done(true, 'cleared'),
      (error: Error) => done(false, error.message),
    );
  }

  reopenAll(): Promise<void> {
    return this.registry.reopenAll();
  }

  /**
   * `drainMs`: each capture first gets that long to read its socket to the end (a program stopped a moment ago may
   * have left its last lines there); then all stop reading and the files close.
   */
  async closeAll(drainMs = 0): Promise<void> {
    if (drainMs > 0) {
      const captures = [...this.byProcess.values()].flatMap((logs) => [...logs.captures]);
      const timeout = new Promise((resolve) => setTimeout(resolve, drainMs).unref());
      await Promise.race([Promise.all(captures.map((capture) => capture.finished)), timeout]);
    }
    await Promise.all([...this.byProcess.keys()].map((proc) => this.detach(proc)));
    await this.registry.closeAll();
  }

  /**
   * A console stream is split into lines from its first byte, so each goes out
   * whole: two processes' output then interleaves only between lines.
   */
  private sendToConsole(proc: ManagedProcess, capture: StreamCapture): void {
    const stream: LogStream = proc.program.redirectStderr ? 'stdout' : capture.stream;
    if (proc.program[stream].target.kind !== 'console') return;
    capture.addLineListener((_, lines) => this.toConsole(proc.name, stream, lines));
  }

  private listen(proc: ManagedProcess, logs: ProcessLogs, capture: StreamCapture): void {
    logs.unlisten.set(
      capture,
      capture.addLineListener((stream, lines) => this.emitLines(proc.name, stream, lines)),
    );
  }

  private forget(logs: ProcessLogs, capture: StreamCapture): void {
    logs.captures.delete(capture);
    logs.unlisten.get(capture)?.();
    logs.unlisten.delete(capture);
  }

  private logsOf(proc: ManagedProcess): ProcessLogs {
    let logs = this.byProcess.get(proc);
    if (!logs) {
      logs = {
        rings: { stdout: new OutputRing(), stderr: new OutputRing() },
        files: { stdout: this.openFile(proc, 'stdout', proc.program.stdout), stderr: proc.program.redirectStderr ? null : this.openFile(proc, 'stderr', proc.program.stderr) },
        captures: new Set(),
        unlisten: new Map(),
        nextSeq: counter(),
      };
      this.byProcess.set(proc, logs);
    }
    return logs;
  }

  private openFile(proc: ManagedProcess, stream: LogStream, log: LogConfig): RotatingFile | null {
    const path = logFilePath(this.config(), proc, stream);
    return path ? this.registry.acquire(path, { maxBytes: log.maxBytes, backups: log.backups }) : null;
  }
}

/** The file a process's stream is logged to; null when it goes to the console or nowhere. */
export function logFilePath(config: Config, proc: ManagedProcess, stream: LogStream): string | null {
  const log = proc.program[stream];
  const target =
    log.target.kind === 'file' ? { kind: 'file' as const, path: expandTemplate(log.target.path, templateVars(config, proc.program, proc.num, proc.group)) } : log.target;
  // A single-process program logs to `web.out.log` rather than `web_web.out.log`.
  const processName = proc.processName === proc.program.name ? proc.processName : proc.name;
  return resolveLogPath(target, { logdir: config.supervisor.logdir, processName, stream });
}

/** A log file that was never written (the program printed nothing yet) is already empty. */
function ignoreMissingFile(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

/** 0, 1, 2, …: one per process, shared by its two streams. */
function counter(): () => number {
  let next = 0;
  return () => next++;
}
