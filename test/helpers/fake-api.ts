/* eslint-disable @typescript-eslint/require-await -- the fake's methods are async as the real API's are: a throw in one (an unreachable supervisor, an unknown name) must reach the caller as a rejected promise, not a synchronous throw */
import type {
  ActionResult,
  ConfigDiff,
  EngineEvent,
  EventOptions,
  EventSubscription,
  ProcessDetails,
  ProcessStatus,
  ProcessUsage,
  SupervisorApi,
  SupervisorInfo,
} from '../../src/api/supervisor-api.js';
import type { LogStream, ProcessState } from '../../src/api/supervisor-api.js';
import { calledAnswerOf, type AnswerOf, type ArgsOf, type CalledVerb } from '../../src/api/verbs.js';

/** One call the view made, in order. */
export interface RecordedCall {
  method: string;
  args: unknown[];
}

/** An events() stream the view opened; the test can end it. */
export class FakeSubscription implements EventSubscription {
  closed = false;
  readonly ended: Promise<Error | null>;
  private settle!: (value: Error | null) => void;

  constructor(
    readonly options: EventOptions,
    readonly listener: (event: EngineEvent) => void,
  ) {
    this.ended = new Promise((resolve) => (this.settle = resolve));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.settle(null);
  }

  /** The supervisor went away: the stream ends with `error`. */
  fail(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.settle(error);
  }

  /** Whether this stream would carry events of `name` (`process` is a name or `program:*`). */
  covers(name: string): boolean {
    const pattern = this.options.process;
    if (pattern === undefined || pattern === 'all') return true;
    if (pattern.endsWith(':*')) return name.startsWith(pattern.slice(0, -1));
    return name === pattern;
  }
}

type ActionVerb = 'start' | 'stop' | 'restart' | 'reload' | 'signal' | 'scale' | 'shutdown' | CalledVerb;
/** What an action answers: results, or a rejection. */
type ActionAnswer = ActionResult[] | Error;

/**
 * An in-memory SupervisorApi for view tests: the test owns the processes,
 * decides what actions answer, sends events, and reads back every call made
 * and every event stream opened.
 */
