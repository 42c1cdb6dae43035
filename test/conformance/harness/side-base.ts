import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConfigSpec, CtlResult, Side, SupervisorKind, Transition } from './case-types.js';
import { waitUntil } from './observe.js';
import { killGroup, killMarked, MARKER } from './process-sweep.js';

/** A ctl command that takes longer than this is killed and reported with code -1. */
const CTL_DEADLINE_MS = 20_000;
/** The supervisor gets a descriptor it was not meant to pass on, as from a shell that had one open. */
export const STRAY_FD = 9;

function connects(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * What both supervisors' handles share: a private temp folder, launching the
 * supervisor detached (its own process group) with a marker for cleanup and a
 * stray descriptor, waiting for its socket, running ctl commands with a deadline.
 */
export abstract class SideBase implements Side {
  readonly dir: string;
  protected readonly runId = randomUUID();
  protected readonly launched: ChildProcess[] = [];
  /** A supervisor that could not be spawned at all (not installed, say). */
  private launchError: Error | null = null;

  constructor(readonly kind: SupervisorKind) {
    this.dir = mkdtempSync(path.join(tmpdir(), `conformance-${kind}-`));
  }

  abstract writeConfig(config: ConfigSpec): void;
  abstract start(): Promise<void>;
  abstract ctl(...args: string[]): Promise<CtlResult>;
  abstract transitions(): Transition[];
  abstract supervisorLog(): string;
  abstract lastExit(process: string): Promise<string | null>;

  protected get current(): ChildProcess {
    const child = this.launched.at(-1);
    if (!child) throw new Error(`${this.kind} was never started`);
    return child;
  }

  protected launch(command: string, args: string[], output: 'pipe' | number, env: NodeJS.ProcessEnv = {}): ChildProcess {
    const stray = openSync(path.join(this.dir, 'stray-fd.txt'), 'a');
    const stdio: (number | 'pipe' | 'ignore')[] = ['ignore', output, output];
    while (stdio.length < STRAY_FD) stdio.push('ignore');
    stdio.push(stray);
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, [MARKER]: this.runId };
    delete childEnv.DROVER_SOCKET;
    delete childEnv.DROVER_CONFIG;
    const child = spawn(command, args, { cwd: this.dir, env: childEnv, stdio, detached: true });
    closeSync(stray);
    child.once('error', (err) => (this.launchError = err));
    this.launched.push(child);
    return child;
  }

  protected async waitForSocket(socketPath: string, describeOutput: () => string): Promise<void> {
    const child = this.current;
    const exited = () => child.exitCode !== null || child.signalCode !== null || this.launchError !== null;
    const answered = await waitUntil(async () => exited() || (await connects(socketPath)), 20_000);
    if (answered && !exited()) return;
    const why = exited() ? `it exited (${this.launchError?.message ?? child.exitCode ?? child.signalCode})` : 'no answer within 20 s';
    throw new Error(`${this.kind} did not start: ${why}\n${this.kind} output:\n${describeOutput()}`);
  }

  protected runCommand(command: string, args: string[]): Promise<CtlResult> {
    const started = Date.now();
    const child = spawn(command, args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), CTL_DEADLINE_MS);
    return new Promise((resolve) => {
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, out, ms: Date.now() - started });
      });
    });
  }

  signalSupervisor(signal: NodeJS.Signals): void {
    this.current.kill(signal);
  }

  async crashSupervisor(): Promise<void> {
    const child = this.current;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  async cleanup(): Promise<void> {
    for (const child of this.launched) killGroup(child.pid!);
    await killMarked(this.runId);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
