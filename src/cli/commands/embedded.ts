import { constants } from 'node:os';
import { ApiError } from '../../api/api-error.js';
import { SocketApi } from '../../client/socket-client.js';
import { formatConfigError } from '../../config/index.js';
import { runView, type ViewExit } from '../../tui/run-view.js';
import { startDetachedSupervisor, type StartedSupervisor, type SupervisorExit } from './daemon.js';

/** How long the view waits, once the supervisor's socket is gone, for the supervisor to exit. */
const EXIT_WAIT_MS = 10_000;

/**
 * `drover -c FILE` in a terminal: the supervisor started as `--daemon` starts
 * it (its own session, its lines in `<logdir>/drover.log`), and this process
 * the view over its socket. The shell's job is this process alone, so when the
 * view leaves the programs running, the job ends and the shell forgets it: no
 * stopped job, nothing for `fg` to bring back. While the view is open, it
 * speaks for the supervisor: stopping everything (q s, Ctrl-C twice, TERM or
 * INT to this process) waits until the supervisor has exited, and returns its
 * exit code.
 */
export async function runEmbedded(configPath: string): Promise<number> {
  // The terminal may vanish under us (SSH drops): writes then fail with EIO, which must not crash the view.
  process.stdout.on('error', () => {});
  process.stdin.on('error', () => {});
  const passStopSignalsTo = forwardStopSignals();
  const supervisor = await startDetachedSupervisor(configPath, process.stderr);
  if (!supervisor) return 1;
  for (const warning of supervisor.warnings) process.stderr.write(`drover warn: ${formatConfigError(warning)}\n`);
  if (passStopSignalsTo(supervisor.pid)) {
    tell('drover: stopping every program…');
    return reportExit(await supervisor.waitForExit(), supervisor);
  }
  // The terminal went away: the view goes, the supervisor (in a session of its own) runs on.
  const hangup = new AbortController();
  process.once('SIGHUP', () => hangup.abort());

  const api = new SocketApi(supervisor.socket);
  let exit: ViewExit;
  try {
    exit = await runView({ api, mode: 'embedded', configFile: configPath, color: !process.env.NO_COLOR, signal: hangup.signal });
  } catch (error) {
    // runView has given the terminal back already.
    process.stderr.write(`drover: the view failed: ${error instanceof Error ? (error.stack ?? String(error)) : String(error)}\n`);
    exit = { reason: 'detach' };
  }
  if (hangup.signal.aborted) return 0;
  if (exit.reason === 'stop-all') return stopEverything(api, supervisor);
  if (exit.reason === 'supervisor-gone') return reportGone(supervisor, exit.error);
  tell(
    `drover: the view is closed; the supervisor (pid ${supervisor.pid}) keeps running headless and logs to ${supervisor.logFile}`,
    `  drover attach -c ${configPath}          brings the view back`,
    `  drover ctl shutdown -c ${configPath}    stops every program and the supervisor`,
  );
  return 0;
}

/** Stops every program and the supervisor, and returns once it has exited, with its exit code. */
async function stopEverything(api: SocketApi, supervisor: StartedSupervisor): Promise<number> {
  tell('drover: stopping every program…');
  try {
    await api.shutdown();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // The socket may close under the answer when the supervisor was already on its way out.
    const exit = await exitWithin(supervisor, EXIT_WAIT_MS);
    if (!exit) {
      process.stderr.write(`drover: the supervisor (pid ${supervisor.pid}) did not stop: ${error.message}; see ${supervisor.logFile}\n`);
      return 1;
    }
    return reportExit(exit, supervisor);
  }
  return reportExit(await supervisor.waitForExit(), supervisor);
}

/** The socket went away under the view: the supervisor was stopped from elsewhere (TERM, ctl shutdown), or failed. */
async function reportGone(supervisor: StartedSupervisor, error: Error): Promise<number> {
  const exit = await exitWithin(supervisor, EXIT_WAIT_MS);
  if (exit) return reportExit(exit, supervisor);
  process.stderr.write(`drover: lost the supervisor (pid ${supervisor.pid}) at ${supervisor.socket}: ${error.message}; drover attach tries again\n`);
  return 1;
}

function reportExit(exit: SupervisorExit, supervisor: StartedSupervisor): number {
  const code = exit.code ?? 128 + (exit.signal ? constants.signals[exit.signal] : 0);
  if (code === 0) tell('drover: all programs stopped');
  else process.stderr.write(`drover: the supervisor exited (${exit.signal ?? `code ${exit.code}`}); see ${supervisor.logFile}\n`);
  return code;
}

function exitWithin(supervisor: StartedSupervisor, ms: number): Promise<SupervisorExit | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([supervisor.waitForExit(), timeout]).finally(() => clearTimeout(timer));
}

/**
 * TERM and INT mean what they mean to the supervisor: stop everything (a
 * second: kill what is left). One that comes while the supervisor starts is
 * held and passed on once its pid is known, so that Ctrl-C at start-up never
 * leaves a supervisor running behind this process. The returned function
 * names the supervisor and says which signal was held, if any.
 */
function forwardStopSignals(): (pid: number) => NodeJS.Signals | null {
  let target: number | null = null;
  let held: NodeJS.Signals | null = null;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => (target === null ? (held ??= signal) : forward(target, signal)));
  return (pid) => {
    target = pid;
    if (held) forward(pid, held);
    return held;
  };
}

function forward(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone: the view notices its socket closing.
  }
}

function tell(...lines: string[]): void {
  if (process.stdout.writable) process.stdout.write(`${lines.join('\n')}\n`);
}
