import { ApiError } from '../api/api-error.js';
import type { ConfigDiff } from '../api/supervisor-api.js';
import type { Daemon } from './daemon-state.js';

/**
 * HUP, or the config file changed with watch_config: `ctl update` through the
 * same API; an invalid config is reported and changes nothing.
 */
export async function applyConfigChanges(daemon: Daemon, trigger: string): Promise<void> {
  const { say } = daemon.log;
  let diff: ConfigDiff;
  try {
    diff = await daemon.api.update();
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
