import { formatConfigError } from '../config/runtime.js';
import { loadConfigIsolated } from '../config/runtime.js';
import type { Config, ConfigError } from '../config/runtime.js';
import type { HostIo } from './host-io.js';
import { closeInheritedFds, inheritedFdsToKeep } from './inherited-fds.js';
import { NotStarting } from './not-starting.js';

/**
 * The first step: the config (loaded in a child process, see load-isolated.ts,
 * unless the command started that load early), then the inherited fds closed
 * before anything is started, so no child gets what drover's own parent left open.
 */
export async function loadDaemonConfig(configPath: string, io: HostIo): Promise<{ config: Config; warnings: ConfigError[] }> {
  const loaded = await (io.config ?? loadConfigIsolated(configPath));
  if (!loaded.ok) throw new NotStarting(`not starting: ${loaded.errors.length} error(s) in ${configPath}`, loaded.errors.map(formatConfigError));
  closeInheritedFds(inheritedFdsToKeep(loaded.config));
  return { config: loaded.config, warnings: loaded.warnings };
}
