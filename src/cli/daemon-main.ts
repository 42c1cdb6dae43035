import { existsSync } from 'node:fs';
import { findConfigPath } from '../config/runtime.js';
import { launchDaemon } from './commands/daemon.js';
import { exitWhenDone } from './exit-when-flushed.js';
import { restoreExtraCaCerts } from './extra-ca-certs.js';
import { parseArgs, UsageError } from './parse-args.js';

/**
 * The entry of `drover --daemon`'s launcher when drover.sh sees `--daemon`
 * without `--foreground`. It reaches only the launcher's modules (main.js's
 * imports bring help and the other verbs), and the build bundles it into one
 * file, dist/cli/daemon-bundle.cjs, which dist/cli/daemon.cjs
 * (daemon-loader.cjs) runs with V8's code cache: the launcher is on the path
 * of every start, and its ~36 module files through the ES module loader
 * delayed the parse the supervisor waits for.
 *
 * Whatever is not a plain `drover --daemon` with an existing config (help,
 * version, a verb, a usage error, a missing config) goes to main.js, which
 * parses the same argv again and answers as it always does.
 */
function launcherConfig(argv: string[]): string | null {
  try {
    const args = parseArgs(argv);
    if (args.verb !== null || args.flags.has('--help') || args.flags.has('--version') || !args.flags.has('--daemon') || args.flags.has('--foreground')) return null;
    const configPath = findConfigPath(args.config);
    return existsSync(configPath) ? configPath : null;
  } catch (error) {
    if (error instanceof UsageError) return null;
    throw error;
  }
}

/** Starts the detached supervisor and returns true, or returns false at once when main.js is to answer. */
export function startDaemonLauncher(argv: string[]): boolean {
  // As main.js does first: the supervisor and its programs get the variable drover.sh moved aside.
  restoreExtraCaCerts();
  const configPath = launcherConfig(argv);
  if (configPath === null) return false;
  exitWhenDone(launchDaemon(configPath, process.stdout, process.stderr));
  return true;
}
