import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatConfigError, loadConfig } from '../../config/index.js';
import { describeListener, probeSocket, SocketGuardError } from '../../server/socket-guard.js';
import { NOTIFY_ENV, type DaemonMessage } from '../../daemon/daemon-notify.js';

/** How long the launcher waits for the supervisor's socket before giving up. */
const READY_TIMEOUT_MS = 60_000;

/** The supervisor's own output (state changes, warnings, crashes) when detached. */
export const SUPERVISOR_LOG = 'drover.log';

/**
 * `drover --daemon`: checks the config and the socket, starts the supervisor
 * detached (its own session, output to `<logdir>/drover.log`), and returns 0
 * once the supervisor says its control socket listens and the socket answers;
 * else 1 with the reason.
 */
export async function launchDaemon(configPath: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  // Checked here as well as in the supervisor, so mistakes show at once and in this terminal.
  const loaded = await loadConfig(configPath);
  if (!loaded.ok) {
    for (const error of loaded.errors) err.write(`${formatConfigError(error)}\n`);
    err.write(`drover: not starting: ${loaded.errors.length} error(s) in ${configPath}\n`);
    return 1;
  }
  const { socket, logdir } = loaded.config.supervisor;
  try {
    if ((await probeSocket(socket)) === 'live') {
      err.write(`drover: not starting: ${await describeListener(socket)} is already running on ${socket}\n`);
      return 1;
    }
  } catch (error) {
    if (!(error instanceof SocketGuardError)) throw error;
    err.write(`drover: not starting: ${error.message}\n`);
    return 1;
  }

  const logFile = path.join(logdir, SUPERVISOR_LOG);
  let fd: number;
  try {
    mkdirSync(logdir, { recursive: true });
    fd = openSync(logFile, 'a', 0o600);
  } catch (error) {
    err.write(`drover: not starting: cannot open the supervisor log ${logFile}: ${(error as Error).message}\n`);
    return 1;
  }
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, main, '--daemon', '--foreground', '-c', configPath], {
    detached: true,
    stdio: ['ignore', fd, fd, 'ipc'],
    env: { ...process.env, [NOTIFY_ENV]: '1' },
  });
  closeSync(fd);

  const outcome = await new Promise<DaemonMessage | { type: 'exited'; code: number | null; signal: string | null } | { type: 'timeout' }>((resolve) => {
    const timer = setTimeout(() => resolve({ type: 'timeout' }), READY_TIMEOUT_MS);
    child.once('message', (message: DaemonMessage) => (clearTimeout(timer), resolve(message)));
    child.once('exit', (code, signal) => (clearTimeout(timer), resolve({ type: 'exited', code, signal })));
    child.once('error', (error) => (clearTimeout(timer), resolve({ type: 'failed', message: `cannot start the supervisor: ${error.message}` })));
  });
  const detach = () => {
    if (child.connected) child.disconnect();
    child.unref();
  };

  switch (outcome.type) {
    case 'ready': {
      const answers = (await probeSocket(outcome.socket).catch(() => 'absent')) === 'live';
      detach();
      if (!answers) {
        err.write(`drover: the supervisor (pid ${outcome.pid}) said it was ready but ${outcome.socket} does not answer; see ${logFile}\n`);
        return 1;
      }
      out.write(`drover: supervisor running, pid ${outcome.pid}, control socket ${outcome.socket}, log ${logFile}\n`);
      return 0;
    }
    case 'failed':
      detach();
      err.write(`${outcome.message}\n`);
      return 1;
    case 'exited':
      err.write(
        `drover: the supervisor exited (${outcome.signal ?? `code ${outcome.code}`}) before its control socket was up; last lines of ${logFile}:\n${lastLines(logFile, 15)}\n`,
      );
      return 1;
    case 'timeout':
      child.kill('SIGTERM');
      detach();
      err.write(`drover: the supervisor did not open its control socket within ${READY_TIMEOUT_MS / 1000} s; stopped it; see ${logFile}\n`);
      return 1;
  }
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