export class FakeApi implements SupervisorApi {
  readonly calls: RecordedCall[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  processes: ProcessStatus[];
  /** What details() answers, per process; a made-up minimum for the others. */
  detailsOf: Record<string, ProcessDetails> = {};
  /** Log lines tail answers with, per process. */
  logs: Record<string, string[]> = {};
  /** What each process's log files hold, per stream: tail with `skip` reads these. */
  logFiles: Record<string, Partial<Record<LogStream, string[]>>> = {};
  infoValue: SupervisorInfo;
  /** Overrides what an action answers; by default every matched process is ok. */
  answer: (verb: ActionVerb, patterns: string[]) => ActionAnswer | undefined = () => undefined;
  /** When set, status() and events() reject with it (the supervisor cannot be reached). */
  unreachable: Error | null = null;

  constructor(processes: ProcessStatus[] = []) {
    this.processes = processes;
    this.infoValue = {
      pid: 4242,
      version: '0.1.0',
      configFile: '/srv/app/programs.yaml',
      socket: '/srv/app/run/drover.sock',
      startedAt: Date.now() - 3_600_000,
      hostname: 'box1',
      statsIntervalMs: 1000,
      processes: processes.length,
      eventClients: 0,
      prefork: [],
      programs: [],
    };
  }

  /** The calls of one method, as argument lists. */
  callsOf(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** The streams still open with these options (`logs` streams for the log pane, `stats` for the list). */
  open(kind: 'logs' | 'stats'): FakeSubscription[] {
    return this.subscriptions.filter((s) => !s.closed && s.options[kind] === true);
  }

  // --- what the test does -------------------------------------------------

  /** Changes a process and sends the state event. */
  setState(name: string, change: Partial<ProcessStatus> & { state: ProcessState }): void {
    const index = this.processes.findIndex((p) => p.name === name);
    if (index < 0) throw new Error(`FakeApi.setState: no process ${name}`);
    const before = this.processes[index]!;
    const after = { ...before, ...change };
    this.processes[index] = after;
    this.emit({ kind: 'state', at: Date.now(), process: after, from: before.state, pid: after.pid ?? before.pid });
  }

  addProcess(status: ProcessStatus): void {
    this.processes.push(status);
    this.emit({ kind: 'processAdded', at: Date.now(), process: status });
  }

  removeProcess(name: string): void {
    const status = this.processes.find((p) => p.name === name);
    if (!status) throw new Error(`FakeApi.removeProcess: no process ${name}`);
    this.processes = this.processes.filter((p) => p !== status);
    this.emit({ kind: 'processRemoved', at: Date.now(), process: status });
  }

  sendStats(processes: ProcessUsage[]): void {
    this.emit({ kind: 'stats', at: Date.now(), intervalMs: 1000, processes });
  }

  sendSupervisor(level: 'info' | 'warn' | 'error', message: string): void {
    this.emit({ kind: 'supervisor', at: Date.now(), level, message });
  }

  sendLog(name: string, lines: string[], stream: LogStream = 'stdout'): void {
    this.emit({ kind: 'log', at: Date.now(), process: name, stream, lines });
  }

  /** Every open stream ends with `error`, as when the supervisor dies. */
  endStreams(error: Error): void {
    for (const subscription of this.subscriptions) subscription.fail(error);
  }

  emit(event: EngineEvent): void {
    for (const subscription of this.subscriptions) {
      if (subscription.closed) continue;
      if (event.kind === 'stats' && subscription.options.stats !== true) continue;
      if (event.kind === 'log' && (subscription.options.logs !== true || !subscription.covers(event.process))) continue;
      if ((event.kind === 'state' || event.kind === 'processAdded' || event.kind === 'processRemoved') && !subscription.covers(event.process.name)) continue;
      subscription.listener(event);
    }
  }

  // --- SupervisorApi ------------------------------------------------------

  async info(): Promise<SupervisorInfo> {
    this.record('info', []);
    return { ...this.infoValue, processes: this.processes.length };
  }

  async status(patterns?: string[]): Promise<ProcessStatus[]> {
    this.record('status', patterns === undefined ? [] : [patterns]);
    if (this.unreachable) throw this.unreachable;
    return this.processes.map((p) => ({ ...p }));
  }

  start(patterns: string[]): Promise<ActionResult[]> {
    return this.act('start', patterns, 'RUNNING');
  }

  stop(patterns: string[]): Promise<ActionResult[]> {
    return this.act('stop', patterns, 'STOPPED');
  }

  restart(patterns: string[]): Promise<ActionResult[]> {
    return this.act('restart', patterns, 'RUNNING');
  }

  reload(patterns: string[]): Promise<ActionResult[]> {
    return this.act('reload', patterns, 'RUNNING');
  }

  signal(signal: string, patterns: string[]): Promise<ActionResult[]> {
    return this.act('signal', patterns, 'RUNNING', [signal, patterns]);
  }

  scale(program: string, count: string): Promise<ActionResult[]> {
    return this.act('scale', [program], 'RUNNING', [program, count]);
  }

  async reread(): Promise<ConfigDiff> {
    this.record('reread', []);
    return { added: [], changed: [], removed: [], supervisorChanged: [] };
  }

  async update(programs?: string[]): Promise<ConfigDiff> {
    this.record('update', programs === undefined ? [] : [programs]);
    return { added: [], changed: [], removed: [], supervisorChanged: [] };
  }

  async details(name: string): Promise<ProcessDetails> {
    this.record('details', [name]);
    const found = this.detailsOf[name];
    if (found) return found;
    const status = this.processes.find((p) => p.name === name);
    if (!status) throw new Error(`no such process: ${name}`);
    return { status, command: ['/bin/true'], shell: false, cwd: '/', user: null, environment: {}, tree: [], exits: [] };
  }

  async tail(name: string, lines: number, stream?: LogStream, skip?: number): Promise<string[]> {
    this.record('tail', skip === undefined ? [name, lines] : [name, lines, stream, skip]);
    if (skip === undefined) return (this.logs[name] ?? []).slice(-lines);
    const file = this.logFiles[name]?.[stream ?? 'stdout'] ?? [];
    const end = Math.max(0, file.length - skip);
    return file.slice(Math.max(0, end - lines), end);
  }

  shutdown(): Promise<ActionResult[]> {
    return this.act('shutdown', ['all'], 'STOPPED');
  }

  /**
   * A verb the table marks `called`, recorded with its arguments object. A
   * results verb answers like the other actions (the processes keep their
   * state); a lines verb no lines, a value verb null.
   */
  async call<V extends CalledVerb>(verb: V, args: ArgsOf<V>): Promise<AnswerOf<V>> {
    const fields = args as Record<string, unknown>;
    const answer = calledAnswerOf(verb);
    if (answer === 'results') {
      const patterns = Array.isArray(fields.patterns) ? (fields.patterns as string[]) : [];
      return (await this.act(verb, patterns, null, [fields])) as AnswerOf<V>;
    }
    this.record(verb, [fields]);
    return (answer === 'lines' ? [] : null) as AnswerOf<V>;
  }

  async events(options: EventOptions, listener: (event: EngineEvent) => void): Promise<EventSubscription> {
    this.record('events', [options]);
    if (this.unreachable) throw this.unreachable;
    const subscription = new FakeSubscription(options, listener);
    // As the real API does: the last lines of a followed process come first, in the same call.
    if (options.logs && options.process !== undefined && options.tail) {
      for (const status of this.processes) {
        const lines = this.logs[status.name];
        if (subscription.covers(status.name) && lines && lines.length > 0) {
          listener({ kind: 'log', at: Date.now(), process: status.name, stream: 'stdout', lines: lines.slice(-options.tail) });
        }
      }
    }
    this.subscriptions.push(subscription);
    return subscription;
  }

  private record(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
  }

  /** `state`: what each matched process is in after the action; null: the state it was in. */
  private async act(verb: ActionVerb, patterns: string[], state: ProcessState | null, args: unknown[] = [patterns]): Promise<ActionResult[]> {
    this.record(verb, args);
    const answer = this.answer(verb, patterns);
    if (answer instanceof Error) throw answer;
    if (answer) return answer;
    return this.match(patterns).map((p) => ({ name: p.name, ok: true, state: state ?? p.state, message: `${verb} ok` }));
  }

  private match(patterns: string[]): ProcessStatus[] {
    return this.processes.filter((p) => patterns.some((pattern) => pattern === 'all' || pattern === p.name || pattern === p.program || pattern === `${p.program}:*`));
  }
}

/** A process as status() returns it; RUNNING with a pid unless told otherwise. */
export function makeStatus(name: string, change: Partial<ProcessStatus> = {}): ProcessStatus {
  const [program = name, processName = name] = name.includes(':') ? name.split(':') : [name, name];
  const state = change.state ?? 'RUNNING';
  const live = state === 'RUNNING' || state === 'STARTING' || state === 'STOPPING';
  const startedAt = live ? Date.now() - 65_000 : null;
  return {
    name: `${program}:${processName}`,
    program,
    processName,
    group: program,
    num: 0,
    state,
    pid: live ? 1000 + (hash(name) % 30_000) : null,
    description: '',
    restarts: 0,
    exitCode: null,
    exitSignal: null,
    uptimeMs: live ? 65_000 : 0,
    startedAt,
    lastExitAt: null,
    ready: null,
    cpuPercent: null,
    rssBytes: null,
    cpuSeconds: null,
    scaledToZero: false,
    done: false,
    ...change,
  };
}

/** `count` processes of one program: `prog:prog_00`, `prog:prog_01`, … */
export function makeProgram(program: string, count: number, change: Partial<ProcessStatus> = {}): ProcessStatus[] {
  const width = Math.max(2, String(count - 1).length);
  return Array.from({ length: count }, (_, i) => makeStatus(`${program}:${program}_${String(i).padStart(width, '0')}`, change));
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}
