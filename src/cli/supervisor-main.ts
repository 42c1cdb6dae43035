import { loadConfigIsolated } from '../config/runtime.js';
import { configFromLauncher } from '../daemon/daemon-notify.js';
import { runForeground } from './commands/run.js';
import { exitWhenDone } from './exit-when-flushed.js';

/**
 * The entry of the supervisor that `drover --daemon` starts detached
 * (commands/supervisor-child.ts), as main.js's `--daemon --foreground` does it
 * for one started by hand. The build bundles it with everything it imports
 * into dist/cli/supervisor-bundle.cjs, which dist/cli/supervisor.cjs runs with
 * V8's code cache: the supervisor's boot, about 150 module files through the
 * ES module loader, ran beside the launcher's parse and was on the path of
 * every `drover --daemon`.
 */
export function startSupervisor(configPath: string): void {
  const config = configFromLauncher(configPath) ?? loadConfigIsolated(configPath);
  exitWhenDone(runForeground(configPath, process.stdout, process.stderr, config));
}
