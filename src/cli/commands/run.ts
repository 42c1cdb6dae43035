import { formatConfigError } from '../../config/format-config-error.js';
import { loadConfigIsolated as loadConfig } from '../../config/load-isolated.js';
import { EngineError } from '../../engine/errors.js';
import { Supervisor } from '../../engine/supervisor.js';
import { formatEvent } from '../format-event.js';

/**
 * `drover -c FILE` without a terminal: the supervisor in the foreground, one line
 * per state change on stdout. TERM/INT stop everything and exit 0; HUP applies
 * config changes; USR1 reopens the log files.
 */
export async function runForeground(configPath: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const loaded = await loadConfig(configPath);
  if (!loaded.ok) {
    for (const error of loaded.errors) err.write(`${formatConfigError(error)}\n`);
    err.write(`drover: not starting: ${loaded.errors.length} error(s) in ${configPath}\n`);
    return 1;
  }
  for (const warning of loaded.warnings) err.write(`warning: ${formatConfigError(warning)}\n`);
  const supervisor = new Supervisor(loaded.config);
  const say = (line: string) => out.write(`${line}\n`);
  supervisor.subscribe((event) => {
    const line = formatEvent(event);
    if (line !== null) say(line);
  });

  // Signal handlers do not keep Node's event loop alive: with every program
  // FATAL there is nothing else that would, and a supervisor must stay up.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const code = await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        // A second TERM/INT: the user wants out now.
        say(`drover: ${signal} again, killing what is left`);
        for (const proc of supervisor.list()) if (proc.pid !== null) tryKillGroup(proc.pid);
        resolve(1);
        return;
      }
      stopping = true;
      say(`drover: ${signal} received, stopping all programs`);
      supervisor.shutdown().then(
        () => {
          say('drover: all programs stopped, exiting');
          resolve(0);
        },
        (error: Error) => {
          err.write(`drover: shutdown failed: ${error.message}\n`);
          resolve(1);
        },
      );
    };
    const reload = () => void applyConfigChanges(supervisor, configPath, say);
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGHUP', reload);
    process.on('SIGUSR1', () => {
      void supervisor.reopenLogs().then(() => say('drover: log files reopened'));
    });

    say(`drover: pid ${process.pid}, supervising ${configPath} (${loaded.config.programs.length} programs)`);
    supervisor.start().catch((error: Error) => {
      err.write(`drover: ${error instanceof EngineError ? error.message : `cannot start: ${error.stack ?? error.message}`}\n`);
      resolve(1);
    });
  });
  clearInterval(keepAlive);
  return code;
}

function tryKillGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** HUP: reread and apply; an invalid config is reported and changes nothing. */
async function applyConfigChanges(supervisor: Supervisor, configPath: string, say: (line: string) => void): Promise<void> {
  const loaded = await loadConfig(configPath);
  if (!loaded.ok) {
    say(`drover: SIGHUP: config not applied, ${loaded.errors.length} error(s):`);
    for (const error of loaded.errors) say(`  ${formatConfigError(error)}`);
    return;
  }
  const diff = await supervisor.update(loaded.config);
  say(
    `drover: SIGHUP: config applied: added [${diff.added.join(', ')}], changed [${diff.changed.join(', ')}], removed [${diff.removed.join(', ')}]`,
  );
  if (diff.supervisorChanged.length > 0) {
    say(`drover: supervisor settings changed (${diff.supervisorChanged.join(', ')}): restart drover to apply them`);
  }
}
