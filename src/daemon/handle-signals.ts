import { killGroups } from '../engine/signals.js';
import { applyConfigChanges } from './apply-config-changes.js';
import type { Daemon } from './daemon-state.js';
import { shutDown } from './shut-down.js';
import { reExec } from './re-exec.js';

/**
 * TERM and INT stop everything in order; a second one kills what is left and
 * exits 1. HUP applies config changes (the supervisor has no terminal to
 * lose: a view is a client of its own). USR1 reopens the log files. USR2
 * hands over to a fresh drover, as nginx's binary upgrade does (re-exec.ts).
 */
export function handleSignals(daemon: Daemon): void {
  const { log, supervisor } = daemon;
  const stop = (signal: string) => {
    if (++daemon.stopSignals > 1) {
      log.say(`drover: ${signal} again, killing what is left`);
      killGroups(supervisor.list().flatMap((proc) => (proc.pid === null ? [] : [proc.pid])));
      daemon.exit(1);
      return;
    }
    void shutDown(daemon, `${signal} received`);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => void applyConfigChanges(daemon, 'SIGHUP'));
  process.on('SIGUSR2', () => {
    reExec(daemon, 'SIGUSR2 received').catch((error: Error) => log.complain(`SIGUSR2: ${error.message}`));
  });
  process.on('SIGUSR1', () => {
    void supervisor.reopenLogs().then(() => log.say('drover: log files reopened'));
  });
}
