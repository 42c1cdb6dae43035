import { type Config, formatConfigError, loadConfigIsolated as loadConfig, type LoadResult } from '../config/runtime.js';
import { ApiError } from '../api/api-error.js';
import { LocalApi } from '../server/local-api.js';
import { MetricsListener, metricsUrl } from '../server/metrics-listener.js';
import { SecretMasker } from '../server/mask-secrets.js';
import { ControlServer } from '../server/server.js';
import { prepareSocket, restrictSocket, SocketGuardError } from '../server/socket-guard.js';
import type { LogStream } from '../engine/events.js';
import type { ActionResult } from '../engine/supervisor.js';
import { EngineError } from '../engine/errors.js';
import { Supervisor } from '../engine/supervisor.js';
import { batchedLines } from './batched-lines.js';
import { ConfigWatch } from './config-watch.js';
import type { DaemonNotifier } from './daemon-notify.js';
import { formatConsoleLine, formatEvent, stampLine } from './format-event.js';
import { closeInheritedFds, inheritedFdsToKeep } from './inherited-fds.js';
import { droverVersion } from '../cli/version.js';

export interface HostIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Set when a `drover --daemon` launcher waits to hear that the socket is up. */
  notify: DaemonNotifier | null;
  /** The embedded view: takes the terminal once the socket listens (see commands/embedded.ts). */
  view?: (session: ViewSession) => void;
  /** Where the supervisor's own lines go once the config is loaded (the embedded view's log file), instead of out and err. */
  logTo?: (config: Config) => NodeJS.WritableStream;
  /** The config, when its (isolated) load was started early; else runSupervisor loads it. */
  config?: Promise<LoadResult>;
}

/** What the embedded view gets from the host. */
export interface ViewSession {
  api: LocalApi;
  config: Config;
  /** Stops every program and ends the supervisor (the same path as TERM and `ctl shutdown`). */
  shutdown(why: string): Promise<ActionResult[]>;
  /** Called when the host wants the view gone: shutting down, or SIGHUP (the terminal went away). */
  onEnd(listener: (why: 'shutdown' | 'hangup') => void): void;
  /** The view has gone (quit, or closed by the user): from now on HUP rereads the config again. */
  viewEnded(): void;
}

/**
 * A supervisor process: the engine, the control server on its socket, and
 * the signals. It prints one line per state change (to the terminal, or to
 * the supervisor's log file when daemonized) and resolves with the exit code.
 *
 * Order matters: take over the config (refusing a second supervisor), listen
 * on the socket (so `--daemon` can return and `ctl` works), then start the
 * programs.
 */
