import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLoadResult, formatConfigError, type ConfigError, type LoadResult } from '../../config/runtime.js';
import { describeListener, probeSocket, SocketGuardError } from '../../server/socket-guard.js';
import { traceStart } from '../../os/start-trace.js';
import { guessLogDir } from './guess-log-dir.js';
import { waitForPredecessor } from '../relaunch.js';
import { discardLog, openSupervisorLog, READY_TIMEOUT_MS, SUPERVISOR_LOG, SupervisorChild, type OpenedLog, type SupervisorExit } from './supervisor-child.js';

export { SUPERVISOR_LOG, type SupervisorExit } from './supervisor-child.js';

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
 * Checks the config and the socket, starts the supervisor detached (output to
 * `<logdir>/drover.log`), and waits until it says its control socket listens
 * and the socket answers. Null when it did not start, the reason written to err.
 *
 * Two Node boots are on this path, this one and the supervisor's, and each
 * costs hundreds of milliseconds before its first useful step: when the log
 * folder can be read from the config's text (guess-log-dir.ts), the
 * supervisor is started first and boots while this process parses. Until it
 * has the config it does nothing, so a bad config, a socket in use or a guess
 * the parse contradicts ends it unseen, and what its log file needed is removed.
 */
export async function startDetachedSupervisor(configPath: string, err: NodeJS.WritableStream): Promise<StartedSupervisor | null> {
  traceStart('launcher', 'modules loaded');
  await waitForPredecessor();
  let early = startEarly(configPath);
  // Parsed and checked here, so mistakes show at once and in this terminal; the supervisor asks for the result (daemon-notify.ts).
  const loaded = await loadConfigInProcess(configPath);
  traceStart('launcher', 'config loaded');
  const refuse = async (message: string) => {
    if (early) await abandon(early);
    err.write(message);
    return null;
  };
  if (!loaded.ok) {
    return refuse(`${loaded.errors.map((error) => `${formatConfigError(error)}\n`).join('')}drover: not starting: ${loaded.errors.length} error(s) in ${configPath}\n`);
  }
  const { socket, logdir } = loaded.config.supervisor;
  try {
    if ((await probeSocket(socket)) === 'live') return refuse(`drover: not starting: ${await describeListener(socket)} is already running on ${socket}\n`);
  } catch (error) {
    if (!(error instanceof SocketGuardError)) throw error;
    return refuse(`drover: not starting: ${error.message}\n`);
  }

  if (early && early.log.file !== path.join(logdir, SUPERVISOR_LOG)) {
    traceStart('launcher', 'the log folder guessed from the text was wrong: starting the supervisor again');
    await abandon(early);
    early = null;
  }
  let child = early?.child;
  if (!child) {
    let log: OpenedLog;
    try {
      log = openSupervisorLog(logdir);
    } catch (error) {
      err.write(`drover: not starting: cannot open the supervisor log ${path.join(logdir, SUPERVISOR_LOG)}: ${(error as Error).message}\n`);
      return null;
    }
    child = new SupervisorChild(configPath, log, supervisorNodeFlags());
    traceStart('launcher', 'supervisor spawned');
  }
  child.handOff(encodeLoadResult(loaded));
  const outcome = await child.outcome();

  traceStart('launcher', `supervisor says ${outcome.type}`);
  const { logFile } = child;
  switch (outcome.type) {
    case 'ready': {
      const answers = (await probeSocket(outcome.socket).catch(() => 'absent')) === 'live';
      child.detach();
      if (!answers) {
        err.write(`drover: the supervisor (pid ${outcome.pid}) said it was ready but ${outcome.socket} does not answer; see ${logFile}\n`);
        return null;
      }
      const started = child;
      return { pid: outcome.pid, socket: outcome.socket, logFile, warnings: loaded.warnings, waitForExit: () => started.waitForExit() };
    }
    case 'failed':
      child.detach();
      err.write(`${outcome.message}\n`);
      return null;
    case 'exited':
      err.write(
        `drover: the supervisor exited (${outcome.signal ?? `code ${outcome.code}`}) before its control socket was up; last lines of ${logFile}:\n${lastLines(logFile, 15)}\n`,
      );
      return null;
    case 'timeout':
      child.kill('SIGTERM');
      child.detach();
      err.write(`drover: the supervisor did not open its control socket within ${READY_TIMEOUT_MS / 1000} s; stopped it; see ${logFile}\n`);
      return null;
  }
}

/** The supervisor started before the parse, with its log at the guessed place; null when the text gives no safe guess or the log cannot be opened (the later start reports why). */
function startEarly(configPath: string): { child: SupervisorChild; log: OpenedLog } | null {
  const logdir = guessLogDir(configPath);
  if (logdir === null) return null;
  let log: OpenedLog;
  try {
    log = openSupervisorLog(logdir);
  } catch {
    return null;
  }
  const child = new SupervisorChild(configPath, log, supervisorNodeFlags());
  traceStart('launcher', `supervisor spawned, before the parse, pid ${child.pid}`);
  return { child, log };
}

async function abandon(early: { child: SupervisorChild; log: OpenedLog }): Promise<void> {
  await early.child.abandon();
  discardLog(early.log);
}

/**
 * The launcher's parse, with the bundled config loader when the build made it
 * (build-loader-bundle.mjs): the ES module graph of yaml, zod and the config
 * folder, about 210 files, cost this process about 300 ms more CPU to load
 * for a 200-program config. The bundle runs with V8's code cache
 * (cli/code-cache.cjs, as ctl's does), written at exit when it had none: most
 * of the rest of its load was compiling. Run from src/ (the tests), the modules themselves.
 */
async function loadConfigInProcess(configPath: string): Promise<LoadResult> {
  const bundle = fileURLToPath(new URL('../../config/load-config.cjs', import.meta.url));
  if (!existsSync(bundle)) return (await import('../../config/index.js')).loadConfig(configPath);
  const { runWithCodeCache } = createRequire(import.meta.url)('../code-cache.cjs') as { runWithCodeCache: RunWithCodeCache };
  const run = runWithCodeCache(bundle, 'drover-loader-cache');
  const loaded = await run.exports.loadConfig(configPath);
  if (run.cacheStale) process.once('exit', run.saveCache);
  return loaded;
}

/** cli/code-cache.cjs's one export, typed for the config loader's bundle. */
type RunWithCodeCache = (bundle: string, kind: string) => { exports: Pick<typeof import('../../config/index.js'), 'loadConfig'>; cacheStale: boolean; saveCache: () => void };

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
