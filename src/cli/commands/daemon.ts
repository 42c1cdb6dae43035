import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLoadResult, formatConfigError, type ConfigError, type LoadResult } from '../../config/runtime.js';
import { describeListener, probeSocket, SocketGuardError } from '../../server/socket-guard.js';
import { NOTIFY_ENV, type DaemonMessage, type LauncherMessage } from '../../daemon/daemon-notify.js';
import { traceStart } from '../../os/start-trace.js';

/** How long the launcher waits for the supervisor's socket before giving up. */
const READY_TIMEOUT_MS = 60_000;

/** The supervisor's own output (state changes, warnings, crashes) when detached. */
export const SUPERVISOR_LOG = 'drover.log';

/** How a detached supervisor ended: its exit code, or the signal that killed it. */
export interface SupervisorExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A detached supervisor whose control socket answers. */
export interface StartedSupervisor {
  pid: number;
  socket: string;
  logFile: string;
  /** The config's warnings, for the caller to show (the supervisor writes them to its log). */
  warnings: ConfigError[];
  /** Keeps this process (the supervisor's parent until it exits) alive until the supervisor exits, and says how. */
  waitForExit(): Promise<SupervisorExit>;
}

/**
 * `drover --daemon`: starts the supervisor detached and returns 0 once its
 * control socket answers; else 1 with the reason.
 */
export async function launchDaemon(configPath: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const started = await startDetachedSupervisor(configPath, err);
  if (!started) return 1;
  out.write(`drover: supervisor running, pid ${started.pid}, control socket ${started.socket}, log ${started.logFile}\n`);
  return 0;
}

/**
 * Checks the config and the socket, starts the supervisor detached (its own
 * session, so neither the shell's job control nor a terminal hangup reaches
 * it; output to `<logdir>/drover.log`), and waits until it says its control
 * socket listens and the socket answers. Null when it did not start, the
 * reason written to err.
 */
export async function startDetachedSupervisor(configPath: string, err: NodeJS.WritableStream): Promise<StartedSupervisor | null> {
  traceStart('launcher', 'modules loaded');
  // Parsed and checked here, so mistakes show at once and in this terminal; the supervisor asks for the result (daemon-notify.ts).
  const loaded = await loadConfigInProcess(configPath);
  traceStart('launcher', 'config loaded');
  if (!loaded.ok) {
    for (const error of loaded.errors) err.write(`${formatConfigError(error)}\n`);
    err.write(`drover: not starting: ${loaded.errors.length} error(s) in ${configPath}\n`);
    return null;
  }
  const { socket, logdir } = loaded.config.supervisor;
  try {
    if ((await probeSocket(socket)) === 'live') {
      err.write(`drover: not starting: ${await describeListener(socket)} is already running on ${socket}\n`);
      return null;
    }
  } catch (error) {
    if (!(error instanceof SocketGuardError)) throw error;
    err.write(`drover: not starting: ${error.message}\n`);
    return null;
  }

  const logFile = path.join(logdir, SUPERVISOR_LOG);
  let fd: number;
  try {
    mkdirSync(logdir, { recursive: true });
    fd = openSync(logFile, 'a', 0o600);
  } catch (error) {
    err.write(`drover: not starting: cannot open the supervisor log ${logFile}: ${(error as Error).message}\n`);
    return null;
  }
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  const child = spawn(process.execPath, [...supervisorNodeFlags(), ...process.execArgv, main, '--daemon', '--foreground', '-c', configPath], {
    detached: true,
    stdio: ['ignore', fd, fd, 'ipc'],
    env: { ...process.env, [NOTIFY_ENV]: '1' },
  });
  closeSync(fd);
  traceStart('launcher', 'supervisor spawned');
  const exited = new Promise<SupervisorExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const outcome = await new Promise<Exclude<DaemonMessage, { type: 'config?' }> | ({ type: 'exited' } & SupervisorExit) | { type: 'timeout' }>((resolve) => {
    const timer = setTimeout(() => resolve({ type: 'timeout' }), READY_TIMEOUT_MS);
    const encoded = encodeLoadResult(loaded);
    child.on('message', (message: DaemonMessage) => {
      if (message.type === 'config?') {
        child.send({ type: 'config', encoded } satisfies LauncherMessage);
        return;
      }
      clearTimeout(timer);
      resolve(message);
    });
    void exited.then((exit) => (clearTimeout(timer), resolve({ type: 'exited', ...exit })));
    child.once('error', (error) => (clearTimeout(timer), resolve({ type: 'failed', message: `cannot start the supervisor: ${error.message}` })));
  });
  // The supervisor must not keep this process alive, nor die with it.
  const detach = () => {
    if (child.connected) child.disconnect();
    child.unref();
  };

  traceStart('launcher', `supervisor says ${outcome.type}`);
  switch (outcome.type) {
    case 'ready': {
      const answers = (await probeSocket(outcome.socket).catch(() => 'absent')) === 'live';
      detach();
      if (!answers) {
        err.write(`drover: the supervisor (pid ${outcome.pid}) said it was ready but ${outcome.socket} does not answer; see ${logFile}\n`);
        return null;
      }
      const waitForExit = () => {
        child.ref();
        return exited;
      };
      return { pid: outcome.pid, socket: outcome.socket, logFile, warnings: loaded.warnings, waitForExit };
    }
    case 'failed':
      detach();
      err.write(`${outcome.message}\n`);
      return null;
    case 'exited':
      err.write(
        `drover: the supervisor exited (${outcome.signal ?? `code ${outcome.code}`}) before its control socket was up; last lines of ${logFile}:\n${lastLines(logFile, 15)}\n`,
      );
      return null;
    case 'timeout':
      child.kill('SIGTERM');
      detach();
      err.write(`drover: the supervisor did not open its control socket within ${READY_TIMEOUT_MS / 1000} s; stopped it; see ${logFile}\n`);
      return null;
  }
}

