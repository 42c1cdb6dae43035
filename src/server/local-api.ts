import { type Config, formatConfigError, type LoadResult } from '../config/runtime.js';
import { EngineError } from '../engine/errors.js';
import { withFigures } from '../engine/process-info.js';
import { summarizeProgram } from '../engine/program-summary.js';
import type { Supervisor } from '../engine/supervisor.js';
import type {
  ActionResult,
  ConfigDiff,
  EventOptions,
  EngineEvent,
  EventSubscription,
  LogStream,
  ProcessDetails,
  ProcessStatus,
  SignalOptions,
  SupervisorApi,
  SupervisorInfo,
} from '../api/supervisor-api.js';
import { ApiError } from '../api/api-error.js';
import type { AnswerOf, ArgsOf, CalledVerb } from '../api/verbs.js';
import { maskEnvironment, SecretMasker } from './mask-secrets.js';
import { hostname } from 'node:os';

export interface LocalApiOptions {
  configFile: string;
  socket: string;
  version: string;
  /** Reads the config file again (in a child process, see load-isolated.ts). */
  loadConfig: () => Promise<LoadResult>;
  /** Stops everything and ends the supervisor; the host decides how to exit. */
  shutdown: () => Promise<ActionResult[]>;
  /** Hands over to a fresh supervisor (see daemon/re-exec.ts); resolves with this one's pid once that is under way. */
  reexec: () => Promise<{ pid: number }>;
}

/** What each verb the table marks `called` runs on the engine: the one line a new verb adds here. */
const ENGINE_CALLS: { [V in CalledVerb]: (supervisor: Supervisor, args: ArgsOf<V>, host: LocalApiOptions) => AnswerOf<V> | Promise<AnswerOf<V>> } = {
  clear: (supervisor, { patterns }) => supervisor.clearLogs(patterns),
  reexec: (_supervisor, _args, host) => host.reexec(),
};

/**
 * SupervisorApi over an in-process engine: what the control server serves and
 * what the embedded view uses, so both behave exactly like `ctl`.
 */
export class LocalApi implements SupervisorApi {
  private readonly startedAt = Date.now();
  private eventClients = 0;

  constructor(
    private readonly supervisor: Supervisor,
    private readonly options: LocalApiOptions,
  ) {}

  info(): Promise<SupervisorInfo> {
    return Promise.resolve({
      pid: process.pid,
      version: this.options.version,
      configFile: this.options.configFile,
      socket: this.options.socket,
      startedAt: this.startedAt,
      hostname: hostname(),
      statsIntervalMs: this.supervisor.currentConfig.supervisor.statsIntervalMs,
      processes: this.supervisor.list().length,
      eventClients: this.eventClients,
      prefork: this.supervisor.preforkCounts(),
      programs: this.supervisor.currentConfig.programs.map(summarizeProgram),
    });
  }

  async status(patterns: string[] = []): Promise<ProcessStatus[]> {
    const processes = await engineCall(() => this.supervisor.list(patterns));
    const usage = this.supervisor.usage(processes.map((p) => p.name));
    return processes.map((p) => withFigures(p, usage.get(p.name)));
  }

  async details(name: string): Promise<ProcessDetails> {
    const facts = await engineCall(() => this.supervisor.inspect(name));
    const usage = this.supervisor.usage([facts.info.name]).get(facts.info.name);
    // A secret can reach the command line (`--token ${API_TOKEN}`) and so the process tree too.
    const secrets = SecretMasker.fromEnvironments([facts.environment]);
    return {
      status: withFigures(facts.info, usage),
      command: facts.argv.map((arg) => secrets.mask(arg)),
      shell: isShellCommand(facts.argv),
      cwd: facts.cwd,
      user: facts.user,
      environment: maskEnvironment(facts.environment),
      tree: facts.tree.map((node) => ({ ...node, command: secrets.mask(node.command) })),
      exits: facts.exits,
    };
  }

  start(patterns: string[]): Promise<ActionResult[]> {
    return engineCall(() => this.supervisor.startProcesses(patterns));
  }

  stop(patterns: string[]): Promise<ActionResult[]> {
    return engineCall(() => this.supervisor.stopProcesses(patterns));
  }

  restart(patterns: string[]): Promise<ActionResult[]> {
    return engineCall(() => this.supervisor.restartProcesses(patterns));
  }

  /** Prefork programs: rolling worker replacement; reload_signal: that signal; the others: restart (SPEC §1). */
  reload(patterns: string[]): Promise<ActionResult[]> {
    return engineCall(() => this.supervisor.reloadProcesses(patterns));
  }

  async signal(signal: string, patterns: string[], options: SignalOptions = {}): Promise<ActionResult[]> {
    return engineCall(() => this.supervisor.signalProcesses(signal, patterns, { group: options.group === true }));
  }

