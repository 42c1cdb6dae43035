import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOTIFY_ENV, type DaemonMessage, type LauncherMessage } from '../../daemon/daemon-notify.js';

/** How long the launcher waits for the supervisor's socket, once it has the config, before giving up. */
export const READY_TIMEOUT_MS = 60_000;

/** The supervisor's own output (state changes, warnings, crashes) when detached. */
export const SUPERVISOR_LOG = 'drover.log';

/** How a detached supervisor ended: its exit code, or the signal that killed it. */
export interface SupervisorExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What the supervisor said first after it had the config, or how the wait ended without a word. */
export type SupervisorOutcome = Exclude<DaemonMessage, { type: 'config?' }> | ({ type: 'exited' } & SupervisorExit) | { type: 'timeout' };

/** The supervisor's log file, opened for its stdout and stderr, and what opening it created. */
export interface OpenedLog {
  file: string;
  fd: number;
  /** Removed again by discardLog when the supervisor never ran: the folders mkdir made (outermost first) and the file, when new. */
  created: { dir: string | undefined; file: boolean };
}

/** Opens `<logdir>/drover.log` for appending, 0600, making the folder. Throws as openSync does. */
export function openSupervisorLog(logdir: string): OpenedLog {
  const file = path.join(logdir, SUPERVISOR_LOG);
  const dir = mkdirSync(logdir, { recursive: true });
  const existed = existsSync(file);
  return { file, fd: openSync(file, 'a', 0o600), created: { dir, file: !existed } };
}

/**
 * Undoes openSupervisorLog for a supervisor that never got its config: the file, when this launch made it, and the
 * folders made for it go. What that supervisor wrote there (a trace line, a Node warning) belonged to no run.
 */
export function discardLog(log: OpenedLog): void {
  try {
    if (log.created.file) unlinkSync(log.file);
    for (let dir = path.dirname(log.file); log.created.dir !== undefined && dir.startsWith(log.created.dir); dir = path.dirname(dir)) rmdirSync(dir);
  } catch {
    // Not empty (someone else writes there too) or gone: left as it is.
  }
}

/**
 * What the detached supervisor runs: its bundle's loader (build-supervisor-bundle.mjs), when the build made
 * it; run from src/ (the tests), main.js, which runs the same supervisor from its modules.
 */
function supervisorEntry(): string {
  const bundled = fileURLToPath(new URL('../supervisor.cjs', import.meta.url));
  return existsSync(bundled) ? bundled : fileURLToPath(new URL('../main.js', import.meta.url));
}

/**
 * The detached supervisor (its own session, so neither the shell's job control
 * nor a terminal hangup reaches it), output to the log file. It may be started
 * before the config is parsed: it boots and loads its modules meanwhile, and
 * waits for the config, asking for it (`config?`) and doing nothing else until
 * it comes. handOff gives it the config; abandon ends one that never had it.
 */
export class SupervisorChild {
  readonly exited: Promise<SupervisorExit>;
  readonly logFile: string;
  private readonly child: ChildProcess;
  private asked = false;
  private encoded: string | null = null;
  private readonly said: Promise<SupervisorOutcome>;

  constructor(configPath: string, log: OpenedLog, nodeFlags: string[]) {
    this.logFile = log.file;
    this.child = spawn(process.execPath, [...nodeFlags, ...process.execArgv, supervisorEntry(), '--daemon', '--foreground', '-c', configPath], {
      detached: true,
      stdio: ['ignore', log.fd, log.fd, 'ipc'],
      env: { ...process.env, [NOTIFY_ENV]: '1' },
    });
    closeSync(log.fd);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    // Listened to from the spawn: a message with no listener yet would be lost.
    this.said = new Promise((resolve) => {
      this.child.on('message', (message: DaemonMessage) => {
        if (message.type !== 'config?') return resolve(message);
        this.asked = true;
        this.sendConfig();
      });
      void this.exited.then((exit) => resolve({ type: 'exited', ...exit }));
      this.child.once('error', (error) => resolve({ type: 'failed', message: `cannot start the supervisor: ${error.message}` }));
    });
  }

  /** Gives the supervisor the launcher's encoded LoadResult, now or when it asks. */
  handOff(encoded: string): void {
    this.encoded = encoded;
    this.sendConfig();
  }

  /** Its first word after the config (ready or failed), its exit, or a timeout READY_TIMEOUT_MS after the hand-off. */
  outcome(): Promise<SupervisorOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SupervisorOutcome>((resolve) => (timer = setTimeout(() => resolve({ type: 'timeout' }), READY_TIMEOUT_MS)));
    return Promise.race([this.said, timeout]).finally(() => clearTimeout(timer));
  }

  /** Ends a supervisor that has not had the config (so has started and opened nothing) and waits for it to be gone. */
  async abandon(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** The supervisor must neither keep this process alive nor die with it. */
  detach(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.unref();
  }

  /** Keeps this process (the supervisor's parent until it exits) alive until the supervisor exits, and says how. */
  waitForExit(): Promise<SupervisorExit> {
    this.child.ref();
    return this.exited;
  }

  private sendConfig(): void {
    if (!this.asked || this.encoded === null || !this.child.connected) return;
    this.child.send({ type: 'config', encoded: this.encoded } satisfies LauncherMessage);
  }
}