/**
 * The launcher's parse, with the bundled config loader when the build made it
 * (build-loader-bundle.mjs): the ES module graph of yaml, zod and the config
 * folder, about 210 files, cost this process about 300 ms more CPU to load
 * for a 200-program config. Run from src/ (the tests), the modules themselves.
 */
async function loadConfigInProcess(configPath: string): Promise<LoadResult> {
  const bundle = fileURLToPath(new URL('../../config/load-config.cjs', import.meta.url));
  const { loadConfig } = existsSync(bundle)
    ? (createRequire(import.meta.url)(bundle) as Pick<typeof import('../../config/index.js'), 'loadConfig'>)
    : await import('../../config/index.js');
  return loadConfig(configPath);
}

/**
 * Node flags for the detached supervisor, each kept out when the user gave
 * Node a value of its own (its flags or NODE_OPTIONS):
 * - A young generation of 1 MB semi-spaces instead of V8's up to 16 MB: the
 *   supervisor's allocations are small and short-lived, and the larger space
 *   only held garbage in memory. Measured with 200 programs: 2-4 MB less RSS at
 *   idle, 15 MB less under a crash loop and under a `yes` flood, the CPU per
 *   restart and per flood second unchanged within noise.
 * - V8's optimize-for-size mode (smaller code, a heap grown in smaller steps):
 *   1.5-2 MB less at idle with 200 programs; the CPU of a start of 200, of a
 *   crash loop, of `ctl status` and of a 200 MB flood stayed within noise
 *   (interleaved runs). `--lite-mode` saved 8 MB but runs without a JIT: a
 *   flood cost about 1.5x the CPU, so it is not used.
 */
function supervisorNodeFlags(): string[] {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  return ['--max-semi-space-size=1', '--optimize-for-size'].filter((flag) => !given.includes(flag.split('=')[0]!));
}

function lastLines(file: string, count: number): string {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-count)
      .map((line) => `  ${line}`)
      .join('\n');
  } catch {
    return '  (the log cannot be read)';
  }
}