export async function runSupervisor(configPath: string, io: HostIo): Promise<number> {
  // Every line the supervisor writes about itself is a log line: stamped (the launcher's copy is not).
  const stamped = (text: string) => `${stampLine(Date.now(), text)}\n`;
  const fail = (message: string, details: string[] = []): number => {
    for (const line of details) io.err.write(stamped(line));
    io.err.write(stamped(`drover: ${message}`));
    io.notify?.failed([...details, `drover: ${message}`].join('\n'));
    return 1;
  };
  // Best effort: a full disk under the supervisor's own log must not take it down.
  for (const stream of [io.out, io.err]) stream.on('error', () => {});
  const loaded = await (io.config ?? loadConfig(configPath));
  if (!loaded.ok) {
    return fail(`not starting: ${loaded.errors.length} error(s) in ${configPath}`, loaded.errors.map(formatConfigError));
  }
  const config = loaded.config;
  // Before anything is started: no child may inherit what drover's own parent left open.
  closeInheritedFds(inheritedFdsToKeep(config));
  // The supervisor's own lines never show a secret value, whatever message carries it.
  let secrets = SecretMasker.forConfig(config);
  for (const warning of loaded.warnings) io.err.write(stamped(`drover warn: ${secrets.mask(formatConfigError(warning))}`));
  const socket = config.supervisor.socket;
  let out = io.out;
  if (io.logTo) {
    try {
      out = io.logTo(config);
    } catch (error) {
      return fail(`cannot open the supervisor log in ${config.supervisor.logdir}: ${(error as Error).message}`);
    }
    out.on('error', () => {});
  }
  const errOut = io.logTo ? out : io.err;
  const writeLine = batchedLines(out);
  /** An engine event's line, already stamped by formatEvent. */
  const sayEvent = (line: string) => writeLine(secrets.mask(line));
  const say = (text: string) => writeLine(secrets.mask(stampLine(Date.now(), text)));
  const complain = (message: string) => errOut.write(stamped(`drover: ${secrets.mask(message)}`));

  try {
    await prepareSocket(socket);
  } catch (error) {
    if (error instanceof SocketGuardError) return fail(error.message);
    throw error;
  }
  // Program output sent to the console shares the state lines' writer, so the two keep their order and every line goes out whole.
  const consoleLines = (name: string, stream: LogStream, lines: string[]) => {
    for (const line of lines) writeLine(formatConsoleLine(name, stream, line));
  };
  const supervisor = new Supervisor(config, { consoleLines });
  supervisor.subscribe((event) => {
    const line = formatEvent(event);
    if (line !== null) sayEvent(line);
  });
  try {
    await supervisor.claim();
  } catch (error) {
    if (error instanceof EngineError) return fail(error.message);
    throw error;
  }

  // Signal handlers and a listening server keep Node alive; this keeps it
  // alive between the server closing and the exit code being returned.
  const keepAlive = setInterval(() => {}, 1 << 30);
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  let stopping: Promise<ActionResult[]> | null = null;
  let server: ControlServer | null = null;

  const endListeners: Array<(why: 'shutdown' | 'hangup') => void> = [];
  let viewActive = false;
  const endView = (why: 'shutdown' | 'hangup'): boolean => {
    if (!viewActive) return false;
    viewActive = false;
    for (const listener of endListeners.splice(0)) listener(why);
    return true;
  };
  const shutdown = (why: string): Promise<ActionResult[]> => {
    if (stopping) return stopping;
    endView('shutdown');
    say(`drover: ${why}, stopping all programs`);
    stopping = configWatch.close().then(() => supervisor.shutdown());
    stopping.then(
      async () => {
        say('drover: all programs stopped, exiting');
        // Let the answer to `ctl shutdown` go out before the socket closes.
        await new Promise((r) => setImmediate(r));
        await Promise.all([server?.close(), metrics.close()]);
        finish(0);
      },
      (error: Error) => {
        complain(`shutdown failed: ${error.message}`);
        finish(1);
      },
    );
    return stopping;
  };

  const api = new LocalApi(supervisor, {
    configFile: configPath,
    socket,
    version: droverVersion(),
    loadConfig: () => loadConfig(configPath),
    shutdown: () => shutdown('shutdown requested over the control socket'),
    updated: (next) => {
      secrets = SecretMasker.forConfig(next);
      void configWatch.sync(next.supervisor.watchConfig);
      void syncMetrics(next).catch((error: Error) => say(`drover: metrics listener off: cannot listen on ${next.supervisor.metrics?.text}: ${error.message}`));
    },
  });
  const configWatch = new ConfigWatch(configPath, () => applyConfigChanges(api, say, 'the config file changed'), (message) => say(`drover: ${message}`));
  server = new ControlServer(api, complain);
  const metrics = new MetricsListener(api, complain);
  // supervisor.metrics is applied live: an update starts, moves or closes the listener.
  const syncMetrics = async (next: Config): Promise<void> => {
    const address = next.supervisor.metrics;
    if (await metrics.sync(address)) say(address ? `drover: serving metrics at ${metricsUrl(address)}` : 'drover: no longer serving metrics');
  };
  const oldMask = process.umask(0o077);
  try {
    await server.listen(socket);
    restrictSocket(socket);
  } catch (error) {
    await supervisor.shutdown();
    return fail(`cannot listen on ${socket}: ${(error as Error).message}`);
  } finally {
    process.umask(oldMask);
  }
  try {
    await syncMetrics(config);
  } catch (error) {
    await server.close();
    await supervisor.shutdown();
    return fail(`cannot listen for metrics on ${config.supervisor.metrics?.text}: ${(error as Error).message}`);
  }

  // While a view owns the terminal, HUP means the terminal went away (SSH dropped): the view goes, the supervisor stays.
  installSignals(supervisor, api, say, shutdown, () => finish(1), () => endView('hangup'));
  say(`drover: pid ${process.pid}, supervising ${configPath} (${config.programs.length} programs), control socket ${socket}`);
  io.notify?.ready(socket);
  if (io.view) {
    viewActive = true;
    io.view({
      api,
      config,
      shutdown: (why) => shutdown(why),
      onEnd: (listener) => endListeners.push(listener),
      viewEnded: () => {
        viewActive = false;
        endListeners.length = 0;
      },
    });
  }
  configWatch.sync(config.supervisor.watchConfig).catch((error: Error) => say(`drover: cannot watch ${configPath}: ${error.message}`));
  supervisor.startAll().catch((error: Error) => {
    errOut.write(stamped(`drover: cannot start: ${error.stack ?? error.message}`));
    void shutdown('start failed');
  });

  const code = await done;
  clearInterval(keepAlive);
  return code;
}

function installSignals(
  supervisor: Supervisor,
  api: LocalApi,
  say: (line: string) => void,
  shutdown: (why: string) => Promise<unknown>,
  abort: () => void,
  hangup: () => boolean,
): void {
  let stops = 0;
  const stop = (signal: string) => {
    if (++stops > 1) {
      // A second TERM/INT: the user wants out now.
      say(`drover: ${signal} again, killing what is left`);
      for (const proc of supervisor.list()) if (proc.pid !== null) tryKillGroup(proc.pid);
      abort();
      return;
    }
    void shutdown(`${signal} received`);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => {
    if (hangup()) say('drover: SIGHUP while the view was open: the terminal went away; running headless (drover attach brings the view back)');
    else void applyConfigChanges(api, say, 'SIGHUP');
  });
  process.on('SIGUSR1', () => {
    void supervisor.reopenLogs().then(() => say('drover: log files reopened'));
  });
}

function tryKillGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * HUP, or the config file changed with watch_config: `ctl update` through the
 * same API; an invalid config is reported and changes nothing.
 */
async function applyConfigChanges(api: LocalApi, say: (line: string) => void, trigger: string): Promise<void> {
  let diff;
  try {
    diff = await api.update();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'CONFIG_INVALID') {
      say(`drover: ${trigger}: config not applied, ${error.details.length} error(s):`);
      for (const line of error.details) say(`  ${line}`);
    } else say(`drover: ${trigger}: ${(error as Error).message}`);
    return;
  }
  say(`drover: ${trigger}: config applied: added [${diff.added.join(', ')}], changed [${diff.changed.join(', ')}], removed [${diff.removed.join(', ')}]`);
  if (diff.supervisorChanged.length > 0) {
    say(`drover: supervisor settings changed (${diff.supervisorChanged.join(', ')}): restart drover to apply them`);
  }
}