  scale(program: string, count: string): Promise<ActionResult[]> {
    return engineCall(() => this.supervisor.scale(program, count));
  }

  async reread(): Promise<ConfigDiff> {
    const next = await this.loadConfig();
    return this.supervisor.reread(next);
  }

  async update(programs?: string[]): Promise<ConfigDiff> {
    const next = await this.loadConfig();
    if (programs && programs.length > 0) {
      const known = new Set([...this.supervisor.currentConfig.programs, ...next.programs].map((p) => p.name));
      const unknown = programs.filter((name) => !known.has(name));
      if (unknown.length > 0) throw new ApiError('UNKNOWN_PROGRAM', `no such program in the running or the new config: ${unknown.join(', ')}`);
    }
    return engineCall(() => this.supervisor.update(next, programs && programs.length > 0 ? programs : undefined));
  }

  async tail(name: string, lines: number, stream: LogStream = 'stdout', skip?: number): Promise<string[]> {
    if (skip !== undefined && (!Number.isSafeInteger(skip) || skip < 0)) throw new ApiError('BAD_REQUEST', `skip: expected a whole number from 0, got ${String(skip)}`);
    if (skip !== undefined) return engineCall(() => this.supervisor.history(name, lines, stream, skip));
    return engineCall(() => this.supervisor.tail(name, lines, stream));
  }

  call<V extends CalledVerb>(verb: V, args: ArgsOf<V>): Promise<AnswerOf<V>> {
    const run = ENGINE_CALLS[verb] as (supervisor: Supervisor, args: ArgsOf<V>, host: LocalApiOptions) => AnswerOf<V> | Promise<AnswerOf<V>>;
    return engineCall(() => run(this.supervisor, args, this.options));
  }

  shutdown(): Promise<ActionResult[]> {
    if (this.supervisor.isShuttingDown) return Promise.reject(new ApiError('SHUTTING_DOWN', 'drover is already shutting down'));
    return this.options.shutdown();
  }

  /**
   * With `process` and `tail`, the last lines of every matched process are
   * delivered first, in arrival order, and the subscription starts in the same
   * tick, so a follower sees no gap and no line twice. With `once`, only the
   * backlog: the subscription has ended when this resolves.
   */
  async events(options: EventOptions, listener: (event: EngineEvent) => void): Promise<EventSubscription> {
    const names = options.process === undefined ? null : new Set(await engineCall(() => this.supervisor.list([options.process!]).map((p) => p.name)));
    if (names && options.tail !== undefined && options.tail > 0) {
      const streams = options.stream ? [options.stream] : (['stdout', 'stderr'] as const);
      for (const { at, process, stream, lines } of this.supervisor.backlog(options.process!, streams, options.tail, options.since)) {
        listener({ kind: 'log', at, process, stream, lines });
      }
    }
    if (options.once === true) return { ended: Promise.resolve(null), close: () => {} };
    const wanted = (event: EngineEvent): boolean => {
      if (event.kind === 'log') return (!names || names.has(event.process)) && (!options.stream || event.stream === options.stream);
      if (event.kind === 'supervisor') return true;
      if (event.kind === 'stats') return options.stats === true;
      return !names || names.has(event.process.name);
    };
    const deliver = (event: EngineEvent): void => {
      if (!wanted(event)) return;
      if (event.kind === 'stats' && names) listener({ ...event, processes: event.processes.filter((p) => names.has(p.name)) });
      else listener(event);
    };
    const unsubscribe = this.supervisor.subscribe(deliver, { logs: options.logs === true });
    const releaseStats = options.stats === true ? this.supervisor.watchStats() : () => {};
    this.eventClients++;
    let resolveEnded!: (value: Error | null) => void;
    const ended = new Promise<Error | null>((resolve) => (resolveEnded = resolve));
    let open = true;
    return {
      ended,
      close: () => {
        if (!open) return;
        open = false;
        this.eventClients--;
        unsubscribe();
        releaseStats();
        resolveEnded(null);
      },
    };
  }

  private async loadConfig(): Promise<Config> {
    const loaded = await this.options.loadConfig();
    if (!loaded.ok) {
      throw new ApiError('CONFIG_INVALID', `${this.options.configFile} has ${loaded.errors.length} error(s); nothing was changed`, loaded.errors.map(formatConfigError));
    }
    return loaded.config;
  }
}

/** `sh -c '…'` (or bash, dash…): the config asked for a shell itself (drover never adds one). */
function isShellCommand(argv: string[]): boolean {
  return argv.length >= 3 && /(^|\/)(ba|da|z|k)?sh$/.test(argv[0]!) && argv[1] === '-c';
}

/** Engine errors become API errors with the same stable code. */
async function engineCall<T>(call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof EngineError) {
      throw new ApiError(error.code === 'ALREADY_RUNNING' ? 'BAD_REQUEST' : error.code, error.message);
    }
    throw error;
  }
}
