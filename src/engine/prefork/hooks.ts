import { spawn } from 'node:child_process';
import type { HookName, ProgramConfig } from '../../config/runtime.js';
import { supervisorEnv } from '../process-names.js';
import { sendSignal } from '../signals.js';
import { HookGroups } from './hook-groups.js';

/** A hook that runs longer than this is killed (with what it started) and counts as failed. */
const HOOK_TIMEOUT_MS = 60_000;
/** How much of a hook's output is kept for the failure message. */
const OUTPUT_TAIL = 2000;
/** After a hook exits, how long its output pipes may stay open before the result is given without the rest. */
const OUTPUT_GRACE_MS = 100;

export type HookVars = Record<string, string | number | null | undefined>;

/**
 * Runs prefork hooks: gunicorn's names and moments, each a shell command from
 * the config (the user asked for a shell by writing one), with DROVER_*
 * variables describing the event. A failing hook is reported and otherwise
 * changes nothing, except on_starting, whose failure stops the program from
 * starting (the caller acts on the result). A hook is done when its own
 * process exits; what it started in the background lives on in its process
 * group until the program stops.
 */
export class HookRunner {
  private readonly groups = new HookGroups();

  constructor(
    private readonly defaultDir: () => string,
    private readonly warn: (message: string) => void,
  ) {}

  /** Resolves true when the hook is absent or exits 0. */
  run(program: ProgramConfig, hook: HookName, vars: HookVars = {}): Promise<{ ok: boolean; message: string }> {
    const command = program.prefork?.hooks[hook];
    if (!command) return Promise.resolve({ ok: true, message: '' });
    const env: Record<string, string> = { ...supervisorEnv(), ...program.environment, DROVER_HOOK: hook, DROVER_PROGRAM: program.name };
    env.DROVER_BIND = program.prefork!.bind.map((b) => b.text).join(' ');
    for (const [key, value] of Object.entries(vars)) if (value !== null && value !== undefined) env[`DROVER_${key}`] = String(value);
    let exited!: () => void;
    const ownProcessDone = new Promise<void>((resolve) => (exited = resolve));
    return new Promise((resolve) => {
      let output = '';
      let finished = false;
      const finish = (ok: boolean, why: string) => {
        exited();
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        const tail = output.trim().split('\n').slice(-3).join(' | ');
        const message = ok ? '' : `${program.name}: hook ${hook} failed (${why})${tail ? `: ${tail}` : ''}`;
        if (!ok) this.warn(message);
        resolve({ ok, message });
      };
      const child = spawn('/bin/sh', ['-c', command], { cwd: program.directory ?? this.defaultDir(), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      if (child.pid !== undefined) this.groups.add(program.name, child.pid, ownProcessDone);
      // Read on after the hook is done: a background child writing to a closed pipe would die of SIGPIPE.
      const keep = (chunk: Buffer) => {
        if (!finished) output = (output + chunk.toString()).slice(-OUTPUT_TAIL);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const timer = setTimeout(() => sendSignal(child.pid!, 'SIGKILL', true), HOOK_TIMEOUT_MS);
      child.once('error', (error) => finish(false, error.message));
      child.once('exit', (code, signal) => {
        // The hook is done when its own process exits; what it started may hold
        // its pipes open for hours. Its last output is given a moment to arrive.
        const why = signal ? `killed by ${signal}${signal === 'SIGKILL' ? `, over ${HOOK_TIMEOUT_MS / 1000} s?` : ''}` : `exit status ${code}`;
        const settle = () => finish(code === 0, why);
        const grace = setTimeout(settle, OUTPUT_GRACE_MS);
        child.once('close', () => {
          clearTimeout(grace);
          settle();
        });
      });
    });
  }

  /** The program stopped: stop what its hooks left running (see HookGroups). */
  stopLeftovers(program: ProgramConfig): Promise<void> {
    return this.groups.stop(program.name, program.stopwaitsecsMs);
  }
}
