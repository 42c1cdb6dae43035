import { spawn } from 'node:child_process';
import { mkdirSync, openSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/runtime.js';
import { readProcStat } from '../../engine/proc-fs.js';
import { runView, type ViewExit } from '../../tui/run-view.js';
import { runDaemon, type ViewSession } from '../../daemon/host.js';
import { droverVersion } from '../version.js';
import { SUPERVISOR_LOG } from './daemon.js';

/**
 * `drover -c FILE` in a terminal: the supervisor and the view in one process,
 * the control socket open beside them. The supervisor's own lines go to
 * `<logdir>/drover.log` (the terminal belongs to the view). When the view
 * goes (q → leave running, or SIGHUP when SSH drops) the supervisor keeps
 * running headless; `drover attach` brings a view back.
 */
export function runEmbedded(configPath: string): Promise<number> {
  let logFile = '';
  const tell = (line: string) => {
    if (process.stdout.writable) process.stdout.write(`${line}\n`);
  };
  // The terminal may vanish under us (SSH drops): writes then fail with EIO, which must not crash the supervisor.
  process.stdout.on('error', () => {});
  process.stdin.on('error', () => {});

  const session = (s: ViewSession) => {
    void (async () => {
      const abort = new AbortController();
      s.onEnd(() => abort.abort());
      let exit: ViewExit;
      try {
        exit = await runView({ api: s.api, mode: 'embedded', configFile: configPath, color: !process.env.NO_COLOR, signal: abort.signal });
      } catch (error) {
        // runView has given the terminal back already.
        tell(`drover: the view failed: ${error instanceof Error ? (error.stack ?? String(error)) : String(error)}`);
        exit = { reason: 'detach' };
      }
      s.viewEnded();
      if (abort.signal.aborted) return; // shutting down, or the terminal went away: the host carries on
      if (exit.reason === 'stop-all') {
        tell('drover: stopping every program…');
        await s.shutdown('stop requested from the view');
        tell('drover: all programs stopped');
        return;
      }
      tell(
        [
          `drover: the view is closed; the supervisor (pid ${process.pid}) keeps running headless and logs to ${logFile}`,
          `  drover attach -c ${configPath}          brings the view back`,
          `  drover ctl shutdown -c ${configPath}    stops every program and the supervisor`,
        ].join('\n'),
      );
      moveToBackground();
    })();
  };

  return runDaemon(configPath, {
    version: droverVersion(),
    out: process.stdout,
    err: process.stderr,
    notify: null,
    view: session,
    logTo: (config: Config) => {
      mkdirSync(config.supervisor.logdir, { recursive: true });
      logFile = path.join(config.supervisor.logdir, SUPERVISOR_LOG);
      return createWriteStream('', { fd: openSync(logFile, 'a', 0o600) });
    },
  });
}

/**
 * Gives the shell its prompt back, as Ctrl-Z then `bg` would: stop our whole
 * job (the process group: under `npm start` that is npm and its shell too,
 * which would otherwise keep the terminal waiting for us), so the shell takes
 * the terminal back and lists the job, and have a short-lived helper in a
 * session of its own continue the job in the background. Without a
 * job-control shell this is a 0.3 s pause. stdin is released first: a
 * background process that reads the terminal, or sets its modes, is stopped
 * again (SIGTTIN, SIGTTOU).
 */
function moveToBackground(): void {
  // Destroyed, not paused: that closes libuv's own descriptor of the terminal, the one
  // it would reset at exit (uv_tty_reset_mode, outside Node's SIGTTOU guard) and so
  // stop a background drover for good (SIGTTOU) just as it finishes shutting down.
  process.stdin.destroy();
  const group = readProcStat(process.pid)?.pgrp ?? process.pid;
  const target = group > 1 ? -group : process.pid;
  const helper = spawn(process.execPath, ['-e', `setTimeout(() => process.kill(${target}, 'SIGCONT'), 300)`], { detached: true, stdio: 'ignore' });
  helper.unref();
  process.kill(target, 'SIGSTOP');
}
